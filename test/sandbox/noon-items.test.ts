import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  ListEligibleItemsResponse,
  ListShipmentItemsResponse,
  ShipmentResponse,
} from '../../datasources/noon/inbound/wire.js';
import { startNoonSandbox, type NoonSandbox } from '../../sandbox/noon/index.js';
import {
  addItems,
  assertNoonError,
  assertOk,
  createShipment,
  items,
  loginClient,
  nonBulkySkus,
  type NoonTestClient,
} from '../support/noon-login.js';

const CATALOG_SIZE = 1200;

function updateItems(client: NoonTestClient, asnNr: string, body: unknown[]) {
  return client.post<ShipmentResponse>('/inbound/v1/shipment/items/update', { asn_nr: asnNr, items: body });
}

function deleteItems(client: NoonTestClient, asnNr: string, partnerSkus: string[]) {
  const body = { asn_nr: asnNr, partner_skus: partnerSkus };
  return client.post<ShipmentResponse>('/inbound/v1/shipment/items/delete', body);
}

/** Follows next_token to the end; `path` already carries its other query parameters. */
async function allPages<T>(
  client: NoonTestClient,
  path: string,
  pick: (page: { items: T[] }) => T[],
): Promise<{ pages: T[][]; last: string | null }> {
  const pages: T[][] = [];
  let token: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const query: string = token ? `${separator}next_token=${encodeURIComponent(token)}` : '';
    const page: { items: T[]; next_token: string | null } = assertOk(
      await client.get<{ items: T[]; next_token: string | null }>(`${path}${query}`),
    );
    pages.push(pick(page));
    token = page.next_token;
  } while (token);
  return { pages, last: token };
}

