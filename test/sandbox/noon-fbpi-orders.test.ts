import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  CreateSandboxOrderResponse,
  FbpiOrder,
  FbpiOrderCustomerData,
  ListFbpiOrdersResponse,
} from '../../datasources/noon/fbpi/wire.js';
import type { PriceGetResponse } from '../../datasources/noon/stock/wire.js';
import { SANDBOX_FBPI_WAREHOUSE_CODE, startNoonSandbox, type NoonSandbox } from '../../sandbox/noon/index.js';
import { FBPI, getOrder, itemNrs, listAllOrders, orderOf, sandboxOrder, updateOrder } from '../support/noon-fbpi.js';
import { assertNoonError, assertOk, loginClient, NoonTestClient } from '../support/noon-login.js';

const LIST = `${FBPI}/fbpi-orders/list`;
const DAY_MS = 86_400_000;
const OTHER_WAREHOUSE = 'W00100002A';
const CURRENCY: Record<string, string> = { ae: 'AED', sa: 'SAR', eg: 'EGP' };

function statusesOf(order: FbpiOrder): string[] {
  return order.items.map((item) => `${item.mp_status}/${item.integration_status}`);
}

describe('noon sandbox FBPI: sample orders and ListFbpiOrders', () => {
  let sandbox: NoonSandbox;
  let client: NoonTestClient;
  let all: FbpiOrder[];

  before(async () => {
    sandbox = await startNoonSandbox({ catalogSize: 200 });
    client = await loginClient(sandbox);
    all = (await listAllOrders(client, { warehouse_code: SANDBOX_FBPI_WAREHOUSE_CODE })).orders;
  });

  after(async () => {
    await sandbox.close();
  });

  test('the default partner has 150 orders over the last 60 days, in pages of 50, newest first, "" at the end', async () => {
    assert.equal(sandbox.fbpiWarehouseCode(), SANDBOX_FBPI_WAREHOUSE_CODE);
    const { pages } = await listAllOrders(client, { warehouse_code: SANDBOX_FBPI_WAREHOUSE_CODE });
    assert.deepEqual(
      pages.map((page) => page.orders.length),
      [50, 50, 50],
    );
    assert.equal(pages.at(-1)?.next_token, '');
    assert.equal(new Set(all.map((order) => order.fbpi_order_nr)).size, 150);
    const times = all.map((order) => Date.parse(order.order_created_at));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
      'newest first',
    );
    const now = sandbox.control.now().getTime();
    assert.ok(
      times.every((at) => at <= now && at >= now - 61 * DAY_MS),
      'within the last 60 days',
    );
  });

  test('orders follow the wire: lower-case countries, currency by country, 1–4 one-unit items of the catalog', () => {
    for (const order of all) {
      assert.match(order.fbpi_order_nr, /^NFBO\d+$/);
      assert.equal(order.warehouse_code, SANDBOX_FBPI_WAREHOUSE_CODE);
      assert.equal(order.merchant_code, 'STR100001');
      assert.ok(['ae', 'sa', 'eg'].includes(order.mp_country_code));
      assert.equal(order.currency_code, CURRENCY[order.mp_country_code]);
      assert.ok(['noon', 'namshi'].includes(order.mp_code));
      assert.match(order.order_created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.ok(order.items.length >= 1 && order.items.length <= 4);
      for (const item of order.items) {
        assert.match(item.partner_sku, /^(PSKU-\d{6}|BULKY-\d{4})$/);
        assert.equal(typeof item.delivered_invoice_price, 'number');
        assert.ok(item.delivered_invoice_price > 0);
        assert.equal(item.cancellation_reason_code !== undefined, item.mp_status === 'MP_ITEM_STATUS_CANCELLED');
      }
    }
    assert.ok(
      all.some((order) => order.mp_country_code === 'eg') && all.some((order) => order.mp_country_code === 'sa'),
    );
  });

  test('every state is there: pending, acknowledged, partly out of stock, shipped, customer-cancelled, out of stock', () => {
    const has = (predicate: (statuses: string[]) => boolean) => all.some((order) => predicate(statusesOf(order)));
    const every = (status: string) => (statuses: string[]) => statuses.every((value) => value === status);
    assert.ok(has(every('MP_ITEM_STATUS_CONFIRMED/INTEGRATION_ITEM_STATUS_UNSPECIFIED')), 'pending');
    assert.ok(has(every('MP_ITEM_STATUS_CONFIRMED/INTEGRATION_ITEM_STATUS_ACKNOWLEDGED')), 'acknowledged');
    assert.ok(has(every('MP_ITEM_STATUS_CONFIRMED/INTEGRATION_ITEM_STATUS_SHIPPED')), 'shipped');
    assert.ok(has(every('MP_ITEM_STATUS_CANCELLED/INTEGRATION_ITEM_STATUS_OUT_OF_STOCK')), 'out of stock');
    assert.ok(has(every('MP_ITEM_STATUS_CANCELLED/INTEGRATION_ITEM_STATUS_UNSPECIFIED')), 'cancelled by the customer');
    assert.ok(
      has(
        (statuses) =>
          statuses.includes('MP_ITEM_STATUS_CANCELLED/INTEGRATION_ITEM_STATUS_OUT_OF_STOCK') &&
          statuses.some((status) => status.startsWith('MP_ITEM_STATUS_CONFIRMED/')),
      ),
      'partly out of stock',
    );
  });

  test('created_after and created_before are inclusive bounds', async () => {
    const middle = all[70]!;
    const at = middle.order_created_at;
    const exact = (
      await listAllOrders(client, {
        warehouse_code: SANDBOX_FBPI_WAREHOUSE_CODE,
        created_after: at,
        created_before: at,
      })
    ).orders;
    assert.ok(exact.some((order) => order.fbpi_order_nr === middle.fbpi_order_nr));
    assert.ok(exact.every((order) => order.order_created_at === at));

    const since = (await listAllOrders(client, { warehouse_code: SANDBOX_FBPI_WAREHOUSE_CODE, created_after: at }))
      .orders;
    assert.deepEqual(
      since.map((order) => order.fbpi_order_nr),
      all.filter((order) => Date.parse(order.order_created_at) >= Date.parse(at)).map((order) => order.fbpi_order_nr),
    );
    // Fractions of a second are accepted; the bound still counts the whole second it names.
    const older = all[100]!.order_created_at;
    const until = (
      await listAllOrders(client, {
        warehouse_code: SANDBOX_FBPI_WAREHOUSE_CODE,
        created_before: older.replace('Z', '.000Z'),
      })
    ).orders;
    assert.ok(until.length >= 50);
    assert.deepEqual(
      until,
      all.filter((order) => Date.parse(order.order_created_at) <= Date.parse(older)),
    );
  });

  test('the list refuses: malformed filters and tokens (422), a token of other filters, unknown or foreign warehouses', async () => {
    assert.equal(
      assertNoonError(await client.post(LIST, {}), 422, 'VALIDATION_ERROR').details?.[0]?.field,
      'warehouse_code',
    );
    const notUtc = await client.post(LIST, {
      warehouse_code: SANDBOX_FBPI_WAREHOUSE_CODE,
      created_after: '2026-03-09 14:30',
    });
    assert.equal(assertNoonError(notUtc, 422, 'VALIDATION_ERROR').details?.[0]?.field, 'created_after');
    const reversed = await client.post(LIST, {
      warehouse_code: SANDBOX_FBPI_WAREHOUSE_CODE,
      created_after: '2026-03-10T00:00:00Z',
      created_before: '2026-03-09T00:00:00Z',
    });
    assert.equal(assertNoonError(reversed, 422, 'VALIDATION_ERROR').details?.[0]?.field, 'created_after');

    const first = assertOk(
      await client.post<ListFbpiOrdersResponse>(LIST, { warehouse_code: SANDBOX_FBPI_WAREHOUSE_CODE }),
    );
    const otherFilters = await client.post(`${LIST}?next_token=${first.next_token}`, {
      warehouse_code: SANDBOX_FBPI_WAREHOUSE_CODE,
      created_after: '2020-01-01T00:00:00Z',
    });
    assert.equal(assertNoonError(otherFilters, 422, 'VALIDATION_ERROR').details?.[0]?.field, 'next_token');
    const forged = await client.post(`${LIST}?next_token=nonsense`, { warehouse_code: SANDBOX_FBPI_WAREHOUSE_CODE });
    assertNoonError(forged, 422, 'VALIDATION_ERROR');

    assertNoonError(await client.post(LIST, { warehouse_code: 'W99999999Z' }), 404, 'WAREHOUSE_NOT_FOUND');
    assertNoonError(await client.post(LIST, { warehouse_code: OTHER_WAREHOUSE }), 403, 'FORBIDDEN');
  });

  test('the second partner sees only its own warehouse, with its own 10 orders', async () => {
    const other = await loginClient(sandbox, 'sandbox-key-2');
    const orders = (await listAllOrders(other, { warehouse_code: OTHER_WAREHOUSE })).orders;
    assert.equal(orders.length, 10);
    assert.ok(orders.every((order) => order.merchant_code === 'STR100002' && order.mp_country_code === 'ae'));
    assertNoonError(await other.post(LIST, { warehouse_code: SANDBOX_FBPI_WAREHOUSE_CODE }), 403, 'FORBIDDEN');
    assertNoonError(await getOrder(other, all[0]!.fbpi_order_nr), 403, 'FORBIDDEN');
  });

  test('GetFbpiOrder and GetFbpiOrderCustomerData; unknown order 404 ORDER_NOT_FOUND', async () => {
    const listed = all[3]!;
    assert.deepEqual(await orderOf(client, listed.fbpi_order_nr), listed);
    const customer = assertOk(
      await client.get<FbpiOrderCustomerData>(`${FBPI}/fbpi-order/${listed.fbpi_order_nr}/customer-details/get`),
    );
    assert.deepEqual(Object.keys(customer).sort(), ['administrative_division', 'city', 'first_name', 'last_name']);
    assert.ok(
      Object.values(customer).every((value) => /^[A-Za-z .]+$/.test(value)),
      'Latin script',
    );
    assertNoonError(await getOrder(client, 'NFBO999999999'), 404, 'ORDER_NOT_FOUND');
    assertNoonError(await client.get(`${FBPI}/fbpi-order/NFBO999999999/customer-details/get`), 404, 'ORDER_NOT_FOUND');
  });
});

