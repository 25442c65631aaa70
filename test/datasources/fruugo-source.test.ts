import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { readOrderList, readResponseList } from '../../datasources/fruugo/callbacks.js';
import { createFruugoClient, createFruugoOrderSource } from '../../datasources/fruugo/index.js';
import { toOrder, withItemStatuses } from '../../datasources/fruugo/mapping.js';
import type { FruugoOrderSource } from '../../datasources/fruugo/order-source.js';
import type { FruugoOrder } from '../../datasources/fruugo/wire.js';
import { Marketplace } from '../../schema/marketplace.js';
import { OrderErrorType, OrderOperationStatus, OrderOperationType, OrderStatus } from '../../schema/order.js';
import { BadInput, type FieldProblem } from '../../src/domain/errors.js';
import { errorCode } from '../../src/graphql/errors.js';
import { UpstreamError } from '../../src/http/upstream-error.js';
import { startFruugoSandbox, type FruugoSandbox } from '../../sandbox/fruugo/index.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { TEST_HTTP } from '../support/http.js';
import { startReceiver, type WebhookReceiver } from '../support/fruugo-receiver.js';
import { testLogger } from '../support/silent-logger.js';
import { keepOrder } from '../support/kept-orders.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function rejection<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof type, `expected a ${type.name}, got ${String(error)}`);
    return error;
  }
  assert.fail('the call succeeded');
}

