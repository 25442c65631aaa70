import {
  MAX_ITEMS_PER_ORDER,
  type ErrorEntry,
  type OutwardOrderStatus,
  type PaymentMethod,
} from '../../../datasources/increff/wire.js';
import type { SandboxClock } from '../shared/clock.js';
import { IncreffError, refusal } from './errors.js';
import type { Allocation, Inventory } from './inventory.js';
import type { CancellationBody, OutwardOrderBody } from './schemas.js';

export interface OrderItemRecord {
  orderItemCode: string;
  channelSkuCode: string;
  quantity: number;
  /** Absolute, as Increff counts it. */
  cancelledQuantity: number;
  sellingPricePerUnit: number;
  /** Where the live units are reserved (after a handover: where they shipped from). */
  allocations: Allocation[];
}

export interface OutwardOrderRecord {
  orderCode: string;
  status: OutwardOrderStatus;
  /** As asked: null when Increff was left to route the order. */
  locationCode: string | null;
  isSplitRequired: boolean;
  paymentMethod: PaymentMethod;
  orderTime: string;
  dispatchByTime: string;
  items: OrderItemRecord[];
  createdAt: Date;
  updatedAt: Date;
}

/** The warehouse's forward steps, in order; CANCELLED stands aside. */
const PROGRESS: readonly OutwardOrderStatus[] = ['CREATED', 'PACKED', 'INVOICED', 'HANDED_OVER'];

/** Customer cancellation is allowed until the order is invoiced (reference 2). */
const CANCELLABLE: ReadonlySet<OutwardOrderStatus> = new Set(['CREATED', 'PACKED', 'CANCELLED']);

/** Entries for every repeat of a SKU after its first appearance. */
function repeatedSkus(items: OutwardOrderBody['orderItems']): ErrorEntry[] {
  const seen = new Set<string>();
  return items.flatMap((item, index) => {
    const repeat = seen.has(item.channelSkuCode);
    seen.add(item.channelSkuCode);
    return repeat
      ? [{ field: `orderItems[${index}].channelSkuCode`, channelSkuCode: item.channelSkuCode, message: 'appears earlier in the order' }]
      : [];
  });
}

/**
 * The tenant's outward orders and their state machine (docs/increff.md): CREATED → PACKED → INVOICED → HANDED_OVER,
 * and CANCELLED once every unit is. The forward steps are the warehouse's, reached here through the sandbox
 * control; the callbacks Increff sends at each step come with a later issue.
 */
export class OrderBook {
  private readonly orders = new Map<string, OutwardOrderRecord>();

  constructor(
    private readonly inventory: Inventory,
    private readonly clock: SandboxClock,
  ) {}

  find(orderCode: string): OutwardOrderRecord | undefined {
    return this.orders.get(orderCode);
  }

  get(orderCode: string): OutwardOrderRecord {
    const order = this.orders.get(orderCode);
    if (order === undefined) throw new IncreffError('ORDER_NOT_FOUND', `No order ${orderCode}`);
    return order;
  }

  /** Create Outward Order: every rule checked before anything changes, then the units reserved. */
  create(body: OutwardOrderBody): OutwardOrderRecord {
    if (this.orders.has(body.orderCode)) {
      throw refusal('ORDER_ALREADY_EXISTS', [{ field: 'orderCode', message: `order ${body.orderCode} already exists` }]);
    }
    if (body.orderItems.length > MAX_ITEMS_PER_ORDER) {
      throw refusal('ITEM_LIMIT_EXCEEDED', [
        { field: 'orderItems', message: `holds ${body.orderItems.length} items; at most ${MAX_ITEMS_PER_ORDER}` },
      ]);
    }
    const repeats = repeatedSkus(body.orderItems);
    if (repeats.length > 0) throw refusal('DUPLICATE_CHANNEL_SKU', repeats);
    const locationCode = body.locationCode ?? null;
    if (locationCode !== null && this.inventory.location(locationCode) === undefined) {
      throw refusal('LOCATION_NOT_FOUND', [{ field: 'locationCode', message: `unknown location ${locationCode}` }]);
    }
    const unknown = body.orderItems.flatMap((item, index) =>
      this.inventory.knows(item.channelSkuCode)
        ? []
        : [{ field: `orderItems[${index}].channelSkuCode`, channelSkuCode: item.channelSkuCode, message: 'not listed on this channel' }],
    );
    if (unknown.length > 0) throw refusal('CHANNEL_SKU_NOT_FOUND', unknown);

    const demands = body.orderItems.map((item, index) => ({ sku: item.channelSkuCode, quantity: item.quantity, index }));
    const allocations = this.inventory.allocate(demands, locationCode, body.isSplitRequired ?? false);
    const now = this.clock.now();
    const order: OutwardOrderRecord = {
      orderCode: body.orderCode,
      status: 'CREATED',
      locationCode,
      isSplitRequired: body.isSplitRequired ?? false,
      paymentMethod: body.paymentMethod,
      orderTime: body.orderTime,
      dispatchByTime: body.dispatchByTime,
      items: body.orderItems.map((item, index) => ({
        orderItemCode: item.orderItemCode,
        channelSkuCode: item.channelSkuCode,
        quantity: item.quantity,
        cancelledQuantity: 0,
        sellingPricePerUnit: item.sellingPricePerUnit,
        allocations: allocations[index]!,
      })),
      createdAt: now,
      updatedAt: now,
    };
    this.orders.set(order.orderCode, order);
    return order;
  }

