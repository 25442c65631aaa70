import type { InventoryLevel } from '../../schema/inventory.js';
import type { ItemUpdateResult } from '../../schema/item-update.js';
import type { Marketplace } from '../../schema/marketplace.js';
import type { Order, OrderStatus } from '../../schema/order.js';

/**
 * What every marketplace's order datasource offers the gateway. One instance serves one GraphQL operation (it
 * holds that operation's logger and loaders); the resolvers never see which marketplace is behind it.
 */

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

/** Why an order is cancelled: Fruugo's documented reasons, which the other marketplaces map from. */
export type CancellationReason =
  | 'OUT_OF_STOCK'
  | 'PRODUCT_DISCONTINUED'
  | 'INVALID_DELIVERY_ADDRESS'
  | 'CUSTOMER_CANCELLATION'
  | 'LEGISLATION_RESTRICTION'
  | 'OTHER';

export interface CancelRequest {
  reason: CancellationReason;
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

export interface OrderSource {
  readonly marketplace: Marketplace;
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

/** A marketplace or warehouse that counts stock. */
export interface InventorySource {
  readonly marketplace: Marketplace;
  /** The most SKUs one upstream call takes (Increff: 200); the gateway's loader never asks for more at once. */
  readonly maxBatchSize: number;
  /** Levels of these SKUs, in any order, several per SKU when stock sits in several places; unknown SKUs are absent. */
  levels(skus: readonly string[]): Promise<InventoryLevel[]>;
}

/** A SKU's absolute stock in the marketplace's warehouse. */
export interface StockUpdate {
  sku: string;
  /** Absolute units available, 0 or more. */
  quantity: number;
  /** Whole days from order to hand-over; unchanged when omitted. */
  processingTimeDays?: number;
}

/** A SKU's price in one country, as a decimal in that country's currency. */
export interface PriceUpdate {
  sku: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Decimal in the country's currency, e.g. "129.50". */
  price: string;
  /** The "was" price, not below `price`. */
  msrp?: string;
  /** false takes the offer off sale in that country. */
  active?: boolean;
}

/** Bulk stock and price updates (noon), reporting each SKU the marketplace refused instead of failing them all. */
export interface CatalogUpdates {
  /** Where the stock set here is counted (noon: the FBPI warehouse code), as InventoryLevel.location names it. */
  readonly location: string;
  updateStock(items: readonly StockUpdate[]): Promise<ItemUpdateResult[]>;
  updatePrice(items: readonly PriceUpdate[]): Promise<ItemUpdateResult[]>;
}
