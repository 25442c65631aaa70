import type { Marketplace } from './marketplace.js';
import type { Money } from './money.js';
import type { OrderStatus } from './order-status.js';

/** One line of an order. */
export interface OrderLine {
  /** The line's own marketplace: its stock is asked there (and in the warehouse system). */
  marketplace: Marketplace;
  /**
   * The marketplace's own line id (noon mp_item_nr, Marketplacer line item, Increff orderItemCode, Fruugo
   * productId/skuId).
   */
  id: string;
  /** The seller's SKU (noon partner_sku, Fruugo skuId, Increff channelSkuCode, Marketplacer variant SKU). */
  sku: string;
  title: string | null;
  quantity: number;
  /** Price of one unit, tax included, as the marketplace charged it; null where it does not say. */
  unitPrice: Money | null;
  status: OrderStatus;
  /** The marketplace's own status of this line, where it has one. */
  marketplaceStatus: string | null;
}

/** A parcel of an order on its way to the customer. */
export interface OrderShipment {
  /** The marketplace's shipment id (noon integration_shipment_nr, Marketplacer shipment id, ...). */
  id: string;
  carrier: string | null;
  /** The airway bill or tracking number. */
  trackingNumber: string | null;
  trackingUrl: string | null;
  /** Ids of the order lines in this shipment. */
  lineIds: string[];
  createdAt: Date | null;
}

/** An order from any marketplace, in one shape: what every OrderSource returns and the store keeps. */
export interface Order {
  /** Globally unique and readable: `MARKETPLACE:externalId` (see `orderId`). */
  id: string;
  marketplace: Marketplace;
  /** The marketplace's own order number. */
  externalId: string;
  /** The order as a whole: the least advanced of its live lines (datasources/orders/status.ts). */
  status: OrderStatus;
  /**
   * The marketplace's own order-level status, as sent (Fruugo's orderStatus, Increff's order status); null where the
   * marketplace has none: noon's and Marketplacer's statuses are their lines' (`OrderLine.marketplaceStatus`).
   */
  marketplaceStatus: string | null;
  createdAt: Date;
  updatedAt: Date;
  currency: string;
  /** What the customer pays for the lines, when the marketplace says. */
  total: Money | null;
  lines: OrderLine[];
  shipments: OrderShipment[];
}

/** `MARKETPLACE:externalId`; the external id may itself hold colons. */
export function orderId(marketplace: Marketplace, externalId: string): string {
  return `${marketplace}:${externalId}`;
}

/**
 * What follows an order's id in the ids of its parts: `/lines/` and `/shipments/`. No order number holds a `/` (each
 * marketplace's `ids.ts`), so the first `/` of such an id ends the order's id, whatever the part's own id holds.
 */
export const ORDER_PARTS = { lines: 'lines', shipments: 'shipments' } as const;

export type OrderPart = keyof typeof ORDER_PARTS;

/**
 * The globally unique id of a line (`NOON:NFBO1/lines/NI1`): a marketplace's line id is only unique within its order,
 * and the warehouse's copy of an order (INCREFF:…) keeps its source lines' ids.
 */
export function orderLineId(orderId: string, lineId: string): string {
  return `${orderId}/${ORDER_PARTS.lines}/${lineId}`;
}

/** The globally unique id of a shipment of an order (`MARKETPLACER:10120/shipments/501`), as `orderLineId`. */
export function orderShipmentId(orderId: string, shipmentId: string): string {
  return `${orderId}/${ORDER_PARTS.shipments}/${shipmentId}`;
}