  /**
   * Customer Cancellation. `cancelledQuantity` is absolute: it may stay where it is (a repeat changes nothing) or
   * grow up to the quantity ordered, never shrink. The body's `locationCode` is accepted and not needed: the
   * simulator knows where each unit is reserved.
   */
  cancel(orderCode: string, body: CancellationBody): OutwardOrderRecord {
    const order = this.get(orderCode);
    if (!CANCELLABLE.has(order.status)) {
      throw new IncreffError('CANCELLATION_NOT_ALLOWED', `Order ${orderCode} is ${order.status}; it can be cancelled until invoiced`);
    }
    const missing: ErrorEntry[] = [];
    const invalid: ErrorEntry[] = [];
    const changes = body.orderItems.flatMap((asked, index) => {
      const item = order.items.find((candidate) => candidate.orderItemCode === asked.orderItemCode);
      if (item === undefined || item.channelSkuCode !== asked.channelSkuCode) {
        missing.push({
          field: `orderItems[${index}].orderItemCode`,
          channelSkuCode: asked.channelSkuCode,
          message: `order ${orderCode} has no item ${asked.orderItemCode} of ${asked.channelSkuCode}`,
        });
        return [];
      }
      if (asked.cancelledQuantity > item.quantity || asked.cancelledQuantity < item.cancelledQuantity) {
        invalid.push({
          field: `orderItems[${index}].cancelledQuantity`,
          channelSkuCode: asked.channelSkuCode,
          message: `must be from ${item.cancelledQuantity} (already cancelled) to ${item.quantity} (ordered)`,
        });
        return [];
      }
      return [{ item, cancelledQuantity: asked.cancelledQuantity }];
    });
    if (missing.length > 0) throw refusal('ORDER_ITEM_NOT_FOUND', missing);
    if (invalid.length > 0) throw refusal('INVALID_CANCELLED_QUANTITY', invalid);

    for (const { item, cancelledQuantity } of changes) {
      this.releaseUnits(item, cancelledQuantity - item.cancelledQuantity);
      item.cancelledQuantity = cancelledQuantity;
    }
    if (order.items.every((item) => item.cancelledQuantity === item.quantity)) order.status = 'CANCELLED';
    order.updatedAt = this.clock.now();
    return order;
  }

  /** The warehouse's side: moves the order forward; at HANDED_OVER its live units leave the shelves. */
  advance(orderCode: string, status: OutwardOrderStatus): OutwardOrderRecord {
    const order = this.get(orderCode);
    const from = PROGRESS.indexOf(order.status);
    const to = PROGRESS.indexOf(status);
    if (from === -1 || to <= from) {
      throw new IncreffError('BAD_DATA', `Order ${orderCode} is ${order.status}; it cannot move to ${status}`);
    }
    if (status === 'HANDED_OVER') {
      for (const item of order.items) {
        for (const allocation of item.allocations) this.inventory.ship(item.channelSkuCode, allocation);
      }
    }
    order.status = status;
    order.updatedAt = this.clock.now();
    return order;
  }

  /** Gives back `count` reserved units of the item, the last location allocated first. */
  private releaseUnits(item: OrderItemRecord, count: number): void {
    let left = count;
    for (const allocation of [...item.allocations].reverse()) {
      if (left === 0) break;
      const take = Math.min(left, allocation.quantity);
      this.inventory.release(item.channelSkuCode, { locationCode: allocation.locationCode, quantity: take });
      allocation.quantity -= take;
      left -= take;
    }
    item.allocations = item.allocations.filter((allocation) => allocation.quantity > 0);
  }
}
