import { Marketplace } from '../../src/domain/marketplace.js';
import { orderId, type Order } from '../../src/domain/order.js';
import { OrderErrorType, type OrderError } from '../../src/domain/order-error.js';
import { OrderOperationStatus } from '../../src/domain/pending-operation.js';
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

/** One callback, its envelope checked and its payload read (datasources/fruugo/webhooks/loose-payload.ts). */
export interface FruugoCallback {
  type: string;
  correlationId: string;
  payload: unknown;
}

/** What applying a callback changed, for the caller to announce. */
export interface FruugoCallbackEffects {
  /** Orders saved, with what was stored before (undefined: a new order from a download). */
  saved: Array<{ order: Order; previous: Order | undefined }>;
  /** Orders Fruugo refused the call for, with its words, as stored among the order's errors. */
  failures: Array<{ orderId: string; error: OrderError }>;
}

/**
 * What a callback means for the gateway's state, per seed 004:
 * - `OrderList`: every order is saved as it now stands;
 * - a response list: each order named takes the statuses of its units (`success: true` marks it confirmed,
 *   shipped or cancelled), a `success: false` becomes an order error of the call's type with Fruugo's
 *   `errorMessage`, and the pending operation under the correlation id is settled (FAILED if any order failed).
 * Applying the same callback twice leaves the same state: saves replace, settling is idempotent, and an error
 * already filed under this correlation id is not filed again.
 * Resolves with what changed, for the caller to announce.
 */
export async function applyFruugoCallback(
  store: CallbackStore,
  callback: FruugoCallback,
  at: Date,
): Promise<FruugoCallbackEffects> {
  if (callback.type === 'OrderList') {
    const saved: FruugoCallbackEffects['saved'] = [];
    for (const order of readOrderList(callback.payload).orders.map(toOrder)) {
      const previous = await store.findOrder(order.id);
      await store.saveOrder(order);
      saved.push({ order, previous });
    }
    return { saved, failures: [] };
  }
  if (!Object.hasOwn(ERROR_TYPE, callback.type)) {
    throw new CallbackFormatError('callback', [`type: ${callback.type} is not a callback type the gateway knows`]);
  }
  const errorType = ERROR_TYPE[callback.type as keyof typeof ERROR_TYPE];
  const { responses } = readResponseList(callback.payload);

  const saved: FruugoCallbackEffects['saved'] = [];
  for (const response of responses) {
    const stored = await store.findOrder(orderId(Marketplace.FRUUGO, response.orderId));
    if (stored === undefined) continue;
    const updated = withItemStatuses(stored, response.itemStatuses, at);
    if (updated === stored) continue;
    await store.saveOrder(updated);
    saved.push({ order: updated, previous: stored });
  }
  const outcome = responses.every((response) => response.success)
    ? OrderOperationStatus.SUCCEEDED
    : OrderOperationStatus.FAILED;
  await store.completeOperation(callback.correlationId, outcome, at);
  const failures: FruugoCallbackEffects['failures'] = [];
  for (const response of responses.filter((each) => !each.success)) {
    const failure = {
      orderId: orderId(Marketplace.FRUUGO, response.orderId),
      error: {
        type: errorType,
        message: response.errorMessage ?? 'Fruugo reported a failure without a message',
        field: null,
        correlationId: callback.correlationId,
        createdAt: at,
      },
    };
    // A callback applied again (the gateway stopped before marking it applied) must not file the error twice.
    const filed = (await store.orderErrors([failure.orderId])).get(failure.orderId) ?? [];
    if (!filed.some((error) => error.correlationId === callback.correlationId && error.type === errorType)) {
      await store.addOrderErrors(failure.orderId, [failure.error]);
    }
    failures.push(failure);
  }
  return { saved, failures };
}
