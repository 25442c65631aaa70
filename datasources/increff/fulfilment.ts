import { BadInput } from '../../src/domain/errors.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import type { Money } from '../../src/domain/money.js';
import { orderId, type Order, type OrderLine } from '../../src/domain/order.js';
import { OrderEventOrigin, OrderEventType } from '../../src/domain/order-event.js';
import { OrderStatus } from '../../src/domain/order-status.js';
import type { OrderEventLog } from '../../src/events/order-event-log.js';
import { UpstreamError } from '../../src/http/upstream-error.js';
import type { CallbackStore } from '../../src/store/callback-store.js';
import type { LineQuantity } from '../../src/domain/ports/order-source.js';
import type { IncreffApi } from './api.js';
import { fulfilmentItems, outwardOrderCode, toIncreffOrder, toOutwardOrder } from './mapping.js';
import { liveQuantities, storedOrder } from './stored-order.js';
import { MAX_ITEMS_PER_ORDER, type Address, type PaymentMethod, type ReturnOrderType } from './wire.js';

export interface FulfilmentOptions {
  /** The Increff location to fulfil from; the configured one (INCREFF_LOCATION_CODE) when omitted; Increff routes when neither. */
  locationCode?: string;
  /** COD: the carrier collects the payment; NCOD: prepaid. */
  paymentMethod: PaymentMethod;
  /** By when the warehouse must dispatch (the marketplace's SLA); DEFAULT_DISPATCH_HOURS after the push when omitted. */
  dispatchBy?: Date;
  /** Where the parcel goes; the marketplace's logistics may print the label instead, so Increff does not insist. */
  shippingAddress?: Address;
  billingAddress?: Address;
}

export interface ReturnRequest {
  /**
   * The marketplace's own return number (RMA). Increff refuses a second return with the same code, so it also makes
   * a repeated call harmless.
   */
  returnOrderCode: string;
  /** Lines of the INCREFF order (orderItemCodes) and how many of their units come back. */
  lines: readonly LineQuantity[];
  /** Why the customer returns the units; Increff wants one per unit and gets this one for each. */
  reason: string;
  /** Default CUSTOMER_RETURN. */
  orderType?: ReturnOrderType;
  /** Where the units go back to; the configured location when omitted. */
  locationCode?: string;
  awbNumber?: string;
  transporter?: string;
}

export interface CreatedReturn {
  returnOrderCode: string;
  /** The INCREFF order's code. */
  forwardOrderCode: string;
  locationCode: string;
  /** Return order items sent: one per unit. */
  units: number;
}

/** What the fulfilment side needs from the configuration. */
export interface FulfilmentSettings {
  /** INCREFF_LOCATION_CODE: where orders and returns go when a call names no location. */
  locationCode: string | undefined;
}

function hasCode(error: unknown, code: string): boolean {
  return error instanceof UpstreamError && error.code === code;
}

/** The lines Increff should fulfil: every line not cancelled, each of which must carry its price. */
function pricedLiveLines(source: Order): Array<OrderLine & { unitPrice: Money }> {
  const live = source.lines.filter((line) => line.status !== OrderStatus.CANCELLED);
  const unpriced = live.filter((line) => line.unitPrice === null);
  if (unpriced.length > 0) {
    throw new BadInput(
      `${source.id} cannot go to Increff: it needs a selling price for every line`,
      unpriced.map((line) => ({ field: `lines.${line.id}.unitPrice`, message: 'no unit price' })),
    );
  }
  if (live.length === 0) throw new BadInput(`${source.id} has no live lines to fulfil`);
  return live as Array<OrderLine & { unitPrice: Money }>;
}

/**
 * Increff as the warehouse behind the other marketplaces, for one GraphQL operation: it pushes their orders as
 * outward orders and creates returns. The pushed order is kept in the store as an INCREFF order.
 */
