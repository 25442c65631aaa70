import {
  ITEM_STATUSES,
  type FruugoOrder,
  type ItemQuantity,
  type ItemStatus,
  type ItemStatusEntry,
  type OrderResponse,
  type Shipment,
} from './wire.js';
import type { SandboxClock } from '../shared/clock.js';
import type { CancelBody, ConfirmBody, SearchBody, ShipBody } from './schemas.js';

export interface SandboxLine {
  readonly productId: string;
  readonly skuId: string;
  readonly skuName: string;
  readonly quantity: number;
  readonly itemPriceInclVat: number;
  readonly itemVat: number;
  readonly vatPercentage: number;
  /** How many of the line's units are in each status; they always add up to `quantity`. */
  readonly units: Map<ItemStatus, number>;
}

export interface SandboxOrder {
  readonly orderId: string;
  readonly customerOrderId: string;
  readonly orderDate: Date;
  readonly orderReleaseDate: Date;
  lastModified: Date;
  readonly currencyCode: string;
  readonly customerCountry: string;
  readonly customerLanguageCode: string;
  readonly shippingMethod: string;
  readonly shippingCostInclVAT: number;
  readonly lines: SandboxLine[];
  readonly shipments: Shipment[];
}

/** One kind of change to units, with Fruugo's name for it in error messages (seed: `confirmPurchaseOrder failed`). */
interface Transition {
  operation: string;
  /** Statuses units may leave, in the order they are taken. */
  from: readonly ItemStatus[];
  to: ItemStatus;
}

const CONFIRM: Transition = { operation: 'confirmPurchaseOrder', from: ['PENDING'], to: 'CONFIRMED' };
const SHIP: Transition = { operation: 'shipPurchaseOrder', from: ['CONFIRMED'], to: 'SHIPPED' };
/** Pending units go first: they were never promised to the customer. */
const CANCEL: Transition = { operation: 'cancelPurchaseOrder', from: ['PENDING', 'CONFIRMED'], to: 'CANCELLED' };
const CUSTOMER_CANCEL: Transition = {
  operation: 'cancelCustomerOrder',
  from: ['PENDING', 'CONFIRMED'],
  to: 'NOT_REPLACED',
};

type Move = { line: SandboxLine; quantity: number };

/** `NOT_REPLACED` when every unit shares it, else `2 PENDING, 1 CONFIRMED`. */
function describeUnits(lines: readonly SandboxLine[]): string {
  const counts = new Map<ItemStatus, number>();
  for (const line of lines)
    for (const [status, count] of line.units) counts.set(status, (counts.get(status) ?? 0) + count);
  const present = ITEM_STATUSES.filter((status) => (counts.get(status) ?? 0) > 0);
  if (present.length === 1) return present[0]!;
  return present.map((status) => `${counts.get(status)} ${status}`).join(', ');
}

function available(line: SandboxLine, from: readonly ItemStatus[]): number {
  return from.reduce((sum, status) => sum + (line.units.get(status) ?? 0), 0);
}

function moveUnits(move: Move, transition: Transition): void {
  let left = move.quantity;
  for (const status of transition.from) {
    const taken = Math.min(left, move.line.units.get(status) ?? 0);
    if (taken === 0) continue;
    move.line.units.set(status, move.line.units.get(status)! - taken);
    move.line.units.set(transition.to, (move.line.units.get(transition.to) ?? 0) + taken);
    left -= taken;
  }
}

/** What the customer pays: the lines and the shipping, in minor units so the comparison is exact. */
function paymentCents(order: SandboxOrder): number {
  const lines = order.lines.reduce((sum, line) => sum + Math.round(line.itemPriceInclVat * 100) * line.quantity, 0);
  return lines + Math.round(order.shippingCostInclVAT * 100);
}

/**
 * The simulated Fruugo's orders and the rules of its calls. Each call applies at once and answers with the
 * outcome that its callback carries; the callback itself is sent later by the CallbackDispatcher.
 */
