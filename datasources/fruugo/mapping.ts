import { isDeepStrictEqual } from 'node:util';
import { Marketplace } from '../../src/domain/marketplace.js';
import { orderId, type Order, type OrderLine, type OrderShipment } from '../../src/domain/order.js';
import { OrderStatus } from '../../src/domain/order-status.js';
import { fromDecimal, multiplyMoney, sumMoney } from '../money.js';
import { wholeOrderStatus } from '../orders/status.js';
import type { FruugoOrder, ItemStatus, ItemStatusEntry, OrderLine as WireLine, Shipment } from './wire.js';

/** Fruugo's unit statuses in the unified model (the README's status table has the same rows). */
export const ITEM_STATUS_TO_ORDER_STATUS: Readonly<Record<ItemStatus, OrderStatus>> = {
  PENDING: OrderStatus.PENDING,
  CONFIRMED: OrderStatus.ACKNOWLEDGED,
  SHIPPED: OrderStatus.SHIPPED,
  CANCELLED: OrderStatus.CANCELLED,
  NOT_REPLACED: OrderStatus.CANCELLED,
  RETURNED: OrderStatus.RETURNED,
};

/**
 * A unit status in the unified model. Fruugo's list is not public: a value we do not know reads PENDING (the
 * least advanced, so nothing is taken as done that is not) and stays readable as the line's marketplaceStatus.
 */
export function toOrderStatus(status: string): OrderStatus {
  return Object.hasOwn(ITEM_STATUS_TO_ORDER_STATUS, status)
    ? ITEM_STATUS_TO_ORDER_STATUS[status as ItemStatus]
    : OrderStatus.PENDING;
}

/**
 * A line's id: `productId/skuId`, each part URI-encoded so a `/` inside either cannot make the id ambiguous
 * (`PROD-0001/PSKU-000001` for ordinary ids).
 */
export function lineId(productId: string, skuId: string): string {
  return `${encodeURIComponent(productId)}/${encodeURIComponent(skuId)}`;
}

/** The productId and skuId of a line id; undefined when `id` is not one. */
export function parseLineId(id: string): { productId: string; skuId: string } | undefined {
  const parts = id.split('/');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return undefined;
  try {
    return { productId: decodeURIComponent(parts[0]!), skuId: decodeURIComponent(parts[1]!) };
  } catch {
    return undefined;
  }
}

/**
 * A line's status from its units: the least advanced of the live ones (the whole-order rule, applied to the
 * units of one line). The raw value is the one status, or every status with its count when they differ
 * (`2 SHIPPED, 1 CANCELLED`).
 */
function lineStatus(entries: readonly ItemStatusEntry[]): Pick<OrderLine, 'status' | 'marketplaceStatus'> {
  const present = entries.filter((entry) => entry.quantity > 0);
  const first = present[0];
  if (first === undefined) return { status: OrderStatus.PENDING, marketplaceStatus: null };
  return {
    status: wholeOrderStatus(present.map((entry) => toOrderStatus(entry.status))),
    marketplaceStatus:
      present.length === 1 ? first.status : present.map((entry) => `${entry.quantity} ${entry.status}`).join(', '),
  };
}

/**
 * How many units of a line are in each of Fruugo's unit statuses, read back from what `lineStatus` wrote: the one
 * status of every unit, or each status with its count. A line Fruugo listed no units for has them all pending.
 */
export function unitStatuses(line: Pick<OrderLine, 'quantity' | 'marketplaceStatus'>): Map<string, number> {
  const counted = (line.marketplaceStatus ?? '').split(', ').map((part) => /^(\d+) (\S+)$/.exec(part));
  if (counted.every((match) => match !== null)) {
    return new Map(counted.map(([, quantity, status]) => [status!, Number(quantity)]));
  }
  return new Map([[line.marketplaceStatus ?? 'PENDING', line.quantity]]);
}

function unitsOf(entries: readonly ItemStatusEntry[], id: string): ItemStatusEntry[] {
  return entries.filter((entry) => lineId(entry.productId, entry.skuId) === id);
}

function toLine(line: WireLine, currency: string, entries: readonly ItemStatusEntry[]): OrderLine {
  const id = lineId(line.productId, line.skuId);
  return {
    marketplace: Marketplace.FRUUGO,
    id,
    sku: line.skuId,
    title: line.skuName,
    quantity: line.quantity,
    unitPrice: fromDecimal(line.itemPriceInclVat, currency),
    ...lineStatus(unitsOf(entries, id)),
  };
}

function toShipment(shipment: Shipment): OrderShipment {
  return {
    id: shipment.shipmentId,
    // Fruugo's ship call takes a tracking code and URL, no carrier.
    carrier: null,
    trackingNumber: shipment.trackingCode,
    trackingUrl: shipment.trackingUrl,
    lineIds: shipment.lines.map((line) => lineId(line.productId, line.skuId)),
    createdAt: new Date(shipment.shippingDate),
  };
}

/** An order of the download callback in the unified model. */
export function toOrder(order: FruugoOrder): Order {
  const currency = order.currencyCode.toUpperCase();
  const lines = order.orderLines.map((line) => toLine(line, currency, order.itemStatuses));
  return {
    id: orderId(Marketplace.FRUUGO, order.orderId),
    marketplace: Marketplace.FRUUGO,
    externalId: order.orderId,
    status: wholeOrderStatus(lines.map((line) => line.status)),
    marketplaceStatus: order.orderStatus,
    createdAt: new Date(order.orderDate),
    updatedAt: new Date(order.lastModified),
    currency,
    // What the customer pays for the lines (shipping is not part of it).
    total: sumMoney(lines.map((line) => multiplyMoney(line.unitPrice!, line.quantity))) ?? null,
    lines,
    shipments: order.shipments.map(toShipment),
  };
}

/**
 * The order as a confirm, ship or cancel callback leaves it: each line named in `itemStatuses` takes the status
 * of its units there (a failed call reports them too, e.g. the seed's NOT_REPLACED), the others keep theirs.
 * Shipments and tracking arrive with the next download.
 */
export function withItemStatuses(order: Order, itemStatuses: readonly ItemStatusEntry[], at: Date): Order {
  const lines = order.lines.map((line) => {
    const units = unitsOf(itemStatuses, line.id);
    return units.length === 0 ? line : { ...line, ...lineStatus(units) };
  });
  // Fruugo's documented meaning of PROCESSED: at least part of the order has been processed.
  const marketplaceStatus = itemStatuses.some((entry) => entry.status !== 'PENDING')
    ? 'PROCESSED'
    : order.marketplaceStatus;
  // A callback that says what the order already shows (the same callback applied again) changes nothing, not even
  // the moment of the last change.
  if (marketplaceStatus === order.marketplaceStatus && isDeepStrictEqual(lines, order.lines)) return order;
  return {
    ...order,
    lines,
    status: wholeOrderStatus(lines.map((line) => line.status)),
    marketplaceStatus,
    updatedAt: at,
  };
}
