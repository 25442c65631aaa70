import { Marketplace } from '../../schema/marketplace.js';
import { orderId, OrderErrorType, OrderOperationStatus, type Order } from '../../schema/order.js';
import type { CallbackStore } from '../../src/store/callback-store.js';
import { CallbackFormatError, readOrderList, readResponseList } from './callbacks.js';
import { toOrder, withItemStatuses } from './mapping.js';
import type { CallbackType } from './wire.js';

/** Which step of the order a failure in each response list belongs to (seed 004: "Order Acknowledge" for confirm). */
const ERROR_TYPE: Readonly<Record<Exclude<CallbackType, 'OrderList'>, OrderErrorType>> = {
  ConfirmResponseList: OrderErrorType.ORDER_ACKNOWLEDGE,
  ShipResponseList: OrderErrorType.ORDER_SHIP,
  CancelResponseList: OrderErrorType.ORDER_CANCEL,
};

/** One callback, its envelope checked and its payload read (src/webhooks/fruugo/loose-payload.ts). */
export interface FruugoCallback {
  type: string;
  correlationId: string;
  payload: unknown;
}

/**
 * What a callback means for the gateway's state, per seed 004:
 * - `OrderList`: every order is saved as it now stands;
 * - a response list: each order named takes the statuses of its units (`success: true` marks it confirmed,
 *   shipped or cancelled), a `success: false` becomes an order error of the call's type with Fruugo's
 *   `errorMessage`, and the pending operation under the correlation id is settled (FAILED if any order failed).
 * Errors are written last: they are the one step a second application would repeat.
 * Resolves with the orders saved, for the caller to publish.
 */
export async function applyFruugoCallback(store: CallbackStore, callback: FruugoCallback, at: Date): Promise<Order[]> {
  if (callback.type === 'OrderList') {
    const orders = readOrderList(callback.payload).orders.map(toOrder);
    for (const order of orders) await store.saveOrder(order);
    return orders;
  }
  if (!Object.hasOwn(ERROR_TYPE, callback.type)) {
    throw new CallbackFormatError('callback', [`type: ${callback.type} is not a callback type the gateway knows`]);
  }
  const errorType = ERROR_TYPE[callback.type as keyof typeof ERROR_TYPE];
  const { responses } = readResponseList(callback.payload);

  const saved: Order[] = [];
  for (const response of responses) {
    const stored = await store.findOrder(orderId(Marketplace.FRUUGO, response.orderId));
    if (stored === undefined) continue;
    const updated = withItemStatuses(stored, response.itemStatuses, at);
    if (updated === stored) continue;
    await store.saveOrder(updated);
    saved.push(updated);
  }
  const outcome = responses.every((response) => response.success) ? OrderOperationStatus.SUCCEEDED : OrderOperationStatus.FAILED;
  await store.completeOperation(callback.correlationId, outcome, at);
  for (const response of responses.filter((each) => !each.success)) {
    await store.addOrderErrors(orderId(Marketplace.FRUUGO, response.orderId), [
      {
        type: errorType,
        message: response.errorMessage ?? 'Fruugo reported a failure without a message',
        field: null,
        correlationId: callback.correlationId,
        createdAt: at,
      },
    ]);
  }
  return saved;
}