export class OrderBook {
  private readonly orders = new Map<string, SandboxOrder>();
  private shipmentCount = 0;

  constructor(
    private readonly clock: SandboxClock,
    initial: readonly SandboxOrder[],
  ) {
    for (const order of initial) this.add(order);
  }

  add(order: SandboxOrder): FruugoOrder {
    if (this.orders.has(order.orderId)) throw new Error(`order ${order.orderId} exists already`);
    this.orders.set(order.orderId, order);
    return this.toWire(order);
  }

  get(orderId: string): FruugoOrder | undefined {
    const order = this.orders.get(orderId);
    return order === undefined ? undefined : this.toWire(order);
  }

  /** The order download: orders last changed in [dateFrom, dateTo] that pass every other filter, newest first. */
  search(filter: SearchBody): FruugoOrder[] {
    const from = Date.parse(filter.dateFrom);
    const to = filter.dateTo == null ? Number.POSITIVE_INFINITY : Date.parse(filter.dateTo);
    const minCents = filter.paymentAmountMin == null ? 0 : Math.round(filter.paymentAmountMin * 100);
    const maxCents =
      filter.paymentAmountMax == null ? Number.POSITIVE_INFINITY : Math.round(filter.paymentAmountMax * 100);
    return [...this.orders.values()]
      .filter((order) => {
        const modified = order.lastModified.getTime();
        const payment = paymentCents(order);
        return (
          modified >= from &&
          modified <= to &&
          (filter.orderId == null || order.orderId === filter.orderId) &&
          (filter.productId == null || order.lines.some((line) => line.productId === filter.productId)) &&
          (filter.skuId == null || order.lines.some((line) => line.skuId === filter.skuId)) &&
          (filter.statuses == null ||
            filter.statuses.length === 0 ||
            filter.statuses.includes(this.orderStatus(order))) &&
          (filter.customerCountries == null ||
            filter.customerCountries.length === 0 ||
            filter.customerCountries.includes(order.customerCountry)) &&
          payment >= minCents &&
          payment <= maxCents
        );
      })
      .sort((a, b) => b.orderDate.getTime() - a.orderDate.getTime() || b.orderId.localeCompare(a.orderId))
      .map((order) => this.toWire(order));
  }

  confirm(request: ConfirmBody['orders'][number]): OrderResponse {
    return this.apply(request.orderId, request.itemQuantities, CONFIRM, () => null);
  }

  ship(request: ShipBody['orders'][number]): OrderResponse {
    return this.apply(request.orderId, request.itemQuantities, SHIP, (order, moves) => {
      this.shipmentCount += 1;
      const shipmentId = String(70_000_000 + this.shipmentCount);
      order.shipments.push({
        shipmentId,
        shippingDate: this.clock.now().toISOString(),
        trackingCode: request.trackingCode ?? null,
        trackingUrl: request.trackingUrl ?? null,
        lines: moves.map(({ line, quantity }) => ({ productId: line.productId, skuId: line.skuId, quantity })),
      });
      return shipmentId;
    });
  }

  cancel(request: CancelBody['orders'][number]): OrderResponse {
    return this.apply(request.orderId, request.itemQuantities, CANCEL, () => null);
  }

  /** Fruugo's side: the customer cancels what has not shipped, and Fruugo closes those units as NOT_REPLACED. */
  customerCancel(orderId: string): OrderResponse {
    return this.apply(orderId, undefined, CUSTOMER_CANCEL, () => null);
  }

  private apply(
    orderId: string,
    itemQuantities: readonly ItemQuantity[] | null | undefined,
    transition: Transition,
    applied: (order: SandboxOrder, moves: Move[]) => string | null,
  ): OrderResponse {
    const order = this.orders.get(orderId);
    const failed = `${transition.operation} failed`;
    if (order === undefined) {
      return this.response(orderId, undefined, `BD_ORDER_NOT_FOUND - ${failed}, order ${orderId} does not exist`);
    }
    const plan = this.plan(order, itemQuantities ?? [], transition);
    if (typeof plan === 'string') return this.response(orderId, order, plan);
    for (const move of plan) moveUnits(move, transition);
    order.lastModified = this.clock.now();
    return this.response(orderId, order, null, applied(order, plan));
  }

