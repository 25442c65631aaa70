import {
  MAX_SKUS_PER_INVENTORY_UPDATE,
  type CancelledItem,
  type HandoverNotification,
  type InventoryUpdateRequest,
  type PackOrderRequest,
  type SellerCancellationRequest,
  type ShippingLabelQuery,
  type ShippingLabelResponse,
} from './wire.js';
import type { ChannelCaller } from './channel.js';
import type { Inventory } from './inventory.js';
import type { OrderBook, OutwardOrderRecord, ShipmentRecord, WarehouseStep } from './orders.js';

/** How long the simulated warehouse takes on its own, from one step to the next, in real milliseconds. */
export interface WarehousePace {
  /** From the order's creation to its pack. */
  packAfterMs: number;
  /** From the pack to the shipping label (INVOICED). */
  labelAfterMs: number;
  /** From the label to the handover. */
  handoverAfterMs: number;
}

export interface WarehouseOptions {
  /** Moves every new order through pack, label and handover on its own; undefined: only when told (control). */
  pace: WarehousePace | undefined;
  /** Sends the changed stock (ATP) this often while a channel is connected; undefined: only when told. */
  inventorySyncMs: number | undefined;
}

/** Illustrative parcel of the sandbox: Increff's pages give the fields, not their values. */
const PACKAGE = { packageSku: 'BOX-STANDARD', dimensions: { length: 30, breadth: 20, height: 10 }, kgPerUnit: 0.5 };

/** Throws unless the answer is a label Increff can print: AWB, transporter, and the label or its URL. */
function readLabel(answer: unknown): ShippingLabelResponse {
  const label = (answer ?? {}) as Partial<ShippingLabelResponse>;
  if (typeof label.awbNumber !== 'string' || label.awbNumber === '') throw new Error('awbNumber is required');
  if (typeof label.transporter !== 'string' || label.transporter === '') throw new Error('transporter is required');
  if (typeof label.shippingLabel !== 'string' && typeof label.shippingLabelUrl !== 'string') {
    throw new Error('shippingLabel or shippingLabelUrl is required');
  }
  return label as ShippingLabelResponse;
}

/**
 * The warehouse's side of the tenant, and what Increff tells the channel about it: Pack Order per shipment when
 * an order is packed, Get Shipping Label per shipment when it is invoiced, Handover Notification per location when
 * it is handed over, Seller Cancellation, and the location-wise ATP of changed stock, 200 SKUs a call.
 */
