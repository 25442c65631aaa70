import type { Marketplace } from '../domain/marketplace.js';
import type { Order } from '../domain/order.js';
import type { OrderError } from '../domain/order-error.js';
import type { OrderEventOrigin, OrderEventType } from '../domain/order-event.js';
import type { OrderStatus } from '../domain/order-status.js';
import type { OrderOperationStatus, PendingOperation } from '../domain/pending-operation.js';
import type { OrderFilter, OrderPage, SourcePosition } from '../domain/ports/order-source.js';
import type {
  NewWebhookEvent,
  WebhookEvent,
  WebhookEventStatus as WebhookEventStatusEnum,
  WebhookSource as WebhookSourceEnum,
} from '../domain/webhook-event.js';

/** The stored webhook, as the domain describes it: the webhook handlers read it too. */
export type { NewWebhookEvent, WebhookEvent };

/** A pending operation with the order it belongs to. */
export interface StoredOperation extends PendingOperation {
  orderId: string;
}

/** Who sent a webhook. */
export type WebhookSource = `${WebhookSourceEnum}`;

/**
 * Where a received webhook stands: stored and acknowledged (RECEIVED), applied (PROCESSED), or stored but not
 * applied because processing failed (FAILED, with the error; it is tried again).
 */
export type WebhookEventStatus = `${WebhookEventStatusEnum}`;

/** Which webhook events to list. */
export interface WebhookEventFilter {
  source?: WebhookSource;
  status?: WebhookEventStatus;
}

/** One change of one order, as the gateway learnt it (a webhook, a mutation it made, a download). */
export interface NewOrderEvent {
  /**
   * Unique per change: recording the same change again (a webhook applied a second time after a crash between
   * applying and settling it) stores nothing and publishes nothing. E.g. `webhook:<event id>:<order id>:<n>`.
   */
  key: string;
  orderId: string;
  marketplace: Marketplace;
  type: OrderEventType;
  /** The order's status after the change, where the sender says it. */
  status: OrderStatus | null;
  origin: OrderEventOrigin;
  /** The stored webhook event this change came from (origin WEBHOOK). */
  webhookEventId: string | null;
  /** What the marketplace said, in its words (e.g. Fruugo's `errorMessage`), or what the gateway did. */
  message: string | null;
  occurredAt: Date;
}

/** A stored order event: the history of every order, and what `orderEvents(since:)` replays. */
export interface OrderEvent extends NewOrderEvent {
  /**
   * Dense over the whole store: the first event stored has 1 and every later one the next number, none skipped, and an
   * event becomes readable only after every smaller cursor has. So a subscriber that sees cursor n + 2 after n knows
   * that n + 1 exists, and can read it (docs/store.md, "Order event cursors").
   */
  cursor: number;
}

/** Which order events to replay. */
export interface OrderEventFilter {
  marketplaces?: readonly Marketplace[];
  orderId?: string;
}

/** How the caller proved who it is. */
export type PrincipalKind = 'API_KEY' | 'JWT' | 'ANONYMOUS';

/** One recorded mutation (or replay): who did what, when, and how it ended. */
export interface NewAuditEntry {
  /** The principal's kind, its subject (API key: the key's name; JWT: `sub`) and a display name (may be null). */
  principal: { kind: PrincipalKind; subject: string; name: string | null };
  /** The operation's name as the client sent it; null for anonymous operations. */
  operationName: string | null;
  /** The root mutation field, e.g. `cancelOrder`. */
  field: string;
  /** The field's arguments, secrets already left out by the caller of the store: a JSON object. */
  arguments: Record<string, unknown>;
  /** The request id (x-request-id) of the HTTP request or websocket operation. */
  requestId: string;
  /** `SUCCESS`, or the error code the caller got (e.g. `FORBIDDEN`, `BAD_USER_INPUT`, a marketplace's code). */
  outcome: string;
  /** `http` or `websocket`. */
  transport: 'http' | 'websocket';
  /** When it happened, as the caller says: the listing's order and `since` go by it, not by when it was stored. */
  at: Date;
}

/** A stored audit entry. */
export interface AuditEntry extends NewAuditEntry {
  /** Given by the store when appended; what the next page's `after` names. */
  id: string;
}

/** Which audit entries to list. */
export interface AuditFilter {
  /** Only this principal subject (exact match). */
  subject?: string;
  /** Only entries at or after this moment. */
  since?: Date;
}

/**
 * The gateway's own state about orders (design: "callback state"): what marketplaces tell it only by callback
 * (Fruugo's answers, Increff's fulfilment progress), the calls waiting for such an answer, and the errors
 * marketplaces reported; and the audit log of what callers changed through it. One port, with an embedded adapter
 * (the default) and a MongoDB adapter (production).
 */
export interface CallbackStore {
  /** Inserts or replaces the order with this `id`. */
  saveOrder(order: Order): Promise<void>;
  findOrder(id: string): Promise<Order | undefined>;
  /** The stored orders of one marketplace, newest first (createdAt, then id), paged like any order source. */
  listOrders(
    marketplace: Marketplace,
    filter: OrderFilter,
    position: SourcePosition | undefined,
    want: number,
  ): Promise<OrderPage>;

  /** Records a call the marketplace accepted and will answer by callback; the correlation id is unique. */
  recordOperation(operation: StoredOperation): Promise<void>;
  /** Settles the operation with this correlation id; undefined when none is known. */
  completeOperation(
    correlationId: string,
    status: OrderOperationStatus,
    completedAt: Date,
  ): Promise<StoredOperation | undefined>;
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
  findWebhookEvent(id: string): Promise<WebhookEvent | undefined>;
  /**
   * Webhook events for operators, newest first (receivedAt, then id), in pages: `after` is the id of the last
   * event of the previous page; at most `first` events.
   */
  listWebhookEvents(filter: WebhookEventFilter, after: string | undefined, first: number): Promise<WebhookEvent[]>;
  /** Puts a processed or failed event back to RECEIVED so it is applied again (operator replay). */
  reopenWebhookEvent(id: string): Promise<WebhookEvent | undefined>;

  /**
   * Appends an order event and gives it the next cursor. A second event with the same `key` stores nothing, takes no
   * cursor, and answers the first one, with `duplicate: true`.
   */
  appendOrderEvent(event: NewOrderEvent): Promise<{ event: OrderEvent; duplicate: boolean }>;
  /** Stored order events with a cursor greater than `cursor` that match the filter, oldest first, at most `limit`. */
  orderEventsAfter(cursor: number, filter: OrderEventFilter, limit: number): Promise<OrderEvent[]>;
  /** The largest cursor stored, 0 when there is no event yet: where a subscription without `since` starts. */
  latestOrderEventCursor(): Promise<number>;

  /** Appends one audit entry; entries are never changed or removed by the gateway. */
  appendAuditEntry(entry: NewAuditEntry): Promise<AuditEntry>;
  /**
   * Audit entries, newest first (at, then id), in pages: `after` is the id of the last entry of the previous page;
   * at most `first`.
   */
  listAuditEntries(filter: AuditFilter, after: string | undefined, first: number): Promise<AuditEntry[]>;

  close(): Promise<void>;
}
