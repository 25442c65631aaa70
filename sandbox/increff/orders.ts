import {
  MAX_ITEMS_PER_ORDER,
  type Address,
  type CancelledItem,
  type ErrorEntry,
  type OutwardOrderStatus,
  type PaymentMethod,
} from './wire.js';
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

/** One parcel the warehouse packed: the order's units at one location (B2C: one shipment per location). */
export interface ShipmentRecord {
  /** Increff's integer, unique per shipment across the tenant's life. */
  shipmentId: number;
  shipmentCode: string;
  locationCode: string;
  items: Array<{ orderItemCode: string; channelSkuCode: string; quantity: number }>;
  /** From the channel's answer to Get Shipping Label; null until it answered. */
  awbNumber: string | null;
  transporter: string | null;
  /** The label as the channel answered it: base64 or a URL. */
  shippingLabel: string | null;
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
  shippingAddress: Address | null;
  billingAddress: Address | null;
  items: OrderItemRecord[];
  /** Made when the order is packed. */
  shipments: ShipmentRecord[];
  createdAt: Date;
  updatedAt: Date;
}

/** The warehouse's forward steps, in order; CANCELLED stands aside. */
const PROGRESS: readonly OutwardOrderStatus[] = ['CREATED', 'PACKED', 'INVOICED', 'HANDED_OVER'];

/** A forward step of the warehouse. */
export type WarehouseStep = 'PACKED' | 'INVOICED' | 'HANDED_OVER';

/**
 * The first shipment id of this run: Increff's ids are unique for good, and a gateway keeps what it was told across
 * the simulator's restarts, so ids start from the time (seconds, wrapping every 115 days; 100 a second) and stay
 * within a Java int, as Increff's.
 */
function firstShipmentId(): number {
  return (Math.floor(Date.now() / 1000) % 10_000_000) * 100 + 1;
}

/** Customer cancellation is allowed until the order is invoiced (reference 2). */
const CANCELLABLE: ReadonlySet<OutwardOrderStatus> = new Set(['CREATED', 'PACKED', 'CANCELLED']);

/** Entries for every repeat of a SKU after its first appearance. */
function repeatedSkus(items: OutwardOrderBody['orderItems']): ErrorEntry[] {
  const seen = new Set<string>();
  return items.flatMap((item, index) => {
    const repeat = seen.has(item.channelSkuCode);
    seen.add(item.channelSkuCode);
    return repeat
      ? [
          {
            field: `orderItems[${index}].channelSkuCode`,
            channelSkuCode: item.channelSkuCode,
            message: 'appears earlier in the order',
          },
        ]
      : [];
  });
}

/**
 * The tenant's outward orders and their state machine (docs/increff.md): CREATED → PACKED → INVOICED → HANDED_OVER,
 * and CANCELLED once every unit is. The forward steps are the warehouse's (warehouse.ts), which tells the channel.
 */
export class OrderBook {
  private readonly orders = new Map<string, OutwardOrderRecord>();
  private nextShipmentId = firstShipmentId();

  constructor(
    private readonly inventory: Inventory,
    private readonly clock: SandboxClock,
    /** Told of every order created (the warehouse starts its clock on it). */
    private readonly onCreated: (order: OutwardOrderRecord) => void = () => {},
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
      throw refusal('ORDER_ALREADY_EXISTS', [
        { field: 'orderCode', message: `order ${body.orderCode} already exists` },
      ]);
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
        : [
            {
              field: `orderItems[${index}].channelSkuCode`,
              channelSkuCode: item.channelSkuCode,
              message: 'not listed on this channel',
            },
          ],
    );
    if (unknown.length > 0) throw refusal('CHANNEL_SKU_NOT_FOUND', unknown);

    const demands = body.orderItems.map((item, index) => ({
      sku: item.channelSkuCode,
      quantity: item.quantity,
      index,
    }));
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
      shippingAddress: body.shippingAddress ?? null,
      billingAddress: body.billingAddress ?? null,
      shipments: [],
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
    this.onCreated(order);
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
      throw new IncreffError(
        'CANCELLATION_NOT_ALLOWED',
        `Order ${orderCode} is ${order.status}; it can be cancelled until invoiced`,
      );
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

  /**
   * The warehouse's side: moves the order forward and answers the steps passed, in order (skipping is allowed: the
   * steps skipped still happen). Packing makes one shipment per location of the live units; at HANDED_OVER those
   * units leave the shelves.
   */
  advance(orderCode: string, status: WarehouseStep): { order: OutwardOrderRecord; passed: WarehouseStep[] } {
    const order = this.get(orderCode);
    const from = PROGRESS.indexOf(order.status);
    const to = PROGRESS.indexOf(status);
    if (from === -1 || to <= from) {
      throw new IncreffError('BAD_DATA', `Order ${orderCode} is ${order.status}; it cannot move to ${status}`);
    }
    const passed = PROGRESS.slice(from + 1, to + 1) as WarehouseStep[];
    if (passed.includes('PACKED')) order.shipments = this.pack(order);
    if (status === 'HANDED_OVER') {
      for (const item of order.items) {
        for (const allocation of item.allocations) this.inventory.ship(item.channelSkuCode, allocation);
      }
    }
    order.status = status;
    order.updatedAt = this.clock.now();
    return { order, passed };
  }

  /**
   * The seller's (warehouse's) cancellation: the same rules as the customer's, every unit of every item when no
   * items are named. Answers the items as cancelled and the location they were cancelled at, as Increff tells the
   * channel.
   */
  sellerCancel(
    orderCode: string,
    items?: CancelledItem[],
  ): { order: OutwardOrderRecord; locationCode: string; orderItems: CancelledItem[] } {
    const before = this.get(orderCode);
    const orderItems =
      items ??
      before.items.map((item) => ({
        channelSkuCode: item.channelSkuCode,
        orderItemCode: item.orderItemCode,
        cancelledQuantity: item.quantity,
      }));
    // Read before the units are released: a wholly cancelled item keeps no allocation.
    const locationCode =
      before.locationCode ?? before.items.flatMap((item) => item.allocations)[0]?.locationCode ?? 'UNALLOCATED';
    const order = this.cancel(orderCode, { orderItems });
    return { order, locationCode, orderItems };
  }

  /** One shipment per location holding live units of the order. */
  private pack(order: OutwardOrderRecord): ShipmentRecord[] {
    const byLocation = new Map<string, ShipmentRecord['items']>();
    for (const item of order.items) {
      for (const allocation of item.allocations) {
        const items = byLocation.get(allocation.locationCode) ?? [];
        items.push({
          orderItemCode: item.orderItemCode,
          channelSkuCode: item.channelSkuCode,
          quantity: allocation.quantity,
        });
        byLocation.set(allocation.locationCode, items);
      }
    }
    return [...byLocation].map(([locationCode, items], index) => ({
      shipmentId: this.nextShipmentId++,
      shipmentCode: `${order.orderCode}-${index + 1}`,
      locationCode,
      items,
      awbNumber: null,
      transporter: null,
      shippingLabel: null,
    }));
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
