import type { InventoryLevel } from '../../src/domain/inventory-level.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import type { Money } from '../../src/domain/money.js';
import { orderId, type Order, type OrderLine } from '../../src/domain/order.js';
import { OrderStatus } from '../../src/domain/order-status.js';
import { fromDecimal, fromMinorUnits, multiplyMoney, sumMoney, toMinorUnits } from '../money.js';
import { wholeOrderStatus } from '../orders/status.js';
import {
  successesOf,
  type Address,
  type AtpInventory,
  type CancelledItem,
  type CreateOutwardOrderRequest,
  type OutwardOrderStatus,
  type PaymentMethod,
  type SearchInventoryResponse,
} from './wire.js';

/** README status table: Increff's order status → the unified one. */
export const STATUS: Record<OutwardOrderStatus, OrderStatus> = {
  CREATED: OrderStatus.PENDING,
  PACKED: OrderStatus.PACKED,
  // The shipping label carries the AWB and transporter: from here a shipment with tracking exists.
  INVOICED: OrderStatus.SHIPPED,
  HANDED_OVER: OrderStatus.HANDED_OVER,
  CANCELLED: OrderStatus.CANCELLED,
};

/** One InventoryLevel per SKU and location; Increff's quantity is what it can still promise there. */
export function toInventoryLevels(response: SearchInventoryResponse): InventoryLevel[] {
  return successesOf(response).flatMap((sku) =>
    sku.inventories.map((inventory) => ({
      sku: sku.channelSkuCode,
      marketplace: Marketplace.INCREFF,
      location: inventory.locationCode,
      available: inventory.quantity,
      updatedAt: null,
    })),
  );
}

/**
 * The levels an Inventory Update (location-wise ATP) reports: one per SKU at the location, `available` its absolute
 * quantity. Rows of one SKU under different `channelSerialNo` add up (the unified level counts the SKU). Increff
 * says no time, so `updatedAt` is null.
 */
export function atpLevels(locationCode: string, inventories: readonly AtpInventory[]): InventoryLevel[] {
  const bySku = new Map<string, number>();
  for (const row of inventories) bySku.set(row.channelSkuCode, (bySku.get(row.channelSkuCode) ?? 0) + row.quantity);
  return [...bySku].map(([sku, available]) => ({
    sku,
    marketplace: Marketplace.INCREFF,
    location: locationCode,
    available,
    updatedAt: null,
  }));
}

/**
 * The Increff order code for a marketplace order: `NOON-NFBO123`, `FRUUGO-9164260001000444`. Deterministic, so a
 * repeated push names the same order and Increff refuses it instead of creating a second one.
 */
export function outwardOrderCode(source: Order): string {
  return `${source.marketplace}-${source.externalId}`;
}

/** One Increff order item: the marketplace lines of one SKU, merged (Increff takes each SKU once per order). */
export interface FulfilmentItem {
  /** The id of the SKU's first line, so a single-line SKU keeps its marketplace line id. */
  orderItemCode: string;
  sku: string;
  title: string | null;
  quantity: number;
  unitPrice: Money;
}

/**
 * The items of a marketplace order's lines, every one of which must have a price. Lines of the same SKU merge
 * into one item priced at their average unit price, rounded to the currency's minor unit.
 */
export function fulfilmentItems(lines: ReadonlyArray<OrderLine & { unitPrice: Money }>): FulfilmentItem[] {
  const bySku = new Map<string, Array<OrderLine & { unitPrice: Money }>>();
  for (const line of lines) bySku.set(line.sku, [...(bySku.get(line.sku) ?? []), line]);
  return [...bySku.values()].map((group) => {
    const first = group[0]!;
    const quantity = group.reduce((sum, line) => sum + line.quantity, 0);
    const currency = first.unitPrice.currency;
    const paid = group.reduce((sum, line) => sum + toMinorUnits(line.unitPrice.amount, currency) * line.quantity, 0);
    return {
      orderItemCode: first.id,
      sku: first.sku,
      title: first.title,
      quantity,
      unitPrice: fromMinorUnits(Math.round(paid / quantity), currency),
    };
  });
}

/** How long the warehouse has to dispatch when the caller names no deadline. */
export const DEFAULT_DISPATCH_HOURS = 48;

export interface OutwardOrderChoices {
  /** undefined lets Increff route the order (and split it across locations). */
  locationCode: string | undefined;
  paymentMethod: PaymentMethod;
  dispatchBy: Date | undefined;
  shippingAddress: Address | undefined;
  billingAddress: Address | undefined;
}

/**
 * The outward order for a marketplace order. The warehouse may start at once (`startProcessingTime` = now, not the
 * marketplace's order time, so an order pushed late does not arrive already overdue) and has until `dispatchBy`,
 * by default DEFAULT_DISPATCH_HOURS after the push.
 */