describe('noon sandbox: items and catalog', () => {
  let sandbox: NoonSandbox;
  let client: NoonTestClient;

  before(async () => {
    sandbox = await startNoonSandbox({ catalogSize: CATALOG_SIZE });
    client = await loginClient(sandbox);
  });

  after(async () => {
    await sandbox.close();
  });

  test('items update is an upsert by partner_sku: qty replaced, counts follow', async () => {
    const { asn_nr } = await createShipment(client, 'PO-UPSERT');
    assertOk(await updateItems(client, asn_nr, items(['PSKU-000001', 'PSKU-000002'], 5)));
    const updated = assertOk(await updateItems(client, asn_nr, items(['PSKU-000002', 'PSKU-000003'], 2))).shipment;
    assert.equal(updated.total_sku_count, 3);
    assert.equal(updated.expected_qty, 5 + 2 + 2);
    const listed = assertOk(await client.get<ListShipmentItemsResponse>(`/inbound/v1/shipment/${asn_nr}/items`));
    assert.deepEqual(
      listed.items.map((item) => [item.partner_sku, item.qty]),
      [
        ['PSKU-000001', 5],
        ['PSKU-000002', 2],
        ['PSKU-000003', 2],
      ],
    );
    assert.equal(listed.next_token, null);
    assert.equal(listed.total_sku_count, 3);
  });

  test('ITEM_VALIDATION_FAILED lists each failing item with its code, and applies nothing of the call', async () => {
    const { asn_nr } = await createShipment(client, 'PO-ITEM-CHECKS');
    await addItems(client, asn_nr, ['PSKU-000001']);
    const result = await updateItems(client, asn_nr, [
      ...items(['PSKU-000002']),
      ...items(['PSKU-UNKNOWN', 'PSKU-INACTIVE-1', 'PSKU-NOBARCODE-1']),
      ...items(['PSKU-000003'], 1, 'STORAGE_TYPE_BULKY'),
      ...items(['BULKY-0001'], 1, 'STORAGE_TYPE_BULKY'),
      { partner_sku: 'PSKU-000004', qty: 1, storage_type: 'STORAGE_TYPE_FROZEN' },
    ]);
    const detail = assertNoonError(result, 400, 'ITEM_VALIDATION_FAILED');
    assert.deepEqual(
      detail.details?.map((entry) => [entry.partner_sku, entry.code]),
      [
        ['PSKU-UNKNOWN', 'PARTNER_SKU_NOT_FOUND'],
        ['PSKU-INACTIVE-1', 'INACTIVE_PSKU_CODE'],
        ['PSKU-NOBARCODE-1', 'NO_MAPPED_PBARCODE'],
        ['PSKU-000003', 'INVALID_STORAGE_TYPE'],
        ['BULKY-0001', 'INVALID_STORAGE_TYPE'],
        ['PSKU-000004', 'INVALID_STORAGE_TYPE'],
      ],
    );
    assert.ok(detail.details?.every((entry) => typeof entry.message === 'string' && entry.message !== ''));
    const unchanged = assertOk(await client.get<ShipmentResponse>(`/inbound/v1/shipment/${asn_nr}`)).shipment;
    assert.equal(unchanged.total_sku_count, 1);
  });

  test('bulky and non-bulky items never share an ASN', async () => {
    const { asn_nr: bulky } = await createShipment(client, 'PO-BULKY');
    assertOk(await updateItems(client, bulky, items(['BULKY-0001', 'BULKY-0002'], 1, 'STORAGE_TYPE_BULKY')));
    const mixed = assertNoonError(
      await updateItems(client, bulky, items(['PSKU-000001'])),
      400,
      'ITEM_VALIDATION_FAILED',
    );
    assert.deepEqual(
      mixed.details?.map((entry) => entry.code),
      ['INVALID_STORAGE_TYPE'],
    );

    const { asn_nr: fresh } = await createShipment(client, 'PO-MIXED-IN-ONE-CALL');
    const oneCall = await updateItems(client, fresh, [
      ...items(['PSKU-000001']),
      ...items(['BULKY-0003'], 1, 'STORAGE_TYPE_BULKY'),
    ]);
    const detail = assertNoonError(oneCall, 400, 'ITEM_VALIDATION_FAILED');
    assert.deepEqual(
      detail.details?.map((entry) => [entry.partner_sku, entry.code]),
      [['BULKY-0003', 'INVALID_STORAGE_TYPE']],
    );

    // Emptying the ASN frees it for the other storage type.
    assertOk(await deleteItems(client, bulky, ['BULKY-0001', 'BULKY-0002']));
    assertOk(await updateItems(client, bulky, items(['PSKU-000001'])));
  });

  test('at most 1,000 items per call: 1,001 is ITEMS_LIMIT_EXCEEDED for update and delete', async () => {
    const { asn_nr } = await createShipment(client, 'PO-LIMIT');
    assertNoonError(await updateItems(client, asn_nr, items(nonBulkySkus(1001))), 400, 'ITEMS_LIMIT_EXCEEDED');
    assertNoonError(await deleteItems(client, asn_nr, nonBulkySkus(1001)), 400, 'ITEMS_LIMIT_EXCEEDED');
    const full = assertOk(await updateItems(client, asn_nr, items(nonBulkySkus(1000)))).shipment;
    assert.equal(full.total_sku_count, 1000);
    // No cap on the ASN as a whole, only per call.
    assert.equal((await addItems(client, asn_nr, nonBulkySkus(100, 1001))).total_sku_count, 1100);

    const { pages, last } = await allPages<{ partner_sku: string }>(
      client,
      `/inbound/v1/shipment/${asn_nr}/items?page_size=300`,
      (page) => page.items,
    );
    assert.deepEqual(
      pages.map((page) => page.length),
      [300, 300, 300, 200],
    );
    assert.equal(last, null);
    assert.deepEqual(
      pages.flat().map((item) => item.partner_sku),
      nonBulkySkus(1100),
    );

    const whole = assertOk(await client.get<ListShipmentItemsResponse>(`/inbound/v1/shipment/${asn_nr}/items`));
    assert.equal(whole.items.length, 1000);
    assert.equal(whole.total_sku_count, 1100);
    assert.notEqual(whole.next_token, null);
    const tooBig = await client.get(`/inbound/v1/shipment/${asn_nr}/items?page_size=1001`);
    assert.equal(assertNoonError(tooBig, 422, 'VALIDATION_ERROR').details?.[0]?.field, 'page_size');
  });

  test('delete is idempotent, refuses SKUs unknown to the catalog, and an emptied ASN stays CREATED', async () => {
    const { asn_nr } = await createShipment(client, 'PO-DELETE');
    await addItems(client, asn_nr, ['PSKU-000001', 'PSKU-000002']);
    assert.equal(assertOk(await deleteItems(client, asn_nr, ['PSKU-000001'])).shipment.total_sku_count, 1);
    assert.equal(assertOk(await deleteItems(client, asn_nr, ['PSKU-000001'])).shipment.total_sku_count, 1);
    const refused = await deleteItems(client, asn_nr, ['PSKU-000002', 'NOPE']);
    const unknown = assertNoonError(refused, 400, 'ITEM_VALIDATION_FAILED');
    assert.deepEqual(unknown.details, [
      { partner_sku: 'NOPE', code: 'PARTNER_SKU_NOT_FOUND', message: 'partner_sku is not in your catalog' },
    ]);
    const emptied = assertOk(await deleteItems(client, asn_nr, ['PSKU-000002'])).shipment;
    assert.equal(emptied.total_sku_count, 0);
    assert.equal(emptied.status, 'ASN_STATUS_CREATED');
  });

  test('malformed item bodies are 422 VALIDATION_ERROR with one {field, message} per problem', async () => {
    const { asn_nr } = await createShipment(client, 'PO-MALFORMED');
    const result = await client.post('/inbound/v1/shipment/items/update', {
      items: [{ partner_sku: 'PSKU-000001', qty: 0, storage_type: 'STORAGE_TYPE_NON_BULKY' }, { qty: 'two' }],
    });
    const detail = assertNoonError(result, 422, 'VALIDATION_ERROR');
    assert.equal(detail.message, 'field required');
    assert.deepEqual(
      detail.details?.map((entry) => entry.field),
      ['asn_nr', 'items[0].qty', 'items[1].partner_sku', 'items[1].qty', 'items[1].storage_type'],
    );
    assert.equal(detail.details?.[0]?.message, 'field required');
    const empty = assertNoonError(await updateItems(client, asn_nr, []), 422, 'VALIDATION_ERROR');
    assert.equal(empty.details?.[0]?.field, 'items');
    const withoutBody = await client.request('POST', '/inbound/v1/shipment/items/delete');
    const noBody = assertNoonError(withoutBody, 422, 'VALIDATION_ERROR');
    assert.equal(noBody.details?.[0]?.field, 'body');
  });

  test('ListEligibleItems pages through eligible items only; filters by storage type, country, search', async () => {
    const { pages, last } = await allPages<{ partner_sku: string; barcode: string; storage_type: string }>(
      client,
      '/inbound/v1/catalog/items?page_size=500',
      (page) => page.items,
    );
    assert.equal(last, null);
    const all = pages.flat();
    assert.equal(all.length, CATALOG_SIZE + 60 + 1);
    const skus = new Set(all.map((item) => item.partner_sku));
    assert.equal(skus.size, all.length);
    assert.ok(skus.has('PSKU-000001') && skus.has('BULKY-0060') && skus.has('PSKU-AE-ONLY-1'));
    assert.ok(!skus.has('PSKU-INACTIVE-1') && !skus.has('PSKU-NOBARCODE-1'));
    assert.ok(all.every((item) => /^\d{13}$/.test(item.barcode)));

    const eligible = async (query: string) =>
      assertOk(await client.get<ListEligibleItemsResponse>(`/inbound/v1/catalog/items?${query}`));
    const first = await eligible('');
    assert.equal(first.items.length, 100);

    const bulky = await eligible('storage_type=STORAGE_TYPE_BULKY&page_size=500');
    assert.equal(bulky.items.length, 60);
    assert.ok(bulky.items.every((item) => item.storage_type === 'STORAGE_TYPE_BULKY'));

    assert.deepEqual((await eligible('country_code=SA&search=ae-only')).items, []);
    const emirati = await eligible('country_code=AE&search=ae-only');
    assert.deepEqual(
      emirati.items.map((item) => item.partner_sku),
      ['PSKU-AE-ONLY-1'],
    );

    const byTitle = await eligible('search=sofa&page_size=500');
    assert.ok(byTitle.items.length > 0);
    assert.ok(byTitle.items.every((item) => item.title.toLowerCase().includes('sofa')));

    const tooBig = await client.get('/inbound/v1/catalog/items?page_size=501');
    assert.equal(assertNoonError(tooBig, 422, 'VALIDATION_ERROR').details?.[0]?.field, 'page_size');
  });

  test('the catalog is the same for every sandbox started with the same options', async () => {
    const other = await startNoonSandbox({ catalogSize: CATALOG_SIZE });
    try {
      const otherClient = await loginClient(other);
      const path = '/inbound/v1/catalog/items?page_size=5';
      assert.deepEqual(
        assertOk(await otherClient.get<ListEligibleItemsResponse>(path)),
        assertOk(await client.get<ListEligibleItemsResponse>(path)),
      );
    } finally {
      await other.close();
    }
  });
});