export class Warehouse {
  private readonly timers = new Set<NodeJS.Timeout>();
  private syncTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly orders: OrderBook,
    private readonly inventory: Inventory,
    private readonly channel: ChannelCaller,
    private readonly options: WarehouseOptions,
  ) {}

  /** Starts the ATP schedule, when there is one. */
  start(): void {
    const every = this.options.inventorySyncMs;
    if (every === undefined) return;
    this.syncTimer = setInterval(() => {
      // Increff syncs a channel it can reach; a sandbox not connected yet keeps its changes for the first sync.
      if (this.channel.connected()) this.syncInventory();
    }, every);
    this.syncTimer.unref();
  }

  /** A new order: at the warehouse's pace, when it has one, it is packed, labelled and handed over. */
  created(order: OutwardOrderRecord): void {
    const pace = this.options.pace;
    if (pace === undefined) return;
    const { orderCode } = order;
    this.later(pace.packAfterMs, () =>
      this.stepIf(orderCode, 'CREATED', 'PACKED', () =>
        this.later(pace.labelAfterMs, () =>
          this.stepIf(orderCode, 'PACKED', 'INVOICED', () =>
            this.later(pace.handoverAfterMs, () => this.stepIf(orderCode, 'INVOICED', 'HANDED_OVER')),
          ),
        ),
      ),
    );
  }

  /** Moves the order forward and tells the channel of every step passed, in order. */
  advance(orderCode: string, status: WarehouseStep): OutwardOrderRecord {
    const { order, passed } = this.orders.advance(orderCode, status);
    for (const step of passed) {
      if (step === 'PACKED') for (const shipment of order.shipments) this.sendPack(order, shipment);
      if (step === 'INVOICED') for (const shipment of order.shipments) this.sendLabelRequest(order, shipment);
      if (step === 'HANDED_OVER') this.sendHandover(order);
    }
    return order;
  }

  /** The warehouse cancels (every unit when no items are named) and tells the channel. */
  sellerCancel(orderCode: string, items?: CancelledItem[]): OutwardOrderRecord {
    const { order, locationCode, orderItems } = this.orders.sellerCancel(orderCode, items);
    const request: SellerCancellationRequest = { orderCode, locationCode, orderItems };
    this.channel.send({ touchpoint: 'sellerCancellation', method: 'PUT', orderCode, request: { ...request } });
    return order;
  }

  /**
   * Sends the location-wise ATP: of `skus` at every location holding them, or else of every SKU changed since the
   * last sync (all of them the first time). Answers how many calls (batches of at most 200) it made.
   */
  syncInventory(skus?: readonly string[]): number {
    const rows = skus === undefined ? this.inventory.takeChanged() : this.rowsOf(skus);
    let calls = 0;
    for (const [locationCode, counts] of rows) {
      for (let start = 0; start < counts.length; start += MAX_SKUS_PER_INVENTORY_UPDATE) {
        const request: InventoryUpdateRequest = {
          locationCode,
          inventories: counts
            .slice(start, start + MAX_SKUS_PER_INVENTORY_UPDATE)
            .map(({ sku, available }) => ({ quantity: available, channelSkuCode: sku })),
        };
        this.channel.send({ touchpoint: 'inventory', method: 'PUT', orderCode: null, request: { ...request } });
        calls += 1;
      }
    }
    return calls;
  }

  close(): void {
    clearInterval(this.syncTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private rowsOf(skus: readonly string[]): Map<string, Array<{ sku: string; available: number }>> {
    const rows = new Map<string, Array<{ sku: string; available: number }>>();
    for (const sku of new Set(skus)) {
      for (const count of this.inventory.counts(sku)) {
        rows.set(count.locationCode, [...(rows.get(count.locationCode) ?? []), { sku, available: count.available }]);
      }
    }
    return rows;
  }

  private later(delayMs: number, work: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  /** Takes the step only if the order is still where the pace left it (not cancelled, not moved by hand). */
  private stepIf(orderCode: string, from: OutwardOrderRecord['status'], to: WarehouseStep, then?: () => void): void {
    if (this.orders.find(orderCode)?.status !== from) return;
    this.advance(orderCode, to);
    then?.();
  }

  private sendPack(order: OutwardOrderRecord, shipment: ShipmentRecord): void {
    const units = shipment.items.reduce((sum, item) => sum + item.quantity, 0);
    const request: PackOrderRequest = {
      orderCode: order.orderCode,
      locationCode: shipment.locationCode,
      shipmentId: shipment.shipmentId,
      packageSku: PACKAGE.packageSku,
      weight: units * PACKAGE.kgPerUnit,
      fulfillmentType: 'BLOCK_COMPLETE',
      dimensions: PACKAGE.dimensions,
      invoice: {
        ...(order.shippingAddress === null ? {} : { shippingAddress: order.shippingAddress }),
        ...(order.billingAddress === null ? {} : { billingAddress: order.billingAddress }),
        orderTime: order.orderTime,
        invoiceItems: shipment.items.map((item) => ({
          ...item,
          sellingPricePerUnit: order.items.find((each) => each.orderItemCode === item.orderItemCode)!
            .sellingPricePerUnit,
        })),
      },
    };
    this.channel.send({ touchpoint: 'pack', method: 'POST', orderCode: order.orderCode, request: { ...request } });
  }

  private sendLabelRequest(order: OutwardOrderRecord, shipment: ShipmentRecord): void {
    const query: ShippingLabelQuery = {
      orderCode: order.orderCode,
      shipmentId: shipment.shipmentId,
      shipmentCode: shipment.shipmentCode,
      locationCode: shipment.locationCode,
      arePackBoxLabelsRequired: false,
    };
    this.channel.send({
      touchpoint: 'shippingLabel',
      method: 'GET',
      orderCode: order.orderCode,
      request: { ...query },
      accept: (answer) => {
        const label = readLabel(answer);
        shipment.awbNumber = label.awbNumber;
        shipment.transporter = label.transporter;
        shipment.shippingLabel = label.shippingLabel ?? label.shippingLabelUrl ?? null;
      },
    });
  }

  /**
   * One notification per location: each hands its own parcels to the logistics the label named (made when it
   * leaves, after the label calls settled).
   */
  private sendHandover(order: OutwardOrderRecord): void {
    for (const locationCode of new Set(order.shipments.map((shipment) => shipment.locationCode))) {
      this.channel.send({
        touchpoint: 'handover',
        method: 'POST',
        orderCode: order.orderCode,
        request: () => {
          const transporter = order.shipments.find(
            (shipment) => shipment.locationCode === locationCode && shipment.transporter !== null,
          )?.transporter;
          const request: HandoverNotification = {
            locationCode,
            orderCodes: [order.orderCode],
            ...(transporter == null ? {} : { transporter }),
          };
          return { ...request };
        },
      });
    }
  }
}
