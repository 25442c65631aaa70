import type { OrderFilter, OrderPage, SourcePosition } from '../../datasources/orders/source.js';
import type { Marketplace } from '../../schema/marketplace.js';
import type { Order, OrderError, OrderOperationStatus, PendingOperation } from '../../schema/order.js';

/** A pending operation with the order it belongs to. */
export interface StoredOperation extends PendingOperation {
  orderId: string;
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

  close(): Promise<void>;
}