describe('noon sandbox FBPI: CreateSandboxOrder and UpdateOrder', () => {
  let sandbox: NoonSandbox;
  let client: NoonTestClient;
  const warehouse = SANDBOX_FBPI_WAREHOUSE_CODE;

  before(async () => {
    sandbox = await startNoonSandbox({ catalogSize: 50, fbpiOrderCount: 6 });
    client = await loginClient(sandbox);
  });

  after(async () => {
    await sandbox.close();
  });

  test('a sandbox order is pending, newest in the list, priced as the pricing service says, idempotent on its key', async () => {
    const body = {
      warehouse_code: warehouse,
      idempotency_key: 'TEST-0001',
      country_code: 'sa',
      items: [
        { status: 'MP_ITEM_STATUS_CONFIRMED', partner_sku: 'PSKU-000003' },
        { status: 'MP_ITEM_STATUS_CANCELLED', partner_sku: 'PSKU-000004' },
        { status: 'MP_ITEM_STATUS_CONFIRMED' },
      ],
    };
    const { fbpi_order_nr } = assertOk(
      await client.post<CreateSandboxOrderResponse>(`${FBPI}/sandbox-order/create`, body),
    );
    const order = await orderOf(client, fbpi_order_nr);
    assert.equal(order.currency_code, 'SAR');
    assert.equal(order.mp_country_code, 'sa');
    assert.deepEqual(statusesOf(order), [
      'MP_ITEM_STATUS_CONFIRMED/INTEGRATION_ITEM_STATUS_UNSPECIFIED',
      'MP_ITEM_STATUS_CANCELLED/INTEGRATION_ITEM_STATUS_UNSPECIFIED',
      'MP_ITEM_STATUS_CONFIRMED/INTEGRATION_ITEM_STATUS_UNSPECIFIED',
    ]);
    assert.equal(order.items[1]?.cancellation_reason_code, 'CUSTOMER_CANCELLED');
    assert.match(order.items[2]?.partner_sku ?? '', /^(PSKU|BULKY)-/);
    const price = assertOk(
      await client.post<PriceGetResponse>('/pricing/v1/pricing/get', {
        items: [{ partner_sku: 'PSKU-000003', country_code: 'sa' }],
      }),
    );
    assert.equal(order.items[0]?.delivered_invoice_price, price.items[0]?.price);

    const again = assertOk(
      await client.post<CreateSandboxOrderResponse>(`${FBPI}/sandbox-order/create`, {
        ...body,
        items: [body.items[0]],
      }),
    );
    assert.equal(again.fbpi_order_nr, fbpi_order_nr);
    const listed = assertOk(await client.post<ListFbpiOrdersResponse>(LIST, { warehouse_code: warehouse }));
    assert.equal(listed.orders[0]?.fbpi_order_nr, fbpi_order_nr);
  });

  test('CreateSandboxOrder refuses bad keys, SKUs, countries and warehouses', async () => {
    const create = (body: Record<string, unknown>) =>
      client.post(`${FBPI}/sandbox-order/create`, {
        warehouse_code: warehouse,
        idempotency_key: 'K1',
        items: [{ status: 'MP_ITEM_STATUS_CONFIRMED' }],
        ...body,
      });
    assert.equal(
      assertNoonError(await create({ idempotency_key: 'ELEVEN-CHAR' }), 422, 'VALIDATION_ERROR').details?.[0]?.field,
      'idempotency_key',
    );
    assertNoonError(await create({ items: [] }), 422, 'VALIDATION_ERROR');
    const tooMany = Array.from({ length: 21 }, () => ({ status: 'MP_ITEM_STATUS_CONFIRMED' }));
    assert.equal(
      assertNoonError(await create({ items: tooMany }), 422, 'VALIDATION_ERROR').details?.[0]?.field,
      'items',
    );
    assertNoonError(await create({ items: [{ status: 'confirmed' }] }), 422, 'VALIDATION_ERROR');
    assertNoonError(await create({ country_code: 'AE' }), 422, 'VALIDATION_ERROR');
    const refused = assertNoonError(
      await create({
        idempotency_key: 'K2',
        items: [
          { status: 'MP_ITEM_STATUS_CONFIRMED', partner_sku: 'NOPE-1' },
          { status: 'MP_ITEM_STATUS_CONFIRMED', partner_sku: 'PSKU-INACTIVE-1' },
          { status: 'MP_ITEM_STATUS_CONFIRMED', partner_sku: 'PSKU-000001' },
        ],
      }),
      400,
      'ITEM_VALIDATION_FAILED',
    );
    assert.deepEqual(
      refused.details?.map((detail) => [detail.partner_sku, detail.code]),
      [
        ['NOPE-1', 'PARTNER_SKU_NOT_FOUND'],
        ['PSKU-INACTIVE-1', 'INACTIVE_PSKU_CODE'],
      ],
    );
    const notSold = assertNoonError(
      await create({
        idempotency_key: 'K3',
        country_code: 'sa',
        items: [{ status: 'MP_ITEM_STATUS_CONFIRMED', partner_sku: 'PSKU-AE-ONLY-1' }],
      }),
      400,
      'ITEM_VALIDATION_FAILED',
    );
    assert.equal(notSold.details?.[0]?.code, 'NOT_SOLD_IN_COUNTRY');
    assertNoonError(await create({ warehouse_code: OTHER_WAREHOUSE }), 403, 'FORBIDDEN');
    assertNoonError(await create({ warehouse_code: 'W99999999Z' }), 404, 'WAREHOUSE_NOT_FOUND');
    const other = await loginClient(sandbox, 'sandbox-key-2');
    assertNoonError(
      await other.post(`${FBPI}/sandbox-order/create`, {
        warehouse_code: OTHER_WAREHOUSE,
        idempotency_key: 'K4',
        country_code: 'sa',
        items: [{ status: 'MP_ITEM_STATUS_CONFIRMED' }],
      }),
      403,
      'WRONG_COUNTRY',
    );
  });

  test('UpdateOrder acknowledges the rest and cancels the items listed; repeating it changes nothing', async () => {
    const order = await sandboxOrder(client, warehouse, ['PSKU-000001', 'PSKU-000002', 'PSKU-000003']);
    const [first, second, third] = itemNrs(order);
    assert.deepEqual(assertOk(await updateOrder(client, order.fbpi_order_nr, [second!])), {});
    const updated = await orderOf(client, order.fbpi_order_nr);
    assert.deepEqual(statusesOf(updated), [
      'MP_ITEM_STATUS_CONFIRMED/INTEGRATION_ITEM_STATUS_ACKNOWLEDGED',
      'MP_ITEM_STATUS_CANCELLED/INTEGRATION_ITEM_STATUS_OUT_OF_STOCK',
      'MP_ITEM_STATUS_CONFIRMED/INTEGRATION_ITEM_STATUS_ACKNOWLEDGED',
    ]);
    assert.equal(updated.items[1]?.cancellation_reason_code, 'OUT_OF_STOCK');

    assertOk(await updateOrder(client, order.fbpi_order_nr, [second!]));
    assertOk(await updateOrder(client, order.fbpi_order_nr));
    assert.deepEqual(await orderOf(client, order.fbpi_order_nr), updated);

    // An acknowledged item may still go out of stock; the last one leaves nothing to acknowledge.
    assertOk(await updateOrder(client, order.fbpi_order_nr, [first!, third!]));
    assert.ok(
      statusesOf(await orderOf(client, order.fbpi_order_nr)).every((status) =>
        status.startsWith('MP_ITEM_STATUS_CANCELLED/'),
      ),
    );
    assertOk(await updateOrder(client, order.fbpi_order_nr, [first!]));
    assertNoonError(await updateOrder(client, order.fbpi_order_nr), 409, 'INVALID_ORDER_STATUS');
  });

  test("UpdateOrder refuses unknown, repeated, shipped and customer-cancelled items, and others' orders", async () => {
    const order = await sandboxOrder(client, warehouse, [
      'PSKU-000005',
      { status: 'MP_ITEM_STATUS_CANCELLED', partner_sku: 'PSKU-000006' },
    ]);
    const [live, cancelled] = itemNrs(order);
    const unknown = assertNoonError(
      await updateOrder(client, order.fbpi_order_nr, [live!, 'NI9999999999']),
      400,
      'ORDER_ITEM_NOT_FOUND',
    );
    assert.deepEqual(
      unknown.details?.map((detail) => detail.field),
      ['items[1].mp_item_nr'],
    );
    assertNoonError(await updateOrder(client, order.fbpi_order_nr, [live!, live!]), 422, 'VALIDATION_ERROR');
    const badStatus = await client.post(`${FBPI}/fbpi-order/update`, {
      fbpi_order_nr: order.fbpi_order_nr,
      items: [{ mp_item_nr: live, status: 'UPDATE_ORDER_REQUEST_ITEM_STATUS_SHIPPED' }],
    });
    assertNoonError(badStatus, 422, 'VALIDATION_ERROR');
    const byCustomer = assertNoonError(
      await updateOrder(client, order.fbpi_order_nr, [cancelled!]),
      409,
      'INVALID_ITEM_STATUS',
    );
    assert.match(byCustomer.details?.[0]?.message ?? '', /CUSTOMER_CANCELLED/);
    assert.deepEqual(
      statusesOf(await orderOf(client, order.fbpi_order_nr))[0],
      'MP_ITEM_STATUS_CONFIRMED/INTEGRATION_ITEM_STATUS_UNSPECIFIED',
      'nothing applied',
    );
    assertNoonError(await updateOrder(client, 'NFBO999999999'), 404, 'ORDER_NOT_FOUND');

    const other = await loginClient(sandbox, 'sandbox-key-2');
    assertNoonError(await updateOrder(other, order.fbpi_order_nr), 403, 'FORBIDDEN');

    const shipped = (await listAllOrders(client, { warehouse_code: warehouse })).orders.find((candidate) =>
      candidate.items.every(
        (item) =>
          item.integration_status === 'INTEGRATION_ITEM_STATUS_SHIPPED' &&
          item.mp_status === 'MP_ITEM_STATUS_CONFIRMED',
      ),
    );
    assert.ok(shipped, 'the sample has a shipped order');
    assertNoonError(
      await updateOrder(client, shipped.fbpi_order_nr, [shipped.items[0]!.mp_item_nr]),
      409,
      'INVALID_ITEM_STATUS',
    );
    assertNoonError(await updateOrder(client, shipped.fbpi_order_nr), 409, 'INVALID_ORDER_STATUS');
  });

  test('FBPI calls need a session and an application User-Agent, and count against the rate limit', async () => {
    const anonymous = new NoonTestClient(sandbox.url, undefined);
    assertNoonError(await anonymous.post(LIST, { warehouse_code: warehouse }), 401, 'UNAUTHORIZED');
    const response = await fetch(`${sandbox.url}${LIST}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'node', cookie: client.cookie ?? '' },
      body: JSON.stringify({ warehouse_code: warehouse }),
    });
    assert.equal(response.status, 403);

    const fresh = await loginClient(sandbox);
    sandbox.control.expireSessions();
    assertNoonError(await fresh.post(LIST, { warehouse_code: warehouse }), 401, 'UNAUTHORIZED');
    client = await loginClient(sandbox);

    sandbox.control.advanceClock(60);
    sandbox.control.setRatePerMinute(1);
    assertOk(await client.post(LIST, { warehouse_code: warehouse }));
    assertNoonError(await client.post(LIST, { warehouse_code: warehouse }), 429, 'RATE_LIMIT_EXCEEDED');
    sandbox.control.setRatePerMinute(1500);
  });

  test("/_sandbox places customer orders and cancels them the customer's way", async () => {
    const sandboxPost = (path: string, body?: unknown) =>
      fetch(`${sandbox.url}/_sandbox${path}`, {
        method: 'POST',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const placed = await sandboxPost('/fbpi/orders');
    assert.equal(placed.status, 201);
    const { fbpi_order_nr } = (await placed.json()) as { fbpi_order_nr: string };
    const order = await orderOf(client, fbpi_order_nr);
    assert.equal(order.items.length, 2);
    assert.equal(order.mp_country_code, 'ae');

    const egOrder = (await (
      await sandboxPost('/fbpi/orders', { country_code: 'eg', items: [{ partner_sku: 'PSKU-000009' }] })
    ).json()) as {
      fbpi_order_nr: string;
    };
    assert.equal((await orderOf(client, egOrder.fbpi_order_nr)).currency_code, 'EGP');
    assert.equal((await sandboxPost('/fbpi/orders', { country_code: 'EG' })).status, 422);

    const first = order.items[0]!.mp_item_nr;
    assert.equal(
      (await sandboxPost(`/fbpi/orders/${fbpi_order_nr}/customer-cancel`, { mp_item_nrs: [first] })).status,
      204,
    );
    assert.deepEqual(statusesOf(await orderOf(client, fbpi_order_nr)), [
      'MP_ITEM_STATUS_CANCELLED/INTEGRATION_ITEM_STATUS_UNSPECIFIED',
      'MP_ITEM_STATUS_CONFIRMED/INTEGRATION_ITEM_STATUS_UNSPECIFIED',
    ]);
    const twice = await sandboxPost(`/fbpi/orders/${fbpi_order_nr}/customer-cancel`, { mp_item_nrs: [first] });
    assert.equal(twice.status, 409);
    assert.equal(((await twice.json()) as { detail: { code: string } }).detail.code, 'INVALID_ITEM_STATUS');
    assert.equal((await sandboxPost(`/fbpi/orders/${fbpi_order_nr}/customer-cancel`)).status, 204);
    assert.ok(
      statusesOf(await orderOf(client, fbpi_order_nr)).every((status) =>
        status.startsWith('MP_ITEM_STATUS_CANCELLED/'),
      ),
    );
    assert.equal((await sandboxPost('/fbpi/orders/NFBO999999999/customer-cancel')).status, 404);
  });
});