describe('Fruugo datasource: FruugoOrderSource over the callback store', () => {
  let sandbox: FruugoSandbox;
  let receiver: WebhookReceiver;
  let store: EmbeddedStore;
  let source: FruugoOrderSource;

  before(async () => {
    receiver = await startReceiver();
    sandbox = await startFruugoSandbox({ orderCount: 30, webhookUrl: receiver.url, callbackDelayMs: 1 });
    const client = createFruugoClient({ baseUrl: sandbox.url, ...sandbox.credentials }, TEST_HTTP, testLogger);
    store = new EmbeddedStore(':memory:');
    source = createFruugoOrderSource(client, store, testLogger);
  });

  beforeEach(() => sandbox.control.resetRequests());

  after(async () => {
    await sandbox.close();
    await receiver.close();
    await store.close();
  });

  /** What the webhook does with an OrderList: every order mapped and saved. */
  async function download(since = new Date(Date.now() - 61 * 86_400_000)): Promise<FruugoOrder[]> {
    const correlationId = await source.requestOrders(since);
    const { orders } = readOrderList((await receiver.delivered(correlationId)).payload);
    for (const order of orders) await keepOrder(store, toOrder(order));
    return orders;
  }

  /** A new PENDING order in the sandbox, downloaded into the store. */
  async function newOrder(
    lines = [
      { skuId: 'PSKU-000100', quantity: 2 },
      { skuId: 'PSKU-000101', quantity: 1 },
    ],
  ) {
    const order = sandbox.control.createOrder({ lines });
    await download(new Date(Date.parse(order.lastModified) - 1000));
    return source.get(order.orderId);
  }

  test('list and get read what the download stored, newest first; an unknown order is ORDER_NOT_FOUND', async () => {
    const downloaded = await download();
    assert.equal(downloaded.length, 30);
    const page = await source.list({}, undefined, 10);
    assert.equal(page.orders.length, 10);
    assert.deepEqual(
      page.orders.map((order) => order.externalId),
      downloaded.slice(0, 10).map((order) => order.orderId),
    );
    const next = await source.list({}, page.positionAfter(10), 100);
    assert.equal(next.orders.length, 20);

    const one = await source.get(downloaded[3]!.orderId);
    assert.equal(one.id, `FRUUGO:${downloaded[3]!.orderId}`);
    assert.equal(one.marketplace, Marketplace.FRUUGO);

    const missing = await rejection(source.get('0000000001000444'), UpstreamError);
    assert.deepEqual(
      [missing.code, missing.httpStatus, missing.marketplace],
      ['ORDER_NOT_FOUND', 404, Marketplace.FRUUGO],
    );
    await rejection(source.confirm('0000000001000444'), UpstreamError);
    assert.deepEqual(
      sandbox.control.requests().filter((entry) => entry.path !== '/v3/orders'),
      [],
      'nothing sent for an unknown order',
    );
  });

  test('confirm: the order as it stands, a PENDING operation under the correlation id the callback carries', async () => {
    const order = await newOrder();
    const returned = await source.confirm(order.externalId);
    assert.deepEqual(returned, order, 'unchanged until the callback');

    const operations = (await store.operations([order.id])).get(order.id) ?? [];
    assert.equal(operations.length, 1);
    const [operation] = operations;
    assert.equal(operation!.type, OrderOperationType.CONFIRM);
    assert.equal(operation!.status, OrderOperationStatus.PENDING);
    assert.equal(operation!.completedAt, null);
    assert.match(operation!.correlationId, UUID);

    const delivered = await receiver.delivered(operation!.correlationId);
    assert.equal(delivered.envelope.value.type, 'ConfirmResponseList');
    const [response] = readResponseList(delivered.payload).responses;
    assert.equal(response!.success, true);
    const settled = withItemStatuses(order, response!.itemStatuses, new Date());
    assert.equal(settled.status, OrderStatus.ACKNOWLEDGED);
    assert.deepEqual(
      settled.lines.map((line) => line.marketplaceStatus),
      ['CONFIRMED', 'CONFIRMED'],
    );
  });

  test('ship: line ids become Fruugo’s item quantities, the tracking number its tracking code', async () => {
    const order = await newOrder();
    await source.confirm(order.externalId);
    const [first] = order.lines;
    assert.equal(first!.id, 'PROD-0034/PSKU-000100');
    await source.ship(order.externalId, {
      lines: [{ lineId: first!.id, quantity: 1 }],
      trackingNumber: 'RM123',
      trackingUrl: 'https://track.example.com/RM123',
    });
    const operations = (await store.operations([order.id])).get(order.id)!;
    assert.deepEqual(
      operations.map((operation) => operation.type),
      [OrderOperationType.CONFIRM, OrderOperationType.SHIP],
    );
    const [response] = readResponseList((await receiver.delivered(operations[1]!.correlationId)).payload).responses;
    assert.equal(response!.success, true);
    assert.deepEqual(
      response!.itemStatuses.map((entry) => [entry.skuId, entry.quantity, entry.status]),
      [
        ['PSKU-000100', 1, 'CONFIRMED'],
        ['PSKU-000100', 1, 'SHIPPED'],
        ['PSKU-000101', 1, 'CONFIRMED'],
      ],
    );
    const shipment = sandbox.control.order(order.externalId)!.shipments[0]!;
    assert.deepEqual([shipment.trackingCode, shipment.trackingUrl], ['RM123', 'https://track.example.com/RM123']);
  });

  test('a line id that is not one of the order’s, or a carrier, is the caller’s mistake: BAD_USER_INPUT, nothing sent', async () => {
    const order = await newOrder();
    sandbox.control.resetRequests();
    const error = await rejection(
      source.ship(order.externalId, {
        lines: [{ lineId: 'PROD-0034/PSKU-999999', quantity: 1 }],
        carrier: 'Royal Mail',
      }),
      BadInput,
    );
    assert.equal(errorCode(error), 'BAD_USER_INPUT');
    assert.deepEqual(
      (error.details as readonly FieldProblem[]).map((detail) => detail.field),
      ['input.carrier', 'input.lines[0].lineId'],
    );
    await rejection(
      source.cancel(order.externalId, { reason: 'OTHER', lines: [{ lineId: 'nonsense', quantity: 1 }] }),
      BadInput,
    );
    assert.deepEqual(sandbox.control.requests(), []);
  });

  test('cancel: the whole order (every unit not shipped) with the reason in Fruugo’s words', async () => {
    const order = await newOrder();
    await source.cancel(order.externalId, { reason: 'OUT_OF_STOCK', messageToCustomer: 'Sorry' });
    const operation = (await store.operations([order.id])).get(order.id)!.at(-1)!;
    assert.equal(operation.type, OrderOperationType.CANCEL);
    const [response] = readResponseList((await receiver.delivered(operation.correlationId)).payload).responses;
    assert.deepEqual(
      response!.itemStatuses.map((entry) => entry.status),
      ['CANCELLED', 'CANCELLED'],
    );
    assert.equal(withItemStatuses(order, response!.itemStatuses, new Date()).status, OrderStatus.CANCELLED);
  });

  test('a 400 on confirm: one ORDER_ACKNOWLEDGE error per field, under our correlation id, and the error returned', async () => {
    const order = await newOrder();
    sandbox.control.injectFault({ path: '/v3/orders/confirm', status: 400 });
    const error = await rejection(source.confirm(order.externalId), UpstreamError);
    assert.deepEqual([error.code, error.httpStatus], ['VALIDATION_ERROR', 400]);
    assert.deepEqual(error.details, [
      { field: 'productId', message: 'must not be null' },
      { field: 'skuIds', message: 'size must be between 1 and 200' },
    ]);

    const errors = (await store.orderErrors([order.id])).get(order.id)!;
    assert.deepEqual(
      errors.map((entry) => [entry.type, entry.field, entry.message]),
      [
        [OrderErrorType.ORDER_ACKNOWLEDGE, 'productId', 'must not be null'],
        [OrderErrorType.ORDER_ACKNOWLEDGE, 'skuIds', 'size must be between 1 and 200'],
      ],
    );
    assert.match(errors[0]!.correlationId ?? '', UUID);
    assert.equal(errors[0]!.correlationId, errors[1]!.correlationId);
    const operations = (await store.operations([order.id])).get(order.id)!;
    assert.deepEqual(
      operations.map((operation) => [operation.type, operation.status, operation.correlationId]),
      [[OrderOperationType.CONFIRM, OrderOperationStatus.FAILED, errors[0]!.correlationId]],
      'a refused call is settled at once, under the id of its errors',
    );
  });

  test('a 400 on ship and cancel is filed as ORDER_SHIP and ORDER_CANCEL', async () => {
    const order = await newOrder();
    // A quantity of 0 is Fruugo's own 400 (the GraphQL layer would refuse it first; the datasource does not).
    await rejection(
      source.ship(order.externalId, { lines: [{ lineId: order.lines[0]!.id, quantity: 0 }] }),
      UpstreamError,
    );
    sandbox.control.injectFault({ path: '/v3/orders/cancel', status: 400, code: 'BAD_REQUEST' });
    await rejection(source.cancel(order.externalId, { reason: 'OTHER' }), UpstreamError);
    const errors = (await store.orderErrors([order.id])).get(order.id)!;
    assert.deepEqual(
      errors.map((entry) => [entry.type, entry.field, entry.message]),
      [
        [OrderErrorType.ORDER_SHIP, 'quantity', 'must be greater than or equal to 1'],
        [OrderErrorType.ORDER_CANCEL, null, 'The request could not be read'],
      ],
    );
  });

  test('429 on confirm: waits the Retry-After, then records the operation', async () => {
    const order = await newOrder();
    sandbox.control.injectFault({ path: '/v3/orders/confirm', status: 429, retryAfterSeconds: 1 });
    const started = performance.now();
    await source.confirm(order.externalId);
    assert.ok(performance.now() - started >= 990);
    const [operation] = (await store.operations([order.id])).get(order.id)!;
    assert.equal(operation!.status, OrderOperationStatus.PENDING);
    assert.equal(
      readResponseList((await receiver.delivered(operation!.correlationId)).payload).responses[0]?.success,
      true,
    );
  });

  test('a 503 on confirm is returned as it is: no order error, its operation settled FAILED', async () => {
    const order = await newOrder();
    sandbox.control.injectFault({ path: '/v3/orders/confirm', status: 503 });
    const error = await rejection(source.confirm(order.externalId), UpstreamError);
    assert.equal(error.httpStatus, 503);
    assert.equal((await store.orderErrors([order.id])).get(order.id), undefined);
    assert.deepEqual(
      (await store.operations([order.id])).get(order.id)!.map((operation) => [operation.type, operation.status]),
      [[OrderOperationType.CONFIRM, OrderOperationStatus.FAILED]],
    );
  });
});
