import type { CancellationReason } from '../cancellation-reason.js';
import type { Marketplace } from '../marketplace.js';
import type { OrderStatus } from '../order-status.js';
import type { Order } from '../order.js';

/** A filter every source applies itself, upstream where the marketplace can and on its answers where it cannot. */
export interface OrderFilter {
  /** Orders whose (whole-order) status is one of these; every status when undefined. */
  statuses?: readonly OrderStatus[];
  /** Orders changed at or after this moment (see each source for what its marketplace can filter on). */
  updatedSince?: Date;
}

/**
 * Where a source's listing stands between two pages of the merged `orders` connection. It travels inside the
 * client's cursor, so it must be plain JSON and small: typically the upstream's own page token plus how many
 * orders of that page were already served.
 */
export type SourcePosition = string | number | boolean | null | SourcePosition[] | { [key: string]: SourcePosition };

/** Orders of one source, from a position on. */
export interface OrderPage {
  /**
   * Newest first: by `createdAt` descending. Only this order lets the gateway merge the sources into one list
   * without fetching everything.
   */
  orders: Order[];
  /**
   * The position right after the first `count` of `orders` (0 ≤ count ≤ orders.length), or null when nothing
   * follows them: the source is exhausted.
   */
  positionAfter(count: number): SourcePosition | null;
}

/** The lines to act on, and how many units of each; the whole order when omitted. */
export interface LineQuantity {
  lineId: string;
  quantity: number;
}

export interface CancelRequest {
  reason: `${CancellationReason}`;
  /** Lines and quantities to cancel; the whole order when undefined. */
  lines?: readonly LineQuantity[];
  messageToCustomer?: string;
}

export interface ShipRequest {
  /** Lines and quantities shipped; every line not yet shipped when undefined. */
  lines?: readonly LineQuantity[];
  /** The carrier's name (noon: `noon` for noon logistics, or the partner's own courier). */
  carrier?: string;
  trackingNumber?: string;
  trackingUrl?: string;
  /** The seller's own number for the shipment (noon's integration_shipment_nr); generated when omitted. */
  shipmentNumber?: string;
}

/**
 * What every marketplace's orders offer the gateway. One instance serves one operation (it holds that operation's
 * logger and loaders); the callers never see which marketplace is behind it.
 */
export interface OrderSource {
  readonly marketplace: Marketplace;
  /**
   * Whether the gateway's store is where this marketplace's orders live (they arrive by callback: Fruugo, Increff),
   * so a mutation's outcome is saved with its event. Absent: the marketplace keeps its orders, the gateway reads them.
   */
  readonly keepsOrders?: true;
  /** Up to `want` orders matching `filter`, newest first, from `position` (the newest when undefined). */
  list(filter: OrderFilter, position: SourcePosition | undefined, want: number): Promise<OrderPage>;
  /** One order by the marketplace's own number; an UpstreamError with code `ORDER_NOT_FOUND` (404) when unknown. */
  get(externalId: string): Promise<Order>;
  /**
   * The marketplace's acceptance step (noon acknowledge, Fruugo confirm). Resolves with the order as it now
   * stands, including a pending state where the marketplace answers later. Absent where there is no such step.
   */
  confirm?(externalId: string): Promise<Order>;
  cancel?(externalId: string, request: CancelRequest): Promise<Order>;
  ship?(externalId: string, request: ShipRequest): Promise<Order>;
}
