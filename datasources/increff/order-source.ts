import { Marketplace } from '../../src/domain/marketplace.js';
import type { Order } from '../../src/domain/order.js';
import type { CallbackStore } from '../../src/store/callback-store.js';
import type {
  CancelRequest,
  LineQuantity,
  OrderFilter,
  OrderPage,
  OrderSource,
  SourcePosition,
} from '../../src/domain/ports/order-source.js';
import type { IncreffApi } from './api.js';
import { itemStates, withCancellation } from './mapping.js';
import { checkIncreffCancel } from './order-rules.js';
import { liveQuantities, storedOrder } from './stored-order.js';
import type { CancelledItem } from './wire.js';

/**
 * The orders the gateway pushed to Increff, for one GraphQL operation. Increff has no order read API: listing and
 * reading come from the store, where the push and Increff's callbacks keep each order. There is no `confirm` or
 * `ship`: the warehouse packs and hands over, and says so by callback.
 */
export class IncreffOrderSource implements OrderSource {
  readonly marketplace = Marketplace.INCREFF;
  readonly keepsOrders = true;

  constructor(
    private readonly api: IncreffApi,
    private readonly store: CallbackStore,
    /** The moment an order changes; a test may fix it. */
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(filter: OrderFilter, position: SourcePosition | undefined, want: number): Promise<OrderPage> {
    return this.store.listOrders(Marketplace.INCREFF, filter, position, want);
  }

  get(externalId: string): Promise<Order> {
    return storedOrder(this.store, externalId);
  }

  /**
   * Customer Cancellation, in the absolute quantities Increff wants, worked out from the stored order: the whole
   * order, or `lines` (orderItemCodes) by how many more units each. Increff's call has no reason field, so
   * `request.reason` is not sent. An order with nothing left to cancel is answered as it stands.
   */
  async cancel(externalId: string, request: CancelRequest): Promise<Order> {
    const order = await storedOrder(this.store, externalId);
    checkIncreffCancel(order, request);
    const orderItems = cancelledItems(order, request.lines);
    if (orderItems.length === 0) return order;
    await this.api.outwardOrders.cancel(externalId, { orderItems });
    // Kept with the mutation's event (OrderSource.keepsOrders).
    return withCancellation(order, orderItems, this.now());
  }
}

/**
 * The items to send: each named line's units cancelled so far plus the ones asked for now; every item's whole
 * quantity when no lines are named.
 */
function cancelledItems(order: Order, lines: readonly LineQuantity[] | undefined): CancelledItem[] {
  if (lines === undefined) {
    return [...itemStates(order).values()]
      .filter((item) => item.cancelled < item.ordered)
      .map((item) => ({
        channelSkuCode: item.sku,
        orderItemCode: item.orderItemCode,
        cancelledQuantity: item.ordered,
      }));
  }
  return liveQuantities(order, lines, 'cancel').map(({ item, quantity }) => ({
    channelSkuCode: item.sku,
    orderItemCode: item.orderItemCode,
    cancelledQuantity: item.cancelled + quantity,
  }));
}
