import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { applyFruugoCallback } from '../../datasources/fruugo/callback-effects.js';
import { CallbackFormatError, readCallbackEnvelope } from '../../datasources/fruugo/callbacks.js';
import { createFruugoClient, createFruugoOrderSource } from '../../datasources/fruugo/index.js';
import type { FruugoOrderSource } from '../../datasources/fruugo/order-source.js';
import { Marketplace } from '../../schema/marketplace.js';
import { OrderErrorType, OrderOperationStatus, OrderOperationType, OrderStatus } from '../../schema/order.js';
import { startFruugoSandbox, type FruugoSandbox } from '../../sandbox/fruugo/index.js';
import { OrderEventType } from '../../src/domain/order-event.js';
import { createEventBus } from '../../src/events/bus.js';
import { OrderEventLog } from '../../src/events/order-event-log.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { parseLoosePayload } from '../../datasources/fruugo/webhooks/loose-payload.js';
import { TEST_HTTP } from '../support/http.js';
import { startReceiver, type ReceivedCallback, type WebhookReceiver } from '../support/fruugo-receiver.js';
import { testLogger } from '../support/silent-logger.js';

describe('Fruugo callbacks applied to the store, against the simulator', () => {
  let sandbox: FruugoSandbox;
  let receiver: WebhookReceiver;
  let store: EmbeddedStore;
  let bus: ReturnType<typeof createEventBus>;
  let events: OrderEventLog;
  let source: FruugoOrderSource;

  before(async () => {
    receiver = await startReceiver();
    sandbox = await startFruugoSandbox({ orderCount: 10, webhookUrl: receiver.url, callbackDelayMs: 1 });
    store = new EmbeddedStore(':memory:');
    bus = createEventBus(undefined, testLogger);
    events = new OrderEventLog(store, bus.bus, testLogger);
    source = createFruugoOrderSource(
      createFruugoClient({ baseUrl: sandbox.url, ...sandbox.credentials }, TEST_HTTP, testLogger),
      store,
      testLogger,
    );
  });

  after(async () => {
    await sandbox.close();
    await receiver.close();
    await store.close();
    await bus.close();
  });

  /**
   * What the gateway's webhook does with a delivery: check the envelope, read the payload, apply it. The delivery's
   * correlation id stands for the stored webhook event, so applying one delivery twice is applying one event again.
   */
  function apply(delivered: ReceivedCallback, at = new Date()) {
    const { value } = readCallbackEnvelope(delivered.envelope);
    return applyCallback(value.type, value.correlationId, parseLoosePayload(value.payload), at);
  }

  function applyCallback(type: string, correlationId: string, payload: unknown, at = new Date()) {
    return applyFruugoCallback(store, events, { type, correlationId, payload }, { webhookEventId: correlationId, at });
  }

  const history = async (id: string) =>
    (await store.orderEventsAfter(0, { orderId: id }, 100)).map((event) => [event.type, event.status]);

  async function downloaded(externalId: string) {
    const correlationId = await source.requestOrders(new Date(Date.now() - 61 * 86_400_000));
    await apply(await receiver.delivered(correlationId));
    return source.get(externalId);
  }

  async function lastOperation(id: string) {
    return (await store.operations([id])).get(id)!.at(-1)!;
  }

  test('OrderList saves every order; a confirm’s success settles the operation and marks the order ACKNOWLEDGED', async () => {
    const created = sandbox.control.createOrder({ lines: [{ skuId: 'PSKU-000200', quantity: 2 }] });
    const order = await downloaded(created.orderId);
    assert.equal(order.status, OrderStatus.PENDING);

    await source.confirm(order.externalId);
    const pending = await lastOperation(order.id);
    const at = new Date('2026-03-09T12:00:00Z');
    const delivered = await receiver.delivered(pending.correlationId);
    const announced = await apply(delivered, at);
    assert.deepEqual(
      announced.map((each) => [each.orderId, each.type, each.status]),
      [[order.id, OrderEventType.STATUS_CHANGED, OrderStatus.ACKNOWLEDGED]],
    );

    const confirmed = await source.get(order.externalId);
    assert.equal(confirmed.status, OrderStatus.ACKNOWLEDGED);
    assert.equal(confirmed.marketplaceStatus, 'PROCESSED');
    const settled = await lastOperation(order.id);
    assert.deepEqual(
      [settled.type, settled.status, settled.completedAt],
      [OrderOperationType.CONFIRM, OrderOperationStatus.SUCCEEDED, at],
    );
    assert.equal((await store.orderErrors([order.id])).get(order.id), undefined);

    // Applied again (an operator's replay, or a restart before it was marked applied), it changes nothing: no
    // event, the order's moment of change and the operation's settlement stay as they were.
    assert.deepEqual(await apply(delivered, new Date('2026-03-10T12:00:00Z')), []);
    assert.deepEqual(await source.get(order.externalId), confirmed);
    assert.deepEqual(await lastOperation(order.id), settled);
    assert.deepEqual(await history(order.id), [
      [OrderEventType.CREATED, OrderStatus.PENDING],
      [OrderEventType.STATUS_CHANGED, OrderStatus.ACKNOWLEDGED],
    ]);
  });

  test('an older download applied late never takes an order back: the newer of the two by lastModified is kept', async () => {
    const created = sandbox.control.createOrder();
    const firstDownload = await receiver.delivered(await source.requestOrders(new Date(Date.now() - 61 * 86_400_000)));
    await apply(firstDownload);
    const order = await source.get(created.orderId);
    assert.equal(order.status, OrderStatus.PENDING);
    await source.confirm(order.externalId);
    await apply(await receiver.delivered((await lastOperation(order.id)).correlationId));
    const acknowledged = await source.get(created.orderId);
    assert.equal(acknowledged.status, OrderStatus.ACKNOWLEDGED);

    // The first OrderList once more (replayed by an operator, or a redelivery that arrives late).
    const { value } = readCallbackEnvelope(firstDownload.envelope);
    const replayed = await applyCallback(
      'OrderList',
      `replay-${value.correlationId}`,
      parseLoosePayload(value.payload),
    );
    assert.equal(
      replayed.find((event) => event.orderId === order.id),
      undefined,
    );
    assert.deepEqual(await source.get(created.orderId), acknowledged);
  });

  test('one response list about two orders: each order and the operation take their own verdict', async () => {
    const [first, second] = [sandbox.control.createOrder(), sandbox.control.createOrder()];
    await downloaded(first.orderId);
    const firstOrder = await source.get(first.orderId);
    const secondOrder = await source.get(second.orderId);
    await source.confirm(firstOrder.externalId);
    const { correlationId } = await lastOperation(firstOrder.id);
    await receiver.delivered(correlationId);
    await applyCallback('ConfirmResponseList', correlationId, {
      transactionType: 'confirm',
      responses: [
        { success: true, errorMessage: null, orderId: first.orderId, shipmentId: null, itemStatuses: [] },
        {
          success: false,
          errorMessage:
            'BD_ILLEGAL_FULFILMENT_STATUS_TRANSITION - confirmPurchaseOrder failed, order status is NOT_REPLACED',
          orderId: second.orderId,
          shipmentId: null,
          itemStatuses: [],
        },
      ],
    });
    assert.equal((await lastOperation(firstOrder.id)).status, OrderOperationStatus.SUCCEEDED);
    assert.equal((await store.orderErrors([firstOrder.id])).get(firstOrder.id), undefined);
    assert.deepEqual(
      (await store.orderErrors([secondOrder.id])).get(secondOrder.id)!.map((error) => error.type),
      [OrderErrorType.ORDER_ACKNOWLEDGE],
    );
  });

  test('the seed’s failure: the errorMessage becomes an ORDER_ACKNOWLEDGE error, the operation FAILED, the line CANCELLED', async () => {
    const created = sandbox.control.createOrder();
    const order = await downloaded(created.orderId);
    sandbox.control.customerCancel(created.orderId);

    await source.confirm(order.externalId);
    const pending = await lastOperation(order.id);
    const delivered = await receiver.delivered(pending.correlationId);
    const announced = await apply(delivered);

    assert.equal((await lastOperation(order.id)).status, OrderOperationStatus.FAILED);
    const [error] = (await store.orderErrors([order.id])).get(order.id)!;
    assert.deepEqual(
      announced.map((event) => [event.type, event.message]),
      [
        [OrderEventType.STATUS_CHANGED, 'ConfirmResponseList'],
        [OrderEventType.ERROR_REPORTED, error!.message],
      ],
    );
    assert.deepEqual(await apply(delivered), [], 'applied again, nothing is announced twice');
    assert.equal(
      (await store.orderErrors([order.id])).get(order.id)!.length,
      1,
      'applied again, the error is filed once',
    );
    assert.equal(error!.type, OrderErrorType.ORDER_ACKNOWLEDGE);
    assert.equal(
      error!.message,
      'BD_ILLEGAL_FULFILMENT_STATUS_TRANSITION - confirmPurchaseOrder failed, order status is NOT_REPLACED',
    );
    assert.equal(error!.correlationId, pending.correlationId);
    assert.equal(error!.field, null);
    const after = await source.get(order.externalId);
    assert.equal(after.status, OrderStatus.CANCELLED);
    assert.equal(after.lines[0]!.marketplaceStatus, 'NOT_REPLACED');
  });

  test('ship and cancel failures are filed under their own step', async () => {
    // Fruugo closed the units itself (the customer cancelled there) after the gateway's last download: the gateway
    // cannot know it, so its calls go out, and fail in their callbacks.
    const shipped = await downloaded(sandbox.control.createOrder().orderId);
    await source.confirm(shipped.externalId);
    await apply(await receiver.delivered((await lastOperation(shipped.id)).correlationId));
    sandbox.control.customerCancel(shipped.externalId);
    await source.ship(shipped.externalId, {});
    await apply(await receiver.delivered((await lastOperation(shipped.id)).correlationId));
    const cancelled = await downloaded(sandbox.control.createOrder().orderId);
    sandbox.control.customerCancel(cancelled.externalId);
    await source.cancel(cancelled.externalId, { reason: 'OTHER' });
    await apply(await receiver.delivered((await lastOperation(cancelled.id)).correlationId));

    const operations = await store.operations([shipped.id, cancelled.id]);
    assert.deepEqual(
      [...operations.get(shipped.id)!, ...operations.get(cancelled.id)!].map((each) => [each.type, each.status]),
      [
        [OrderOperationType.CONFIRM, OrderOperationStatus.SUCCEEDED],
        [OrderOperationType.SHIP, OrderOperationStatus.FAILED],
        [OrderOperationType.CANCEL, OrderOperationStatus.FAILED],
      ],
    );
    const errors = await store.orderErrors([shipped.id, cancelled.id]);
    assert.deepEqual(
      [...errors.get(shipped.id)!, ...errors.get(cancelled.id)!].map((each) => [each.type, each.message]),
      [
        [
          OrderErrorType.ORDER_SHIP,
          'BD_ILLEGAL_FULFILMENT_STATUS_TRANSITION - shipPurchaseOrder failed, order status is NOT_REPLACED',
        ],
        [
          OrderErrorType.ORDER_CANCEL,
          'BD_ILLEGAL_FULFILMENT_STATUS_TRANSITION - cancelPurchaseOrder failed, order status is NOT_REPLACED',
        ],
      ],
    );
    assert.equal((await source.get(cancelled.externalId)).status, OrderStatus.CANCELLED);
  });

  test('an unknown callback type or a payload of the wrong shape is refused, and nothing is stored', async () => {
    const count = async () => (await store.listOrders(Marketplace.FRUUGO, {}, undefined, 1000)).orders.length;
    const before = await count();
    await assert.rejects(applyCallback('RefundResponseList', 'x', {}), CallbackFormatError);
    await assert.rejects(
      applyCallback('ConfirmResponseList', 'x', { responses: [{ success: 'yes' }] }),
      CallbackFormatError,
    );
    const valid = sandbox.control.createOrder();
    const half = { transactionType: 'download', orders: [valid, { ...valid, orderId: '1', orderDate: 'yesterday' }] };
    await assert.rejects(applyCallback('OrderList', 'x', half), CallbackFormatError);
    assert.equal(await count(), before);
    assert.equal(await store.findOrder(`FRUUGO:${valid.orderId}`), undefined, 'not even the valid order of a bad list');
  });
});
