import type { OrderFilter, OrderPage, SourcePosition } from '../../datasources/orders/source.js';
import type { Marketplace } from '../../schema/marketplace.js';
import type { Order, OrderError, OrderOperationStatus, PendingOperation } from '../../schema/order.js';

/** A pending operation with the order it belongs to. */
export interface StoredOperation extends PendingOperation {
  orderId: string;
}

/** Who sent a webhook. */
export type WebhookSource = 'noon' | 'fruugo' | 'increff' | 'marketplacer';

/**
 * Where a received webhook stands: stored and acknowledged (RECEIVED), applied (PROCESSED), or stored but not
 * applied because processing failed (FAILED, with the error; it is tried again).
 */
export type WebhookEventStatus = 'RECEIVED' | 'PROCESSED' | 'FAILED';

export interface NewWebhookEvent {
  source: WebhookSource;
  /** What makes a redelivery recognisable (Fruugo: callback type + correlation id; noon: message_id; ...). */
  dedupeKey: string;
  /** The event's kind in the sender's words, e.g. `ConfirmResponseList`. */
  type: string;
  /** The raw body, exactly as received. */
  body: string;
  receivedAt: Date;
}

export interface WebhookEvent extends NewWebhookEvent {
  id: string;
  status: WebhookEventStatus;
  /** Processing attempts so far. */
  attempts: number;
  lastError: string | null;
  processedAt: Date | null;
}

/**
 * The gateway's own state about orders (design: "callback state"): what marketplaces tell it only by callback
 * (Fruugo's answers, Increff's fulfilment progress), the calls waiting for such an answer, and the errors
 * marketplaces reported. One port, with an embedded adapter (the default) and a MongoDB adapter (production).
 */
export interface CallbackStore {
  /** Inserts or replaces the order with this `id`. */
  saveOrder(order: Order): Promise<void>;
  findOrder(id: string): Promise<Order | undefined>;
  /** The stored orders of one marketplace, newest first (createdAt, then id), paged like any order source. */
  listOrders(marketplace: Marketplace, filter: OrderFilter, position: SourcePosition | undefined, want: number): Promise<OrderPage>;

  /** Records a call the marketplace accepted and will answer by callback; the correlation id is unique. */
  recordOperation(operation: StoredOperation): Promise<void>;
  /** Settles the operation with this correlation id; undefined when none is known. */
  completeOperation(correlationId: string, status: OrderOperationStatus, completedAt: Date): Promise<StoredOperation | undefined>;
  /** The operations of each order, oldest first; orders without any are absent from the map. */
  operations(orderIds: readonly string[]): Promise<Map<string, PendingOperation[]>>;

  /** Appends errors a marketplace reported about the order. */
  addOrderErrors(orderId: string, errors: readonly OrderError[]): Promise<void>;
  /** The errors of each order, oldest first; orders without any are absent from the map. */
  orderErrors(orderIds: readonly string[]): Promise<Map<string, OrderError[]>>;

  /**
   * Stores a received webhook before it is acknowledged. A redelivery (same source and dedupe key) stores nothing
   * and answers the event stored the first time, with `duplicate: true`.
   */
  recordWebhookEvent(event: NewWebhookEvent): Promise<{ event: WebhookEvent; duplicate: boolean }>;
  /** Records one processing attempt's outcome. */
  settleWebhookEvent(id: string, outcome: { status: 'PROCESSED' | 'FAILED'; error?: string; at: Date }): Promise<void>;
  /** Events not processed yet (RECEIVED or FAILED), oldest first: what a restarted gateway still owes. */
  unprocessedWebhookEvents(limit: number): Promise<WebhookEvent[]>;

  close(): Promise<void>;
}
