import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { IncreffInventorySource } from '../../datasources/increff/inventory-source.js';
import { Marketplace } from '../../schema/marketplace.js';
import { UpstreamError } from '../../src/http/upstream-error.js';
import { startIncreffSandbox, type IncreffSandbox } from '../../sandbox/increff/index.js';
import { assertEmptyOk, call, outwardOrder, sandboxApi } from '../support/increff.js';

const SEARCH = '/inventories/search-sku';
const sku = (n: number) => `PSKU-${String(n).padStart(6, '0')}`;

describe('Increff inventory source', () => {
  let sandbox: IncreffSandbox;
  let source: IncreffInventorySource;

  const searches = () => sandbox.control.requests().filter((entry) => entry.path === SEARCH);

  before(async () => {
    sandbox = await startIncreffSandbox({ catalogSize: 3000 });
    source = new IncreffInventorySource(sandboxApi(sandbox));
  });

  after(async () => {
    await sandbox.close();
  });

  beforeEach(() => {
    sandbox.control.clearFaults();
    sandbox.control.resetRequests();
    sandbox.control.setSearchListKey('successList');
  });

  test('declares Increff and its 200-SKU batch', () => {
    assert.equal(source.marketplace, Marketplace.INCREFF);
    assert.equal(source.maxBatchSize, 200);
  });

  test('450 SKUs take 3 calls; one level per SKU and location holding it; unknown SKUs are absent', async () => {
    const skus = [...Array.from({ length: 449 }, (_, index) => sku(index + 1)), 'NOT-LISTED'];
    const levels = await source.levels(skus);
    assert.deepEqual(
      searches().map((entry) => entry.status),
      [200, 200, 200],
    );
    const expected = skus.flatMap((code) =>
      sandbox.control
        .stock(code)
        .map((count) => ({ sku: code, location: count.locationCode, available: count.available })),
    );
    assert.equal(levels.length, expected.length);
    assert.deepEqual(
      levels.map((level) => ({ sku: level.sku, location: level.location, available: level.available })).sort(byKey),
      expected.sort(byKey),
    );
    assert.ok(levels.every((level) => level.marketplace === Marketplace.INCREFF && level.updatedAt === null));
    assert.ok(!levels.some((level) => level.sku === 'NOT-LISTED'));
  });

  test('a SKU asked twice is asked once', async () => {
    const levels = await source.levels(['PSKU-000002', 'PSKU-000002']);
    assert.equal(searches().length, 1);
    assert.deepEqual(
      levels.map((level) => level.location),
      ['WH-DXB-01', 'WH-RUH-01'],
    );
  });

  test('available is what Increff can still promise: an order pushed takes its units', async () => {
    sandbox.control.setStock('WH-DXB-01', 'PSKU-000011', 9);
    const order = outwardOrder({
      orderItems: [{ channelSkuCode: 'PSKU-000011', orderItemCode: 'A', quantity: 4, sellingPricePerUnit: 1 }],
    });
    assertEmptyOk(await call(sandbox, 'POST', '/orders/outward', order));
    const [level] = await source.levels(['PSKU-000011']);
    assert.deepEqual(level, {
      sku: 'PSKU-000011',
      marketplace: Marketplace.INCREFF,
      location: 'WH-DXB-01',
      available: 5,
      updatedAt: null,
    });
  });

  test('reads the page example’s misspelt sucessList too', async () => {
    const spelledRight = await source.levels(['PSKU-000010']);
    sandbox.control.setSearchListKey('sucessList');
    assert.deepEqual(await source.levels(['PSKU-000010']), spelledRight);
    assert.equal(spelledRight.length, 3);
  });

  test('a 429 is waited out and retried', async () => {
    sandbox.control.injectFault({ path: SEARCH, status: 429, count: 2 });
    const levels = await source.levels(['PSKU-000001']);
    assert.equal(levels.length, 1);
    assert.deepEqual(
      searches().map((entry) => entry.status),
      [429, 429, 200],
    );
  });

  test('a 5xx is retried (a search is a read); one that lasts ends as the upstream error', async () => {
    sandbox.control.injectFault({ path: SEARCH, status: 503 });
    assert.equal((await source.levels(['PSKU-000001'])).length, 1);
    assert.equal(searches().length, 2);

    sandbox.control.resetRequests();
    sandbox.control.injectFault({ path: SEARCH, status: 500, count: 10 });
    await assert.rejects(source.levels(['PSKU-000001']), (error: unknown) => {
      assert.ok(error instanceof UpstreamError);
      assert.equal(error.code, 'INTERNAL_ERROR');
      assert.equal(error.httpStatus, 500);
      assert.equal(error.marketplace, Marketplace.INCREFF);
      return true;
    });
    assert.equal(searches().length, 4, 'the first attempt and three retries');
  });

  test('wrong credentials: UNAUTHORIZED (401), not retried', async () => {
    const refused = new IncreffInventorySource(sandboxApi(sandbox, undefined, 'wrong-password'));
    await assert.rejects(refused.levels(['PSKU-000001']), (error: unknown) => {
      assert.ok(error instanceof UpstreamError);
      assert.equal(error.code, 'UNAUTHORIZED');
      assert.equal(error.httpStatus, 401);
      assert.match(error.message, /authPassword/);
      return true;
    });
    assert.equal(searches().length, 1);
  });
});

function byKey(a: { sku: string; location: string }, b: { sku: string; location: string }): number {
  return `${a.sku} ${a.location}`.localeCompare(`${b.sku} ${b.location}`);
}
