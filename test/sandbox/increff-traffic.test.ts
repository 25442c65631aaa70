import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { SearchInventoryResponse } from '../../datasources/increff/wire.js';
import { startIncreffSandbox, type IncreffSandbox } from '../../sandbox/increff/index.js';
import { assertEmptyOk, assertIncreffError, call, outwardOrder } from '../support/increff.js';

const SEARCH = '/inventories/search-sku';
const search = (sandbox: IncreffSandbox) =>
  call<SearchInventoryResponse>(sandbox, 'POST', SEARCH, { channelSkuCodes: ['PSKU-000001'] });

describe('Increff sandbox: rate limit', () => {
  test('past the window’s budget: 429 RATE_LIMIT_EXCEEDED, no Retry-After, until the window closes', async () => {
    const sandbox = await startIncreffSandbox({ catalogSize: 5, ratePerMinute: 3 });
    try {
      for (let n = 0; n < 3; n += 1) assert.equal((await search(sandbox)).status, 200);
      const refused = await search(sandbox);
      assertIncreffError(refused, 429, 'RATE_LIMIT_EXCEEDED');
      assert.equal(refused.headers.get('retry-after'), null);
      // Refused calls count too, and a call without credentials is still a call.
      assertIncreffError(await call(sandbox, 'POST', SEARCH, {}, {}), 429, 'RATE_LIMIT_EXCEEDED');
      sandbox.control.advanceClock(60);
      assert.equal((await search(sandbox)).status, 200);
    } finally {
      await sandbox.close();
    }
  });

  test('with retryAfterSeconds set, the refusal carries Retry-After', async () => {
    const sandbox = await startIncreffSandbox({ catalogSize: 5, ratePerMinute: 1, retryAfterSeconds: 2 });
    try {
      await search(sandbox);
      const refused = await search(sandbox);
      assertIncreffError(refused, 429, 'RATE_LIMIT_EXCEEDED');
      assert.equal(refused.headers.get('retry-after'), '2');
    } finally {
      await sandbox.close();
    }
  });
});

describe('Increff sandbox: faults, latency, request log, sandbox routes', () => {
  let sandbox: IncreffSandbox;

  before(async () => {
    sandbox = await startIncreffSandbox({ catalogSize: 20 });
  });

  after(async () => {
    await sandbox.close();
  });

  beforeEach(() => {
    sandbox.control.clearFaults();
    sandbox.control.resetRequests();
  });

  test('an injected fault answers in Increff’s shape with the code of its status, then passes', async () => {
    sandbox.control.injectFault({ path: SEARCH, status: 503, count: 2 });
    assertIncreffError(await search(sandbox), 503, 'SERVICE_UNAVAILABLE');
    assertIncreffError(await search(sandbox), 503, 'SERVICE_UNAVAILABLE');
    assert.equal((await search(sandbox)).status, 200);
    sandbox.control.injectFault({ method: 'POST', path: SEARCH, status: 500, code: 'INTERNAL_ERROR' });
    assertIncreffError(await search(sandbox), 500, 'INTERNAL_ERROR');
  });

  test('a fault after processing: the order exists although the answer was a 500', async () => {
    const order = outwardOrder();
    sandbox.control.injectFault({ path: '/orders/outward', status: 500, afterProcessing: true });
    assertIncreffError(await call(sandbox, 'POST', '/orders/outward', order), 500, 'INTERNAL_ERROR');
    assert.equal(sandbox.control.order(order.orderCode)?.status, 'CREATED');
    assertIncreffError(await call(sandbox, 'POST', '/orders/outward', order), 409, 'ORDER_ALREADY_EXISTS');
  });

  test('latency is added before every answer', async () => {
    sandbox.control.setLatency(80);
    try {
      const started = performance.now();
      await search(sandbox);
      assert.ok(performance.now() - started >= 75);
    } finally {
      sandbox.control.setLatency(0);
    }
  });

  test('the request log holds Increff calls with their statuses, not the sandbox routes', async () => {
    await search(sandbox);
    await call(sandbox, 'POST', SEARCH, {}, {});
    await call(sandbox, 'GET', '/_sandbox/orders/SO-NEVER');
    assert.deepEqual(
      sandbox.control.requests().map((entry) => [entry.method, entry.path, entry.status]),
      [
        ['POST', SEARCH, 200],
        ['POST', SEARCH, 401],
      ],
    );
  });

  test('sandbox routes for humans: set stock, see and advance an order, move the clock (no credentials)', async () => {
    const stock = await call<Array<{ locationCode: string; available: number }>>(
      sandbox,
      'PUT',
      '/_sandbox/inventories',
      { locationCode: 'STORE-DXB-01', channelSkuCode: 'PSKU-000003', quantity: 6 },
      {},
    );
    assert.equal(stock.status, 200);
    assert.deepEqual(stock.body.find((count) => count.locationCode === 'STORE-DXB-01')?.available, 6);

    const order = outwardOrder({
      locationCode: 'STORE-DXB-01',
      orderItems: [{ channelSkuCode: 'PSKU-000003', orderItemCode: 'A', quantity: 2, sellingPricePerUnit: 5 }],
    });
    assertEmptyOk(await call(sandbox, 'POST', '/orders/outward', order));
    const seen = await call<{ status: string }>(sandbox, 'GET', `/_sandbox/orders/${order.orderCode}`, undefined, {});
    assert.equal(seen.body.status, 'CREATED');
    const advanced = await call<{ status: string }>(
      sandbox,
      'POST',
      `/_sandbox/orders/${order.orderCode}/advance`,
      { status: 'PACKED' },
      {},
    );
    assert.equal(advanced.body.status, 'PACKED');
    assertIncreffError(
      await call(sandbox, 'POST', `/_sandbox/orders/${order.orderCode}/advance`, { status: 'CREATED' }, {}),
      400,
      'BAD_DATA',
    );
    assertIncreffError(await call(sandbox, 'GET', '/_sandbox/orders/SO-NEVER', undefined, {}), 404, 'ORDER_NOT_FOUND');
    assertIncreffError(
      await call(
        sandbox,
        'PUT',
        '/_sandbox/inventories',
        { locationCode: 'WH-X', channelSkuCode: 'PSKU-000003', quantity: 1 },
        {},
      ),
      400,
      'LOCATION_NOT_FOUND',
    );

    const before = sandbox.control.now().getTime();
    const clock = await call<{ now: string }>(sandbox, 'POST', '/_sandbox/clock/advance', { seconds: 3600 }, {});
    assert.ok(Date.parse(clock.body.now) - before >= 3_600_000);
  });
});
