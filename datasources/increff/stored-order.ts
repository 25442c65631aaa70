import { BadInput } from '../../src/domain/errors.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import { orderId, type Order } from '../../src/domain/order.js';
import { UpstreamError } from '../../src/http/upstream-error.js';
import type { CallbackStore } from '../../src/store/callback-store.js';
import type { LineQuantity } from '../../src/domain/ports/order-source.js';
import { itemStates, type ItemState } from './mapping.js';

/**
 * The INCREFF order with this order code, from the gateway's store: Increff has no order read API, so the store
 * holds everything the gateway knows. Unknown: ORDER_NOT_FOUND (404), as the OrderSource contract asks.
 */
export async function storedOrder(store: CallbackStore, orderCode: string): Promise<Order> {
  const order = await store.findOrder(orderId(Marketplace.INCREFF, orderCode));
  if (order !== undefined) return order;
  throw new UpstreamError({
    marketplace: Marketplace.INCREFF,
    kind: 'http',
    code: 'ORDER_NOT_FOUND',
    httpStatus: 404,
    message: `No Increff order ${orderCode} was pushed through this gateway`,
  });
}

/** Units asked for one item of a stored order. */
export interface ItemQuantity {
  item: ItemState;
  quantity: number;
}

/**
 * The items behind `lines` (orderItemCodes) with the units asked of each, a line named twice counting twice.
 * Refuses, naming each field, a line the order does not have live or more units than it has live: what is
 * cancelled can be neither cancelled again nor returned.
 */
export function liveQuantities(
  order: Order,
  lines: readonly LineQuantity[],
  verb: 'cancel' | 'return',
): ItemQuantity[] {
  const items = itemStates(order);
  const asked = new Map<string, ItemQuantity>();
  const problems: Array<{ field: string; message: string }> = [];
  lines.forEach((line, index) => {
    const item = items.get(line.lineId);
    if (item === undefined || item.cancelled >= item.ordered) {
      problems.push({ field: `lines[${index}].lineId`, message: `${order.id} has no live line ${line.lineId}` });
      return;
    }
    const entry = asked.get(line.lineId) ?? { item, quantity: 0 };
    entry.quantity += line.quantity;
    asked.set(line.lineId, entry);
    const live = item.ordered - item.cancelled;
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || entry.quantity > live) {
      problems.push({
        field: `lines[${index}].quantity`,
        message: `line ${line.lineId} has ${live} live unit(s) to ${verb}`,
      });
    }
  });
  if (problems.length > 0) {
    throw new BadInput(
      `Cannot ${verb} these lines of ${order.id}: ${problems.map((p) => p.message).join('; ')}`,
      problems,
    );
  }
  return [...asked.values()];
}
