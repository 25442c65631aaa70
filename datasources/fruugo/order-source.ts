import { randomUUID } from 'node:crypto';
import { Marketplace } from '../../src/domain/marketplace.js';
import { orderId, type Order } from '../../src/domain/order.js';
import { OrderErrorType, type OrderError } from '../../src/domain/order-error.js';
import { OrderOperationStatus, OrderOperationType } from '../../src/domain/pending-operation.js';
import { UpstreamError } from '../../src/http/upstream-error.js';
import type { CallbackStore } from '../../src/store/callback-store.js';
import type {
  CancelRequest,
  LineQuantity,
  OrderFilter,
  OrderPage,
  OrderSource,
  ShipRequest,
  SourcePosition,
} from '../../src/domain/ports/order-source.js';
import type { Accepted } from './client.js';
import { parseLineId } from './mapping.js';
import { checkFruugoCancel, checkFruugoConfirm, checkFruugoShip } from './order-rules.js';
import type { FruugoOrdersApi } from './api/orders.js';
import type { CancellationReason as FruugoReason, ItemQuantity } from './wire.js';

/** The unified reasons are Fruugo's own, in upper case. */
const REASONS: Readonly<Record<CancelRequest['reason'], FruugoReason>> = {
  OUT_OF_STOCK: 'out_of_stock',
  PRODUCT_DISCONTINUED: 'product_discontinued',
  INVALID_DELIVERY_ADDRESS: 'invalid_delivery_address',
  CUSTOMER_CANCELLATION: 'customer_cancellation',
  LEGISLATION_RESTRICTION: 'legislation_restriction',
  OTHER: 'other',
};

/**
 * Fruugo's orders for one GraphQL operation. Fruugo sends orders only by callback, so reads come from the
 * callback store (filled by the webhook from the periodic download), and every change is a call Fruugo accepts
 * now and answers later: it is recorded as a pending operation under its correlation id, and the order is
 * returned as it stands until the callback settles it. A 400 is kept as the order's errors (seed 004: "store
 * all errors in Order Errors with type Order Acknowledge") and still reaches the caller.
 */
export class FruugoOrderSource implements OrderSource {
  readonly marketplace = Marketplace.FRUUGO;
  readonly keepsOrders = true;

  constructor(
    private readonly api: FruugoOrdersApi,
    private readonly store: CallbackStore,
  ) {}

  list(filter: OrderFilter, position: SourcePosition | undefined, want: number): Promise<OrderPage> {
    return this.store.listOrders(Marketplace.FRUUGO, filter, position, want);
  }

  async get(externalId: string): Promise<Order> {
    const order = await this.store.findOrder(orderId(Marketplace.FRUUGO, externalId));
    if (order === undefined) {
      throw new UpstreamError({
        marketplace: Marketplace.FRUUGO,
        kind: 'http',
        code: 'ORDER_NOT_FOUND',
        httpStatus: 404,
        message: `No Fruugo order ${externalId} has been downloaded`,
      });
    }
    return order;
  }

  /** Confirms every pending unit (Hemi's rule, seed 004: accept every order downloaded). */
  async confirm(externalId: string): Promise<Order> {
    const order = await this.get(externalId);
    checkFruugoConfirm(order);
    await this.send(order, OrderOperationType.CONFIRM, OrderErrorType.ORDER_ACKNOWLEDGE, (correlationId) =>
      this.api.confirm([{ type: 'confirm', orderId: externalId }], correlationId),
    );
    return order;
  }

  /** Ships the given units, or every confirmed one. Fruugo takes a tracking code and URL; no carrier. */
  async ship(externalId: string, request: ShipRequest): Promise<Order> {
    const order = await this.get(externalId);
    checkFruugoShip(order, request, await this.confirmPending(order));
    const itemQuantities = request.lines === undefined ? undefined : toItemQuantities(request.lines);
    await this.send(order, OrderOperationType.SHIP, OrderErrorType.ORDER_SHIP, (correlationId) =>
      this.api.ship(
        [
          {
            type: 'ship',
            orderId: externalId,
            itemQuantities,
            trackingCode: request.trackingNumber,
            trackingUrl: request.trackingUrl,
          },
        ],
        correlationId,
      ),
    );
    return order;
  }

  /** Cancels the given units, or (an empty list, as Fruugo documents) every unit not shipped. */
  async cancel(externalId: string, request: CancelRequest): Promise<Order> {
    const order = await this.get(externalId);
    checkFruugoCancel(order, request);
    const itemQuantities = request.lines === undefined ? [] : toItemQuantities(request.lines);
    await this.send(order, OrderOperationType.CANCEL, OrderErrorType.ORDER_CANCEL, (correlationId) =>
      this.api.cancel(
        [
          {
            type: 'cancel',
            orderId: externalId,
            itemQuantities,
            cancellationReason: REASONS[request.reason],
            messageToCustomer: request.messageToCustomer,
          },
        ],
        correlationId,
      ),
    );
    return order;
  }

  /**
   * Asks Fruugo for every order changed since `since`; they arrive by an OrderList callback carrying the
   * returned correlation id. The gateway calls this periodically.
   */
  async requestOrders(since: Date): Promise<string> {
    const accepted = await this.api.search({ dateFrom: since.toISOString() });
    return accepted.correlationId;
  }

  /** Whether a confirm of the order is still waiting for Fruugo's callback. */
  private async confirmPending(order: Order): Promise<boolean> {
    const operations = (await this.store.operations([order.id])).get(order.id) ?? [];
    return operations.some(
      (operation) => operation.type === OrderOperationType.CONFIRM && operation.status === OrderOperationStatus.PENDING,
    );
  }

  /**
   * Makes one call under a correlation id of ours. The operation is recorded before the call, because Fruugo's
   * callback may overtake its own answer to the call: recorded after, a callback applied meanwhile would find no
   * operation to settle, and the operation would then stay PENDING for good. A call that fails settles it FAILED at
   * once, so the order lists every call made with its outcome; a refusal (400) is also kept as the order's errors
   * under the same id.
   */
  private async send(
    order: Order,
    type: OrderOperationType,
    errorType: OrderErrorType,
    call: (correlationId: string) => Promise<Accepted>,
  ): Promise<void> {
    const correlationId = randomUUID();
    const requestedAt = new Date();
    await this.store.recordOperation({
      correlationId,
      type,
      status: OrderOperationStatus.PENDING,
      requestedAt,
      completedAt: null,
      orderId: order.id,
    });
    try {
      await call(correlationId);
    } catch (error) {
      if (error instanceof UpstreamError && error.httpStatus === 400) {
        await this.store.addOrderErrors(order.id, refusalErrors(error, errorType, correlationId, requestedAt));
      }
      await this.store.completeOperation(correlationId, OrderOperationStatus.FAILED, new Date());
      throw error;
    }
  }
}

/** One order error per field Fruugo named; one with the whole message when it named none. */
function refusalErrors(
  error: UpstreamError,
  type: OrderErrorType,
  correlationId: string,
  createdAt: Date,
): OrderError[] {
  const details = error.details.length > 0 ? error.details : [{ message: error.message }];
  return details.map((detail) => ({
    type,
    message: detail.message,
    field: detail.field ?? null,
    correlationId,
    createdAt,
  }));
}

/** The unified line ids as Fruugo's item quantities: lines of the order, as the rules have checked. */
function toItemQuantities(lines: readonly LineQuantity[]): ItemQuantity[] {
  return lines.map((line) => ({ ...parseLineId(line.lineId)!, quantity: line.quantity }));
}