export class IncreffFulfilment {
  constructor(
    private readonly api: IncreffApi,
    private readonly store: CallbackStore,
    /** Where the pushed order is kept and announced. */
    private readonly orders: OrderEventLog,
    private readonly settings: FulfilmentSettings,
    /** The moment of a push or return; a test may fix it. */
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Pushes a marketplace order (noon, Fruugo, Marketplacer) to Increff and keeps the INCREFF order
   * `INCREFF:<MARKETPLACE>-<externalId>`, PENDING until Increff's callbacks move it, announced CREATED once.
   * Idempotent: an order already kept is answered from the store without calling Increff, and Increff's
   * ORDER_ALREADY_EXISTS (a push whose answer was lost) counts as the push having gone in.
   */
  async createFulfilmentOrder(source: Order, options: FulfilmentOptions): Promise<Order> {
    if (source.marketplace === Marketplace.INCREFF) throw new BadInput(`${source.id} is already an Increff order`);
    const pushed = await this.store.findOrder(orderId(Marketplace.INCREFF, outwardOrderCode(source)));
    if (pushed !== undefined) return pushed;

    const items = fulfilmentItems(pricedLiveLines(source));
    if (items.length > MAX_ITEMS_PER_ORDER) {
      throw new BadInput(
        `${source.id} has ${items.length} SKUs; Increff takes at most ${MAX_ITEMS_PER_ORDER} per order`,
      );
    }
    const now = this.now();
    const request = toOutwardOrder(
      source,
      items,
      {
        locationCode: options.locationCode ?? this.settings.locationCode,
        paymentMethod: options.paymentMethod,
        dispatchBy: options.dispatchBy,
        shippingAddress: options.shippingAddress,
        billingAddress: options.billingAddress,
      },
      now,
    );
    try {
      await this.api.outwardOrders.create(request);
    } catch (error) {
      if (!hasCode(error, 'ORDER_ALREADY_EXISTS')) throw error;
    }
    const order = toIncreffOrder(source, items, now);
    // Kept with its CREATED event in one commit; of two pushes racing, the first kept is the one answered.
    await this.orders.change(order.id, (state) =>
      state.order !== undefined
        ? undefined
        : {
            order,
            event: {
              key: `fulfilment:${order.id}`,
              orderId: order.id,
              marketplace: Marketplace.INCREFF,
              type: OrderEventType.CREATED,
              status: order.status,
              origin: OrderEventOrigin.MUTATION,
              webhookEventId: null,
              message: `createFulfilmentOrder from ${source.id}`,
              occurredAt: now,
            },
          },
    );
    return (await this.store.findOrder(order.id)) ?? order;
  }

  /**
   * Creates a return of units of a pushed order. Increff counts one return item per unit, so a line of three units
   * becomes items `<orderItemCode>-1` … `-3`. The stored order does not change: the units are back only when
   * Increff says so.
   */
  async createReturn(orderCode: string, request: ReturnRequest): Promise<CreatedReturn> {
    const order = await storedOrder(this.store, orderCode);
    const returned = liveQuantities(order, request.lines, 'return');
    const locationCode = request.locationCode ?? this.settings.locationCode;
    if (locationCode === undefined) {
      throw new BadInput('Increff needs the location the return goes to: name one, or set INCREFF_LOCATION_CODE', [
        { field: 'locationCode', message: 'required when no location is configured' },
      ]);
    }
    const orderItems = returned.flatMap(({ item, quantity }) =>
      Array.from({ length: quantity }, (_, index) => ({
        itemCode: `${item.orderItemCode}-${index + 1}`,
        reason: request.reason,
        channelSkuCode: item.sku,
        ...(item.line.title === null ? {} : { name: item.line.title }),
        ...(item.line.unitPrice === null ? {} : { price: Number(item.line.unitPrice.amount) }),
      })),
    );
    try {
      await this.api.returns.create({
        forwardOrderCode: order.externalId,
        returnOrderCode: request.returnOrderCode,
        locationCode,
        returnOrderTime: this.now().toISOString(),
        orderItems,
        orderType: request.orderType ?? 'CUSTOMER_RETURN',
        currencyCode: order.currency,
        ...(request.awbNumber === undefined ? {} : { awbNumber: request.awbNumber }),
        ...(request.transporter === undefined ? {} : { transporter: request.transporter }),
      });
    } catch (error) {
      if (!hasCode(error, 'RETURN_ORDER_ALREADY_EXISTS')) throw error;
    }
    return {
      returnOrderCode: request.returnOrderCode,
      forwardOrderCode: order.externalId,
      locationCode,
      units: orderItems.length,
    };
  }
}