export function toOutwardOrder(
  source: Order,
  items: readonly FulfilmentItem[],
  choices: OutwardOrderChoices,
  now: Date,
): CreateOutwardOrderRequest {
  const dispatchBy = choices.dispatchBy ?? new Date(now.getTime() + DEFAULT_DISPATCH_HOURS * 3_600_000);
  return {
    orderCode: outwardOrderCode(source),
    locationCode: choices.locationCode ?? null,
    isSplitRequired: choices.locationCode === undefined,
    orderTime: source.createdAt.toISOString(),
    orderType: 'SO',
    onHold: false,
    dispatchByTime: dispatchBy.toISOString(),
    startProcessingTime: now.toISOString(),
    paymentMethod: choices.paymentMethod,
    packType: 'PIECE',
    ...(choices.shippingAddress === undefined ? {} : { shippingAddress: choices.shippingAddress }),
    ...(choices.billingAddress === undefined ? {} : { billingAddress: choices.billingAddress }),
    orderItems: items.map((item) => ({
      channelSkuCode: item.sku,
      orderItemCode: item.orderItemCode,
      quantity: item.quantity,
      sellingPricePerUnit: Number(item.unitPrice.amount),
    })),
  };
}

/**
 * The INCREFF order as the gateway keeps it once Increff has accepted the push: CREATED (PENDING) until Increff's
 * callbacks move it. Increff has no order read API, so this record is all the gateway will know.
 */
export function toIncreffOrder(source: Order, items: readonly FulfilmentItem[], now: Date): Order {
  const externalId = outwardOrderCode(source);
  const lines = items.map((item): OrderLine => ({
    marketplace: Marketplace.INCREFF,
    id: item.orderItemCode,
    sku: item.sku,
    title: item.title,
    quantity: item.quantity,
    unitPrice: item.unitPrice,
    status: STATUS.CREATED,
    marketplaceStatus: 'CREATED',
  }));
  return withTotals({
    id: orderId(Marketplace.INCREFF, externalId),
    marketplace: Marketplace.INCREFF,
    externalId,
    status: STATUS.CREATED,
    marketplaceStatus: 'CREATED',
    createdAt: source.createdAt,
    updatedAt: now,
    currency: source.currency,
    total: null,
    lines,
    shipments: [],
  });
}

/**
 * A partly cancelled item shows as two lines: the units still live under the item's own code, the cancelled ones
 * under `<orderItemCode>/cancelled`. A wholly cancelled item is one CANCELLED line under its own code.
 */
export const CANCELLED_PART = '/cancelled';

/** What the stored lines say about one Increff order item. */
export interface ItemState {
  orderItemCode: string;
  sku: string;
  ordered: number;
  cancelled: number;
  /** The line carrying the item's own code (live units, or every unit once wholly cancelled). */
  line: OrderLine;
}

/** The Increff order items behind a stored INCREFF order's lines, by orderItemCode, in line order. */
export function itemStates(order: Order): Map<string, ItemState> {
  const items = new Map<string, ItemState>();
  const cancelledParts = new Map<string, number>();
  for (const line of order.lines) {
    if (line.id.endsWith(CANCELLED_PART)) {
      cancelledParts.set(line.id.slice(0, -CANCELLED_PART.length), line.quantity);
      continue;
    }
    const cancelled = line.status === OrderStatus.CANCELLED ? line.quantity : 0;
    items.set(line.id, { orderItemCode: line.id, sku: line.sku, ordered: line.quantity, cancelled, line });
  }
  for (const [code, quantity] of cancelledParts) {
    const item = items.get(code);
    if (item === undefined)
      throw new Error(`stored INCREFF order ${order.id} has ${code}${CANCELLED_PART} without ${code}`);
    item.ordered += quantity;
    item.cancelled += quantity;
  }
  return items;
}

/**
 * The order after Increff cancelled units of some items (the customer's cancellation, and later the seller's,
 * both in absolute quantities, which Increff never lowers). Items not named keep their state.
 */
export function withCancellation(order: Order, cancelledItems: readonly CancelledItem[], at: Date): Order {
  const items = itemStates(order);
  for (const { orderItemCode, cancelledQuantity } of cancelledItems) {
    const item = items.get(orderItemCode);
    if (item === undefined) throw new Error(`INCREFF order ${order.id} has no item ${orderItemCode}`);
    item.cancelled = cancelledQuantity;
  }
  const lines = [...items.values()].flatMap((item): OrderLine[] => {
    const cancelledLine = (id: string, quantity: number): OrderLine => ({
      ...item.line,
      id,
      quantity,
      status: STATUS.CANCELLED,
      marketplaceStatus: 'CANCELLED',
    });
    if (item.cancelled === 0) return [{ ...item.line, quantity: item.ordered }];
    if (item.cancelled >= item.ordered) return [cancelledLine(item.orderItemCode, item.ordered)];
    return [
      { ...item.line, quantity: item.ordered - item.cancelled },
      cancelledLine(`${item.orderItemCode}${CANCELLED_PART}`, item.cancelled),
    ];
  });
  const allCancelled = lines.every((line) => line.status === OrderStatus.CANCELLED);
  return withTotals({
    ...order,
    lines,
    marketplaceStatus: allCancelled ? 'CANCELLED' : order.marketplaceStatus,
    updatedAt: at,
  });
}

/** The order's status and total from its lines: the total counts the live units only. */
export function withTotals(order: Order): Order {
  const live = order.lines.filter((line) => line.status !== OrderStatus.CANCELLED);
  const amounts = live.flatMap((line) =>
    line.unitPrice === null ? [] : [multiplyMoney(line.unitPrice, line.quantity)],
  );
  return {
    ...order,
    status: wholeOrderStatus(order.lines.map((line) => line.status)),
    total: sumMoney(amounts) ?? fromDecimal(0, order.currency),
  };
}
