import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  ItemStatus,
  PriceGetResponse,
  PriceUpsertResponse,
  StockListResponse,
  StockUpdateResponse,
} from '../../datasources/noon/stock/wire.js';
import { SANDBOX_FBPI_WAREHOUSE_CODE, startNoonSandbox, type NoonSandbox } from '../../sandbox/noon/index.js';
import { assertNoonError, assertOk, loginClient, nonBulkySkus, type NoonTestClient } from '../support/noon-login.js';

const warehouse = SANDBOX_FBPI_WAREHOUSE_CODE;
const STOCK_UPDATE = '/stock/v1/stock-update';
const STOCK_LIST = '/stock/v1/stock-list';
const PRICE_UPSERT = '/pricing/v1/pricing/upsert';
const PRICE_GET = '/pricing/v1/pricing/get';

/** `[status_id, status_code]` of each item, the part of the status a client acts on. */
function codes(items: Array<{ status: ItemStatus }>): Array<[number, string]> {
  return items.map((item) => [item.status.status_id, item.status.status_code]);
}

describe('noon sandbox: stock service', () => {
  let sandbox: NoonSandbox;
  let client: NoonTestClient;

  before(async () => {
    sandbox = await startNoonSandbox({ catalogSize: 1200, fbpiOrderCount: 0 });
    client = await loginClient(sandbox);
  });

  after(async () => {
    await sandbox.close();
  });

  test('every active catalog SKU has sample stock in the partner warehouse; unknown SKUs answer NOT_FOUND', async () => {
    const skus = nonBulkySkus(50);
    const listed = assertOk(
      await client.post<StockListResponse>(STOCK_LIST, {
        items: [...skus, 'NOPE-1'].map((partner_sku) => ({ warehouse_code: warehouse, partner_sku })),
      }),
    );
    const known = listed.items.slice(0, 50);
    assert.ok(
      known.every((item) => item.status.status_id === 0 && item.qty >= 0 && item.processing_time !== undefined),
    );
    assert.ok(
      known.some((item) => item.qty === 0) && known.some((item) => item.qty > 0),
      'some out of stock, most not',
    );
    assert.ok(known.every((item) => Date.parse(item.stock_updated_at ?? '') < sandbox.control.now().getTime()));
    assert.deepEqual(listed.items[50], {
      warehouse_code: warehouse,
      partner_sku: 'NOPE-1',
      status: {
        status_id: 5,
        status_code: 'PARTNER_SKU_NOT_FOUND',
        message: 'partner_sku is not in your catalog',
        details: [],
      },
      qty: 0,
    });
  });

  test('stock-update judges each item alone: applied ones change, refused ones say why', async () => {
    const response = assertOk(
      await client.post<StockUpdateResponse>(STOCK_UPDATE, {
        items: [
          { warehouse_code: warehouse, partner_sku: 'PSKU-000001', qty: 7, processing_time: 3 },
          { warehouse_code: warehouse, partner_sku: 'PSKU-000002', qty: 0 },
          { warehouse_code: warehouse, partner_sku: 'NOPE-1', qty: 1 },
          { warehouse_code: warehouse, partner_sku: 'PSKU-INACTIVE-1', qty: 1 },
          { warehouse_code: 'W00100002A', partner_sku: 'PSKU-000003', qty: 1 },
          { warehouse_code: 'W99999999Z', partner_sku: 'PSKU-000003', qty: 1 },
          { warehouse_code: warehouse, partner_sku: 'PSKU-000004', qty: -1 },
          { warehouse_code: warehouse, partner_sku: 'PSKU-000005', qty: 2.5 },
          { warehouse_code: warehouse, partner_sku: 'PSKU-000006', qty: 1, processing_time: 31 },
          { warehouse_code: warehouse, partner_sku: 'PSKU-000007' },
        ],
      }),
    );
    assert.deepEqual(codes(response.items), [
      [0, 'OK'],
      [0, 'OK'],
      [5, 'PARTNER_SKU_NOT_FOUND'],
      [9, 'INACTIVE_PSKU_CODE'],
      [7, 'FORBIDDEN'],
      [5, 'WAREHOUSE_NOT_FOUND'],
      [3, 'INVALID_QTY'],
      [3, 'INVALID_QTY'],
      [3, 'INVALID_PROCESSING_TIME'],
      [3, 'NOTHING_TO_UPDATE'],
    ]);
    const listed = assertOk(
      await client.post<StockListResponse>(STOCK_LIST, {
        items: ['PSKU-000001', 'PSKU-000002', 'PSKU-000004', 'PSKU-000006'].map((partner_sku) => ({
          warehouse_code: warehouse,
          partner_sku,
        })),
      }),
    );
    const [first, second, untouched, alsoUntouched] = listed.items;
    assert.equal(first?.qty, 7);
    assert.equal(first?.processing_time, 3);
    assert.ok(sandbox.control.now().getTime() - Date.parse(first?.stock_updated_at ?? '') < 2000, 'set now');
    assert.equal(second?.qty, 0);
    assert.notEqual(untouched?.qty, -1);
    assert.ok(Date.parse(alsoUntouched?.stock_updated_at ?? '') < Date.parse(first?.stock_updated_at ?? ''));
    // processing_time alone keeps the quantity.
    assertOk(
      await client.post(STOCK_UPDATE, {
        items: [{ warehouse_code: warehouse, partner_sku: 'PSKU-000001', processing_time: 0 }],
      }),
    );
    const kept = assertOk(
      await client.post<StockListResponse>(STOCK_LIST, {
        items: [{ warehouse_code: warehouse, partner_sku: 'PSKU-000001' }],
      }),
    );
    assert.deepEqual([kept.items[0]?.qty, kept.items[0]?.processing_time], [7, 0]);
  });

  test('a call over 1,000 items, a repeated item or a malformed one is refused whole', async () => {
    const many = nonBulkySkus(1001).map((partner_sku) => ({ warehouse_code: warehouse, partner_sku, qty: 1 }));
    assertNoonError(await client.post(STOCK_UPDATE, { items: many }), 400, 'ITEMS_LIMIT_EXCEEDED');
    assertNoonError(await client.post(STOCK_LIST, { items: many }), 400, 'ITEMS_LIMIT_EXCEEDED');
    assert.equal(
      assertOk(await client.post<StockUpdateResponse>(STOCK_UPDATE, { items: many.slice(0, 1000) })).items.length,
      1000,
    );
    assertNoonError(await client.post(STOCK_UPDATE, { items: [many[0], many[0]] }), 422, 'VALIDATION_ERROR');
    const malformed = await client.post(STOCK_UPDATE, {
      items: [{ warehouse_code: warehouse, partner_sku: 'PSKU-000001', qty: '5' }],
    });
    assert.equal(assertNoonError(malformed, 422, 'VALIDATION_ERROR').details?.[0]?.field, 'items[0].qty');
    assertNoonError(await client.post(STOCK_LIST, { items: [] }), 422, 'VALIDATION_ERROR');
  });
});

