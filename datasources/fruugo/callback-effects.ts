import { Marketplace } from '../../src/domain/marketplace.js';
import { orderId, type Order } from '../../src/domain/order.js';
import { OrderErrorType, type OrderError } from '../../src/domain/order-error.js';
import { OrderOperationStatus } from '../../src/domain/pending-operation.js';
import { OrderEventOrigin, OrderEventType } from '../../src/domain/order-event.js';
import type { OrderEventLog } from '../../src/events/order-event-log.js';
import type { CallbackStore, OrderEvent } from '../../src/store/callback-store.js';
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

/** Where a callback's changes come from: the stored webhook event they are announced under, and when it is applied. */
export interface CallbackCause {
  webhookEventId: string;
  at: Date;
}

/**
 * What a callback means for the gateway's state, per seed 004, each order's change committed with its event
 * (OrderEventLog.change), so a gateway stopped half way through a callback applies the rest when it applies the
 * stored callback again, and announces nothing twice:
 * - `OrderList`: every order is kept as it now stands, unless the kept one is newer (Fruugo's `lastModified`): an
 *   older download applied late, or replayed, never takes an order back;
 * - a response list: each order named takes the statuses of its units (`success: true` marks it confirmed,
 *   shipped or cancelled), a `success: false` becomes an order error of the call's type with Fruugo's
 *   `errorMessage`, and the pending operation under the correlation id is settled by the response about its own
 *   order (another order's failure in the same list is that order's).
 * Applying the same callback again changes nothing: an order already as the callback says is not touched, an
 * operation keeps its first settlement, and an error already filed under this correlation id is not filed again.
 * Resolves with the order events it committed.
 */
export async function applyFruugoCallback(
  store: CallbackStore,
  orders: OrderEventLog,
  callback: FruugoCallback,
  cause: CallbackCause,
): Promise<OrderEvent[]> {
  const announced: OrderEvent[] = [];
  const announce = async (
    id: string,
    decide: (kept: Order | undefined) => { order?: Order; type: OrderEventType; message: string } | undefined,
  ) => {
    const event = await orders.change(id, (state) => {
      const decision = decide(state.order);
      if (decision === undefined) return undefined;
      const { order, type, message } = decision;
      return {
        ...(order === undefined ? {} : { order }),
        event: {
          // Keyed by the stored event, order and kind: applying it again after a crash announces nothing twice.
          key: `webhook:${cause.webhookEventId}:${id}:${type === OrderEventType.ERROR_REPORTED ? 'error' : 'change'}`,
          orderId: id,
          marketplace: Marketplace.FRUUGO,
          type,
          status: type === OrderEventType.ERROR_REPORTED ? null : (order?.status ?? null),
          origin: OrderEventOrigin.WEBHOOK,
          webhookEventId: cause.webhookEventId,
          message,
          occurredAt: cause.at,
        },
      };
    });
    if (event !== undefined) announced.push(event);
  };

  if (callback.type === 'OrderList') {
    for (const order of readOrderList(callback.payload).orders.map(toOrder)) {
      await announce(order.id, (kept) => {
        if (kept !== undefined && kept.updatedAt.getTime() > order.updatedAt.getTime()) return undefined;
        const type = changeType(order, kept);
        return type === undefined ? undefined : { order, type, message: callback.type };
      });
    }
    return announced;
  }
  if (!Object.hasOwn(ERROR_TYPE, callback.type)) {
    throw new CallbackFormatError('callback', [`type: ${callback.type} is not a callback type the gateway knows`]);
  }
  const errorType = ERROR_TYPE[callback.type as keyof typeof ERROR_TYPE];
  const { responses } = readResponseList(callback.payload);

  for (const response of responses) {
    await announce(orderId(Marketplace.FRUUGO, response.orderId), (kept) => {
      if (kept === undefined) return undefined;
      const order = withItemStatuses(kept, response.itemStatuses, cause.at);
      const type = order === kept ? undefined : changeType(order, kept);
      return type === undefined ? undefined : { order, type, message: callback.type };
    });
  }
  await settleOperation(store, callback.correlationId, responses, cause.at);
  for (const response of responses.filter((each) => !each.success)) {
    const id = orderId(Marketplace.FRUUGO, response.orderId);
    const error: OrderError = {
      type: errorType,
      message: response.errorMessage ?? 'Fruugo reported a failure without a message',
      field: null,
      correlationId: callback.correlationId,
      createdAt: cause.at,
    };
    // A callback applied again (the gateway stopped before marking it applied) must not file the error twice.
    if (!(await store.hasOrderError(id, callback.correlationId, errorType))) await store.addOrderErrors(id, [error]);
    // Reported whether or not the order is kept here (Fruugo may refuse a call about an order not downloaded yet).
    await announce(id, () => ({ type: OrderEventType.ERROR_REPORTED, message: error.message }));
  }
  return announced;
}

/**
 * Settles the operation the callback answers by the response about the operation's own order (every response
 * when none names it): one call's answer may list other orders, whose verdicts are theirs.
 */
async function settleOperation(
  store: CallbackStore,
  correlationId: string,
  responses: ReadonlyArray<{ orderId: string; success: boolean }>,
  at: Date,
): Promise<void> {
  const ids = responses.map((response) => orderId(Marketplace.FRUUGO, response.orderId));
  const operation = [...(await store.operations(ids)).entries()].find(([, operations]) =>
    operations.some((each) => each.correlationId === correlationId),
  );
  const own = responses.filter((response) => orderId(Marketplace.FRUUGO, response.orderId) === operation?.[0]);
  const verdict = (own.length > 0 ? own : responses).every((response) => response.success);
  await store.completeOperation(
    correlationId,
    verdict ? OrderOperationStatus.SUCCEEDED : OrderOperationStatus.FAILED,
    at,
  );
}

/** What a change of a kept order amounts to; undefined when the order is as it was (nothing to announce). */
function changeType(order: Order, previous: Order | undefined): OrderEventType | undefined {
  if (previous === undefined) return OrderEventType.CREATED;
  if (previous.status !== order.status) return OrderEventType.STATUS_CHANGED;
  if (previous.updatedAt.getTime() !== order.updatedAt.getTime()) return OrderEventType.UPDATED;
  return undefined;
}