  /** The units a call moves, or why it cannot: nothing is applied unless all of it can be. */
  private plan(order: SandboxOrder, itemQuantities: readonly ItemQuantity[], transition: Transition): Move[] | string {
    const failed = `${transition.operation} failed`;
    const illegal = `BD_ILLEGAL_FULFILMENT_STATUS_TRANSITION - ${failed}`;
    if (itemQuantities.length === 0) {
      const moves = order.lines
        .map((line) => ({ line, quantity: available(line, transition.from) }))
        .filter((move) => move.quantity > 0);
      return moves.length > 0 ? moves : `${illegal}, order status is ${describeUnits(order.lines)}`;
    }
    const wanted = new Map<SandboxLine, number>();
    for (const item of itemQuantities) {
      const line = order.lines.find((each) => each.productId === item.productId && each.skuId === item.skuId);
      if (line === undefined) {
        return `BD_ITEM_NOT_FOUND - ${failed}, item ${item.productId}/${item.skuId} is not part of order ${order.orderId}`;
      }
      wanted.set(line, (wanted.get(line) ?? 0) + item.quantity);
    }
    for (const [line, quantity] of wanted) {
      if (quantity > available(line, transition.from)) {
        return `${illegal}, ${quantity} units of item ${line.skuId} requested, item status is ${describeUnits([line])}`;
      }
    }
    return [...wanted].map(([line, quantity]) => ({ line, quantity }));
  }

  private response(
    orderId: string,
    order: SandboxOrder | undefined,
    errorMessage: string | null,
    shipmentId: string | null = null,
  ): OrderResponse {
    return {
      success: errorMessage === null,
      errorMessage,
      orderId,
      shipmentId,
      itemStatuses: order === undefined ? [] : itemStatuses(order),
    };
  }

  /** PENDING until anything happened to any unit, PROCESSED after (Fruugo's legacy order statuses). */
  private orderStatus(order: SandboxOrder): 'PENDING' | 'PROCESSED' {
    return order.lines.every((line) => line.units.get('PENDING') === line.quantity) ? 'PENDING' : 'PROCESSED';
  }

  private toWire(order: SandboxOrder): FruugoOrder {
    return {
      orderId: order.orderId,
      customerOrderId: order.customerOrderId,
      orderDate: order.orderDate.toISOString(),
      orderReleaseDate: order.orderReleaseDate.toISOString(),
      lastModified: order.lastModified.toISOString(),
      orderStatus: this.orderStatus(order),
      currencyCode: order.currencyCode,
      customerCountry: order.customerCountry,
      customerLanguageCode: order.customerLanguageCode,
      shippingMethod: order.shippingMethod,
      shippingCostInclVAT: order.shippingCostInclVAT,
      orderLines: order.lines.map((line) => ({
        productId: line.productId,
        skuId: line.skuId,
        skuName: line.skuName,
        quantity: line.quantity,
        itemPriceInclVat: line.itemPriceInclVat,
        itemVat: line.itemVat,
        vatPercentage: line.vatPercentage,
      })),
      itemStatuses: itemStatuses(order),
      shipments: order.shipments.map((shipment) => ({
        ...shipment,
        lines: shipment.lines.map((line) => ({ ...line })),
      })),
    };
  }
}

/** Every unit of the order, one entry per line and status present, in the seed's field order. */
function itemStatuses(order: SandboxOrder): ItemStatusEntry[] {
  return order.lines.flatMap((line) =>
    ITEM_STATUSES.filter((status) => (line.units.get(status) ?? 0) > 0).map((status) => ({
      productId: line.productId,
      skuId: line.skuId,
      quantity: line.units.get(status)!,
      status,
    })),
  );
}
