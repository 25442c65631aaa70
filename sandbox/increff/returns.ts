import type { ErrorEntry, ReturnOrderItem, ReturnOrderType } from './wire.js';
import type { SandboxClock } from '../shared/clock.js';
import { IncreffError, refusal } from './errors.js';
import type { Inventory } from './inventory.js';
import type { OrderBook } from './orders.js';
import type { ReturnOrderBody } from './schemas.js';

export interface ReturnOrderRecord {
  returnOrderCode: string;
  forwardOrderCode: string;
  locationCode: string;
  orderType: ReturnOrderType;
  /** As sent, else RETURN_CREATED. */
  status: string;
  /** One per unit. */
  items: ReturnOrderItem[];
  createdAt: Date;
}

/**
 * Return orders against handed-over outward orders. Units come back into stock only when the warehouse receives
 * them, which the simulator does not model yet (the return updates come with a later issue).
 */
export class ReturnBook {
  private readonly returns = new Map<string, ReturnOrderRecord>();

  constructor(
    private readonly orders: OrderBook,
    private readonly inventory: Inventory,
    private readonly clock: SandboxClock,
  ) {}

  list(): ReturnOrderRecord[] {
    return [...this.returns.values()];
  }

  create(body: ReturnOrderBody): ReturnOrderRecord {
    if (this.returns.has(body.returnOrderCode)) {
      throw refusal('RETURN_ORDER_ALREADY_EXISTS', [
        { field: 'returnOrderCode', message: `return order ${body.returnOrderCode} already exists` },
      ]);
    }
    const order = this.orders.find(body.forwardOrderCode);
    if (order === undefined) {
      throw refusal('ORDER_NOT_FOUND', [{ field: 'forwardOrderCode', message: `no order ${body.forwardOrderCode}` }]);
    }
    if (order.status !== 'HANDED_OVER') {
      throw new IncreffError(
        'RETURN_NOT_ALLOWED',
        `Order ${order.orderCode} is ${order.status}; only a handed-over order can be returned`,
      );
    }
    if (this.inventory.location(body.locationCode) === undefined) {
      throw refusal('LOCATION_NOT_FOUND', [
        { field: 'locationCode', message: `unknown location ${body.locationCode}` },
      ]);
    }

    // Units of each SKU still returnable: shipped (ordered − cancelled) less what earlier returns took back.
    const returnable = new Map(
      order.items.map((item) => [item.channelSkuCode, item.quantity - item.cancelledQuantity]),
    );
    for (const earlier of this.list().filter((entry) => entry.forwardOrderCode === order.orderCode)) {
      for (const item of earlier.items)
        returnable.set(item.channelSkuCode, (returnable.get(item.channelSkuCode) ?? 0) - 1);
    }
    const missing: ErrorEntry[] = [];
    const exceeded: ErrorEntry[] = [];
    body.orderItems.forEach((item, index) => {
      const left = returnable.get(item.channelSkuCode);
      const field = `orderItems[${index}].channelSkuCode`;
      if (left === undefined) {
        missing.push({
          field,
          channelSkuCode: item.channelSkuCode,
          message: `order ${order.orderCode} has no ${item.channelSkuCode}`,
        });
      } else if (left < 1) {
        exceeded.push({
          field,
          channelSkuCode: item.channelSkuCode,
          message: 'every shipped unit of it is already returned',
        });
      }
      returnable.set(item.channelSkuCode, (left ?? 0) - 1);
    });
    if (missing.length > 0) throw refusal('ORDER_ITEM_NOT_FOUND', missing);
    if (exceeded.length > 0) throw refusal('RETURN_QUANTITY_EXCEEDED', exceeded);

    const record: ReturnOrderRecord = {
      returnOrderCode: body.returnOrderCode,
      forwardOrderCode: order.orderCode,
      locationCode: body.locationCode,
      orderType: body.orderType,
      status: body.returnOrderStatus ?? 'RETURN_CREATED',
      items: body.orderItems,
      createdAt: this.clock.now(),
    };
    this.returns.set(record.returnOrderCode, record);
    return record;
  }
}