describe('noon sandbox: pricing service', () => {
  let sandbox: NoonSandbox;
  let client: NoonTestClient;

  before(async () => {
    sandbox = await startNoonSandbox({ catalogSize: 1200, fbpiOrderCount: 0 });
    client = await loginClient(sandbox);
  });

  after(async () => {
    await sandbox.close();
  });

  const get = async (items: Array<[string, string]>) =>
    assertOk(
      await client.post<PriceGetResponse>(PRICE_GET, {
        items: items.map(([partner_sku, country_code]) => ({ partner_sku, country_code })),
      }),
    ).items;

  test('every active SKU has a sample price in each country, in its currency, with two decimals at most', async () => {
    const [ae, sa, eg] = await get([
      ['PSKU-000001', 'ae'],
      ['PSKU-000001', 'sa'],
      ['PSKU-000001', 'eg'],
    ]);
    assert.deepEqual([ae?.currency_code, sa?.currency_code, eg?.currency_code], ['AED', 'SAR', 'EGP']);
    for (const price of [ae, sa, eg]) {
      assert.equal(price?.status.status_id, 0);
      assert.equal(price?.is_active, true);
      assert.ok((price?.price ?? 0) > 0);
      assert.equal(Math.round((price?.price ?? 0) * 100) / 100, price?.price);
    }
    assert.ok((eg?.price ?? 0) > (ae?.price ?? 0) * 10, 'EGP prices are about 13 times AED');
  });

  test('upsert judges each item alone; get shows what was applied', async () => {
    const response = assertOk(
      await client.post<PriceUpsertResponse>(PRICE_UPSERT, {
        items: [
          { partner_sku: 'PSKU-000001', country_code: 'ae', price: 129.5, msrp: 150 },
          { partner_sku: 'PSKU-000002', country_code: 'sa', is_active: false },
          { partner_sku: 'NOPE-1', country_code: 'ae', price: 10 },
          { partner_sku: 'PSKU-INACTIVE-1', country_code: 'ae', price: 10 },
          { partner_sku: 'PSKU-000003', country_code: 'AE', price: 10 },
          { partner_sku: 'PSKU-000003', country_code: 'kw', price: 10 },
          { partner_sku: 'PSKU-AE-ONLY-1', country_code: 'sa', price: 10 },
          { partner_sku: 'PSKU-000004', country_code: 'ae', price: 0 },
          { partner_sku: 'PSKU-000005', country_code: 'ae', price: 10.005 },
          { partner_sku: 'PSKU-000006', country_code: 'ae', price: 100, msrp: 99.99 },
          { partner_sku: 'PSKU-000007', country_code: 'ae', msrp: -1 },
          { partner_sku: 'PSKU-000008', country_code: 'ae' },
        ],
      }),
    );
    assert.deepEqual(codes(response.items), [
      [0, 'OK'],
      [0, 'OK'],
      [5, 'PARTNER_SKU_NOT_FOUND'],
      [9, 'INACTIVE_PSKU_CODE'],
      [3, 'INVALID_COUNTRY_CODE'],
      [3, 'INVALID_COUNTRY_CODE'],
      [9, 'NOT_SOLD_IN_COUNTRY'],
      [3, 'INVALID_PRICE'],
      [3, 'INVALID_PRICE'],
      [3, 'INVALID_MSRP'],
      [3, 'INVALID_MSRP'],
      [3, 'NOTHING_TO_UPDATE'],
    ]);
    assert.deepEqual(
      response.items.map((item) => [item.partner_sku, item.country_code]).slice(4, 6),
      [
        ['PSKU-000003', 'AE'],
        ['PSKU-000003', 'kw'],
      ],
      'answered with the values sent',
    );
    const [applied, inactive, refused] = await get([
      ['PSKU-000001', 'ae'],
      ['PSKU-000002', 'sa'],
      ['PSKU-000006', 'ae'],
    ]);
    assert.deepEqual(
      [applied?.price, applied?.msrp, applied?.is_active, applied?.currency_code],
      [129.5, 150, true, 'AED'],
    );
    assert.equal(inactive?.is_active, false);
    assert.notEqual(refused?.price, 100);

    // A price above the msrp on file needs a new msrp.
    const above = assertOk(
      await client.post<PriceUpsertResponse>(PRICE_UPSERT, {
        items: [{ partner_sku: 'PSKU-000001', country_code: 'ae', price: 151 }],
      }),
    );
    assert.deepEqual(codes(above.items), [[3, 'INVALID_MSRP']]);
  });

  test('get refuses the same way; whole calls are refused past 1,000 items or when malformed', async () => {
    const refused = await get([
      ['NOPE-1', 'ae'],
      ['PSKU-000001', 'AE'],
      ['PSKU-AE-ONLY-1', 'eg'],
      ['PSKU-INACTIVE-1', 'ae'],
    ]);
    assert.deepEqual(codes(refused), [
      [5, 'PARTNER_SKU_NOT_FOUND'],
      [3, 'INVALID_COUNTRY_CODE'],
      [9, 'NOT_SOLD_IN_COUNTRY'],
      [9, 'INACTIVE_PSKU_CODE'],
    ]);
    assert.ok(refused.every((item) => item.price === undefined));
    const many = nonBulkySkus(1001).map((partner_sku) => ({ partner_sku, country_code: 'ae', price: 10 }));
    assertNoonError(await client.post(PRICE_UPSERT, { items: many }), 400, 'ITEMS_LIMIT_EXCEEDED');
    assertNoonError(await client.post(PRICE_GET, { items: many }), 400, 'ITEMS_LIMIT_EXCEEDED');
    assertNoonError(await client.post(PRICE_UPSERT, { items: [many[0], many[0]] }), 422, 'VALIDATION_ERROR');
    assertNoonError(
      await client.post(PRICE_UPSERT, { items: [{ partner_sku: 'PSKU-000001', country_code: 'ae', price: '10' }] }),
      422,
      'VALIDATION_ERROR',
    );
    const other = await loginClient(sandbox, 'sandbox-key-2');
    const otherAnswer = assertOk(
      await other.post<PriceUpsertResponse>(PRICE_UPSERT, {
        items: [{ partner_sku: 'PSKU-000001', country_code: 'sa', price: 10 }],
      }),
    );
    assert.deepEqual(codes(otherAnswer.items), [[3, 'INVALID_COUNTRY_CODE']], 'the second partner sells in ae only');
  });
});
