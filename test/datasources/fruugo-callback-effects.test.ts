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
import { EmbeddedStore } from '../../src/store/embedded.js';
import { parseLoosePayload } from '../../datasources/fruugo/webhooks/loose-payload.js';
import { TEST_HTTP } from '../support/http.js';
import { startReceiver, type ReceivedCallback, type WebhookReceiver } from '../support/fruugo-receiver.js';
import { testLogger } from '../support/silent-logger.js';

/** What the gateway's webhook does with a delivery: check the envelope, read the payload, apply it. */
function apply(store: EmbeddedStore, delivered: ReceivedCallback, at = new Date()) {
  const { value } = readCallbackEnvelope(delivered.envelope);
  return applyFruugoCallback(
    store,
    { type: value.type, correlationId: value.correlationId, payload: parseLoosePayload(value.payload) },
    at,
  );
}

describe('Fruugo callbacks applied to the store, against the simulator', () => {
  let sandbox: FruugoSandbox;
  let receiver: WebhookReceiver;
  let store: EmbeddedStore;
  let source: FruugoOrderSource;

  before(async () => {
    receiver = await startReceiver();
    sandbox = await startFruugoSandbox({ orderCount: 10, webhookUrl: receiver.url, callbackDelayMs: 1 });
    store = new EmbeddedStore(':memory:');
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
  });

  async function downloaded(externalId: string) {
    const correlationId = await source.requestOrders(new Date(Date.now() - 61 * 86_400_000));
    const { saved } = await apply(store, await receiver.delivered(correlationId));
    assert.ok(saved.length > 10);
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
    const effects = await apply(store, await receiver.delivered(pending.correlationId), at);
    assert.deepEqual(
      effects.saved.map((each) => [each.order.id, each.previous?.status]),
      [[order.id, OrderStatus.PENDING]],
    );
    assert.deepEqual(effects.failures, []);

    const confirmed = await source.get(order.externalId);
    assert.equal(confirmed.status, OrderStatus.ACKNOWLEDGED);
    assert.equal(confirmed.marketplaceStatus, 'PROCESSED');
    const settled = await lastOperation(order.id);
    assert.deepEqual(
      [settled.type, settled.status, settled.completedAt],
      [OrderOperationType.CONFIRM, OrderOperationStatus.SUCCEEDED, at],
    );
    assert.equal((await store.orderErrors([order.id])).get(order.id), undefined);
  });

  test('the seed’s failure: the errorMessage becomes an ORDER_ACKNOWLEDGE error, the operation FAILED, the line CANCELLED', async () => {
    const created = sandbox.control.createOrder();
    const order = await downloaded(created.orderId);
    sandbox.control.customerCancel(created.orderId);

    await source.confirm(order.externalId);
    const pending = await lastOperation(order.id);
    const delivered = await receiver.delivered(pending.correlationId);
    const effects = await apply(store, delivered);

    assert.equal((await lastOperation(order.id)).status, OrderOperationStatus.FAILED);
    const [error] = (await store.orderErrors([order.id])).get(order.id)!;
    assert.deepEqual(effects.failures, [{ orderId: order.id, error }]);
    await apply(store, delivered);
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
    const created = sandbox.control.createOrder();
    const order = await downloaded(created.orderId);
    await source.ship(order.externalId, {});
    await apply(store, await receiver.delivered((await lastOperation(order.id)).correlationId));
    await source.cancel(order.externalId, { reason: 'OTHER' });
    await apply(store, await receiver.delivered((await lastOperation(order.id)).correlationId));
    await source.cancel(order.externalId, { reason: 'OTHER' });
    await apply(store, await receiver.delivered((await lastOperation(order.id)).correlationId));

    const operations = (await store.operations([order.id])).get(order.id)!;
    assert.deepEqual(
      operations.map((each) => [each.type, each.status]),
      [
        [OrderOperationType.SHIP, OrderOperationStatus.FAILED],
        [OrderOperationType.CANCEL, OrderOperationStatus.SUCCEEDED],
        [OrderOperationType.CANCEL, OrderOperationStatus.FAILED],
      ],
    );
    assert.deepEqual(
      (await store.orderErrors([order.id])).get(order.id)!.map((each) => [each.type, each.message]),
      [
        [
          OrderErrorType.ORDER_SHIP,
          'BD_ILLEGAL_FULFILMENT_STATUS_TRANSITION - shipPurchaseOrder failed, order status is PENDING',
        ],
        [
          OrderErrorType.ORDER_CANCEL,
          'BD_ILLEGAL_FULFILMENT_STATUS_TRANSITION - cancelPurchaseOrder failed, order status is CANCELLED',
        ],
      ],
    );
    assert.equal((await source.get(order.externalId)).status, OrderStatus.CANCELLED);
  });

  test('an unknown callback type or a payload of the wrong shape is refused, and nothing is stored', async () => {
    const count = async () => (await store.listOrders(Marketplace.FRUUGO, {}, undefined, 1000)).orders.length;
    const before = await count();
    await assert.rejects(
      applyFruugoCallback(store, { type: 'RefundResponseList', correlationId: 'x', payload: {} }, new Date()),
      CallbackFormatError,
    );
    await assert.rejects(
      applyFruugoCallback(
        store,
        { type: 'ConfirmResponseList', correlationId: 'x', payload: { responses: [{ success: 'yes' }] } },
        new Date(),
      ),
      CallbackFormatError,
    );
    const valid = sandbox.control.createOrder();
    const half = { transactionType: 'download', orders: [valid, { ...valid, orderId: '1', orderDate: 'yesterday' }] };
    await assert.rejects(
      applyFruugoCallback(store, { type: 'OrderList', correlationId: 'x', payload: half }, new Date()),
      CallbackFormatError,
    );
    assert.equal(await count(), before);
    assert.equal(await store.findOrder(`FRUUGO:${valid.orderId}`), undefined, 'not even the valid order of a bad list');
  });
});
