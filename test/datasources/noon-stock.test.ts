import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { NoonStockApi } from '../../datasources/noon/stock/api.js';
import { chunks, sendInBatches } from '../../datasources/noon/stock/batches.js';
import { NoonInventorySource } from '../../datasources/noon/stock/inventory-source.js';
import { NoonOfferUpdates } from '../../datasources/noon/stock/offer-updates.js';
import type { PriceGetResponse } from '../../datasources/noon/stock/wire.js';
import { Marketplace } from '../../schema/marketplace.js';
import { BadInput } from '../../src/domain/errors.js';
import { errorCode } from '../../src/graphql/errors.js';
import { UpstreamError } from '../../src/http/upstream-error.js';
import { SANDBOX_FBPI_WAREHOUSE_CODE, startNoonSandbox, type NoonSandbox } from '../../sandbox/noon/index.js';
import { requestStatuses, sandboxNoonClient } from '../support/noon-fbpi.js';
import { assertOk, loginClient, nonBulkySkus, type NoonTestClient } from '../support/noon-login.js';
import { testLogger } from '../support/silent-logger.js';

const warehouse = SANDBOX_FBPI_WAREHOUSE_CODE;

describe('noon stock and price updates, and inventory, against the noon sandbox', () => {
  let sandbox: NoonSandbox;
  let raw: NoonTestClient;
  let updates: NoonOfferUpdates;
  let inventory: NoonInventorySource;

  before(async () => {
    sandbox = await startNoonSandbox({ catalogSize: 2200, fbpiOrderCount: 0 });
    raw = await loginClient(sandbox);
    const api = new NoonStockApi(sandboxNoonClient(sandbox).caller(testLogger));
    updates = new NoonOfferUpdates(api, warehouse);
    inventory = new NoonInventorySource(api, warehouse);
  });

  after(async () => {
    await sandbox.close();
  });

  test("updateStock reports each refused SKU with noon's code while the others apply; levels show them", async () => {
    const results = await updates.updateStock([
      { sku: 'PSKU-000001', quantity: 12, processingTimeDays: 2 },
      { sku: 'NOPE-1', quantity: 3 },
      { sku: 'PSKU-000002', quantity: 0 },
      { sku: 'PSKU-INACTIVE-1', quantity: 1 },
      { sku: 'PSKU-000003', quantity: -4 },
      { sku: 'PSKU-000004', quantity: 1, processingTimeDays: 45 },
    ]);
    assert.deepEqual(
      results.map((result) => [result.sku, result.success, result.code]),
      [
        ['PSKU-000001', true, null],
        ['NOPE-1', false, 'PARTNER_SKU_NOT_FOUND'],
        ['PSKU-000002', true, null],
        ['PSKU-INACTIVE-1', false, 'INACTIVE_PSKU_CODE'],
        ['PSKU-000003', false, 'INVALID_QTY'],
        ['PSKU-000004', false, 'INVALID_PROCESSING_TIME'],
      ],
    );
    assert.equal(results[1]?.message, 'partner_sku is not in your catalog');

    const levels = await inventory.levels(['PSKU-000001', 'PSKU-000002', 'NOPE-1', 'PSKU-INACTIVE-1']);
    assert.deepEqual(
      levels.map((level) => [level.sku, level.available, level.location, level.marketplace]),
      [
        ['PSKU-000001', 12, warehouse, Marketplace.NOON],
        ['PSKU-000002', 0, warehouse, Marketplace.NOON],
      ],
      'SKUs noon refuses are absent',
    );
    assert.ok(levels[0]?.updatedAt instanceof Date);
    assert.ok(sandbox.control.now().getTime() - (levels[0]?.updatedAt?.getTime() ?? 0) < 5000);
    assert.equal(inventory.maxBatchSize, 1000);
    assert.equal(inventory.marketplace, Marketplace.NOON);
  });

  test('2,100 SKUs go in three calls of at most 1,000, in order, and read back in three', async () => {
    const skus = nonBulkySkus(2100);
    sandbox.control.resetRequests();
    const results = await updates.updateStock(skus.map((sku, index) => ({ sku, quantity: index % 50 })));
    assert.deepEqual(requestStatuses(sandbox, '/stock/v1/stock-update'), [200, 200, 200]);
    assert.equal(results.length, 2100);
    assert.ok(results.every((result, index) => result.success && result.sku === skus[index]));

    const levels = await inventory.levels([...skus, skus[0]!]);
    assert.deepEqual(requestStatuses(sandbox, '/stock/v1/stock-list'), [200, 200, 200], 'a repeated SKU is asked once');
    assert.equal(levels.length, 2100);
    assert.ok(levels.every((level) => level.available === skus.indexOf(level.sku) % 50));
  });

  test('a repeated SKU is refused before calling noon; a first call noon refuses whole is thrown', async () => {
    sandbox.control.resetRequests();
    await assert.rejects(
      updates.updateStock([
        { sku: 'PSKU-000001', quantity: 1 },
        { sku: 'PSKU-000001', quantity: 2 },
      ]),
      (error: unknown) => error instanceof BadInput && errorCode(error) === 'BAD_USER_INPUT',
    );
    assert.deepEqual(sandbox.control.requests(), []);

    sandbox.control.injectFault({ path: '/stock/v1/stock-update', status: 503, count: 10 });
    await assert.rejects(
      updates.updateStock([{ sku: 'PSKU-000001', quantity: 1 }]),
      (error: unknown) => error instanceof UpstreamError && error.httpStatus === 503,
    );
    assert.equal(requestStatuses(sandbox, '/stock/v1/stock-update').length, 4, 'retried: the update is absolute');
    sandbox.control.clearFaults();
  });

  test('updatePrice sends lower-case countries and numbers, and reports each refusal with its country', async () => {
    const results = await updates.updatePrice([
      { sku: 'PSKU-000001', country: 'AE', price: '129.50', msrp: '150.00' },
      { sku: 'PSKU-000002', country: 'sa', price: '99', active: false },
      { sku: 'NOPE-1', country: 'ae', price: '10.00' },
      { sku: 'PSKU-000003', country: 'ae', price: 'ten' },
      { sku: 'PSKU-000004', country: 'eg', price: '500', msrp: '450' },
      { sku: 'PSKU-AE-ONLY-1', country: 'SA', price: '10' },
      { sku: 'PSKU-000005', country: 'ae', price: '10.005' },
      { sku: 'PSKU-000006', country: 'ae', price: '10', msrp: 'n/a' },
      { sku: 'PSKU-000007', country: 'kw', price: '10' },
    ]);
    assert.deepEqual(
      results.map((result) => [result.sku, result.success, result.code]),
      [
        ['PSKU-000001', true, null],
        ['PSKU-000002', true, null],
        ['NOPE-1', false, 'PARTNER_SKU_NOT_FOUND'],
        ['PSKU-000003', false, 'INVALID_PRICE'],
        ['PSKU-000004', false, 'INVALID_MSRP'],
        ['PSKU-AE-ONLY-1', false, 'NOT_SOLD_IN_COUNTRY'],
        ['PSKU-000005', false, 'INVALID_PRICE'],
        ['PSKU-000006', false, 'INVALID_MSRP'],
        ['PSKU-000007', false, 'INVALID_COUNTRY_CODE'],
      ],
    );
    assert.match(results[4]?.message ?? '', /^eg: /);
    assert.match(results[3]?.message ?? '', /^ae: price "ten" is not a decimal amount$/);

    const stored = assertOk(
      await raw.post<PriceGetResponse>('/pricing/v1/pricing/get', {
        items: [
          { partner_sku: 'PSKU-000001', country_code: 'ae' },
          { partner_sku: 'PSKU-000002', country_code: 'sa' },
        ],
      }),
    );
    assert.deepEqual(
      stored.items.map((item) => [item.price, item.msrp, item.is_active]),
      [
        [129.5, 150, true],
        [99, stored.items[1]?.msrp, false],
      ],
    );
    await assert.rejects(
      updates.updatePrice([
        { sku: 'PSKU-000001', country: 'AE', price: '1' },
        { sku: 'PSKU-000001', country: 'ae', price: '2' },
      ]),
      (error: unknown) => error instanceof BadInput && errorCode(error) === 'BAD_USER_INPUT',
    );
    assert.deepEqual(await updates.updatePrice([]), []);
  });
});

describe('sendInBatches', () => {
  test("a call that fails after others applied reports its items and the later ones, with the call's code", async () => {
    const sent: number[][] = [];
    const refusal = new UpstreamError({
      marketplace: Marketplace.NOON,
      kind: 'http',
      code: 'INTERNAL_ERROR',
      message: 'boom',
      httpStatus: 500,
    });
    const results = await sendInBatches(
      [1, 2, 3, 4, 5],
      2,
      async (batch) => {
        sent.push(batch);
        if (sent.length === 2) throw refusal;
        return batch.map((item) => `ok ${item}`);
      },
      (item, code, message) => `${code} ${item} (${message})`,
    );
    assert.deepEqual(
      sent,
      [
        [1, 2],
        [3, 4],
      ],
      'nothing is sent after the failed call',
    );
    assert.deepEqual(results, [
      'ok 1',
      'ok 2',
      'INTERNAL_ERROR 3 (not applied: boom)',
      'INTERNAL_ERROR 4 (not applied: boom)',
      'INTERNAL_ERROR 5 (not applied: boom)',
    ]);
  });

  test('chunks slices in order, the last one short', () => {
    assert.deepEqual(chunks([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
    assert.deepEqual(chunks([], 2), []);
  });
});
