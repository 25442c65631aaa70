import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readOrderList, readResponseList } from '../../datasources/fruugo/callbacks.js';
import { createFruugoClient } from '../../datasources/fruugo/index.js';
import { FruugoOrdersApi } from '../../datasources/fruugo/api/orders.js';
import { Marketplace } from '../../schema/marketplace.js';
import { UpstreamError } from '../../src/http/upstream-error.js';
import { startFruugoSandbox, type FruugoSandbox } from '../../sandbox/fruugo/index.js';
import { TEST_HTTP } from '../support/http.js';
import { startReceiver, type WebhookReceiver } from '../support/fruugo-receiver.js';
import { testLogger } from '../support/silent-logger.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function rejection(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof UpstreamError, `expected an UpstreamError, got ${String(error)}`);
    return error;
  }
  assert.fail('the call succeeded');
}

describe('Fruugo datasource: the Orders API over HTTP', () => {
  let sandbox: FruugoSandbox;
  let receiver: WebhookReceiver;
  let api: FruugoOrdersApi;

  before(async () => {
    receiver = await startReceiver();
    sandbox = await startFruugoSandbox({ orderCount: 20, webhookUrl: receiver.url, callbackDelayMs: 1 });
    const client = createFruugoClient({ baseUrl: sandbox.url, ...sandbox.credentials }, TEST_HTTP, testLogger);
    api = new FruugoOrdersApi(client.caller(testLogger));
  });

  after(async () => {
    await sandbox.close();
    await receiver.close();
  });

  /** Paths and statuses of the calls the sandbox saw for `path` since the last reset. */
  function seen(path: string): number[] {
    return sandbox.control
      .requests()
      .filter((entry) => entry.path === path)
      .map((entry) => entry.status);
  }

  test('search: our own correlation id, sent with Basic auth, comes back in the OrderList callback', async () => {
    const { correlationId } = await api.search({ dateFrom: new Date(Date.now() - 61 * 86_400_000).toISOString() });
    assert.match(correlationId, UUID);
    const delivered = await receiver.delivered(correlationId);
    assert.equal(delivered.envelope.value.type, 'OrderList');
    assert.equal(readOrderList(delivered.payload).orders.length, 20);
  });

  test('confirm, ship and cancel: the 202’s correlation id is the one we chose, and each call is applied', async () => {
    const order = sandbox.control.createOrder({ lines: [{ skuId: 'PSKU-000007', quantity: 2 }] });
    const item = { productId: 'PROD-0003', skuId: 'PSKU-000007' };

    const confirmed = await api.confirm([{ type: 'confirm', orderId: order.orderId }], 'chosen-confirm');
    assert.deepEqual(confirmed, { correlationId: 'chosen-confirm' });
    assert.equal(readResponseList((await receiver.delivered('chosen-confirm')).payload).responses[0]?.success, true);

    const shipped = await api.ship([
      { type: 'ship', orderId: order.orderId, itemQuantities: [{ ...item, quantity: 1 }], trackingCode: 'T1' },
    ]);
    const shipResponse = readResponseList((await receiver.delivered(shipped.correlationId)).payload).responses[0]!;
    assert.equal(shipResponse.success, true);

    const cancelled = await api.cancel([
      { type: 'cancel', orderId: order.orderId, itemQuantities: [], cancellationReason: 'out_of_stock' },
    ]);
    const cancelResponse = readResponseList((await receiver.delivered(cancelled.correlationId)).payload).responses[0]!;
    assert.deepEqual(
      cancelResponse.itemStatuses.map((entry) => [entry.quantity, entry.status]),
      [
        [1, 'SHIPPED'],
        [1, 'CANCELLED'],
      ],
    );
  });

  test('wrong credentials: 401 UNAUTHORIZED, not retried', async () => {
    const client = createFruugoClient(
      { baseUrl: sandbox.url, username: 'sandbox-retailer', password: 'nope' },
      TEST_HTTP,
      testLogger,
    );
    sandbox.control.resetRequests();
    const error = await rejection(
      new FruugoOrdersApi(client.caller(testLogger)).search({ dateFrom: '2026-01-01T00:00:00Z' }),
    );
    assert.equal(error.marketplace, Marketplace.FRUUGO);
    assert.equal(error.httpStatus, 401);
    assert.equal(error.code, 'UNAUTHORIZED');
    assert.deepEqual(seen('/v3/orders'), [401]);
  });

  test('400: VALIDATION_ERROR with one detail per field, the body kept, not retried', async () => {
    sandbox.control.resetRequests();
    const error = await rejection(
      api.confirm([{ type: 'confirm', orderId: ' ', itemQuantities: [{ productId: '', skuId: 'S', quantity: 0 }] }]),
    );
    assert.equal(error.httpStatus, 400);
    assert.equal(error.code, 'VALIDATION_ERROR');
    assert.deepEqual(error.details, [
      { field: 'orderId', message: 'must not be blank' },
      { field: 'productId', message: 'must not be blank' },
      { field: 'quantity', message: 'must be greater than or equal to 1' },
    ]);
    assert.equal(
      error.message,
      'Fruugo refused the request: orderId must not be blank; productId must not be blank; quantity must be greater than or equal to 1',
    );
    assert.ok(Array.isArray(error.body));
    assert.deepEqual(seen('/v3/orders/confirm'), [400]);
  });

  test('429 on confirm: waits the Retry-After, repeats the same call, succeeds', async () => {
    const order = sandbox.control.createOrder();
    sandbox.control.resetRequests();
    sandbox.control.injectFault({ path: '/v3/orders/confirm', status: 429, retryAfterSeconds: 1 });
    const started = performance.now();
    const { correlationId } = await api.confirm([{ type: 'confirm', orderId: order.orderId }]);
    assert.ok(performance.now() - started >= 990, `waited ${Math.round(performance.now() - started)} ms`);
    assert.deepEqual(seen('/v3/orders/confirm'), [429, 202]);
    const delivered = await receiver.delivered(correlationId);
    assert.equal(readResponseList(delivered.payload).responses[0]?.success, true);
    assert.equal(sandbox.control.callbacks().filter((callback) => callback.correlationId === correlationId).length, 1);
  });

  test('429 asking for longer than we wait: returned at once with the delay', async () => {
    sandbox.control.injectFault({ path: '/v3/orders/confirm', status: 429, retryAfterSeconds: 30 });
    const error = await rejection(api.confirm([{ type: 'confirm', orderId: '1' }]));
    assert.equal(error.httpStatus, 429);
    assert.equal(error.code, 'RATE_LIMIT_EXCEEDED');
    assert.equal(error.retryAfterMs, 30_000);
  });

  test('503: the download is repeated, a confirm is not (it may have been applied)', async () => {
    sandbox.control.resetRequests();
    sandbox.control.injectFault({ path: '/v3/orders', status: 503 });
    await api.search({ dateFrom: '2026-01-01T00:00:00Z' });
    assert.deepEqual(seen('/v3/orders'), [503, 202]);

    sandbox.control.injectFault({ path: '/v3/orders/confirm', status: 503 });
    const error = await rejection(api.confirm([{ type: 'confirm', orderId: '1' }]));
    assert.equal(error.httpStatus, 503);
    assert.equal(error.code, 'SERVICE_UNAVAILABLE');
    assert.deepEqual(seen('/v3/orders/confirm'), [503]);
  });
});
