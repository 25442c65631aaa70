import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Awb, GetNoonLogisticsAwbsResponse, GetShipmentResponse } from '../../datasources/noon/fbpi/wire.js';
import { SANDBOX_FBPI_WAREHOUSE_CODE, startNoonSandbox, type NoonSandbox } from '../../sandbox/noon/index.js';
import { acknowledgedOrder, FBPI, itemNrs, orderOf, sandboxOrder, updateOrder } from '../support/noon-fbpi.js';
import { assertNoonError, assertOk, loginClient, type NoonTestClient } from '../support/noon-login.js';

const warehouse = SANDBOX_FBPI_WAREHOUSE_CODE;

describe('noon sandbox FBPI: shipments and noon-logistics AWBs', () => {
  let sandbox: NoonSandbox;
  let client: NoonTestClient;
  let serial = 0;

  before(async () => {
    sandbox = await startNoonSandbox({ catalogSize: 50, fbpiOrderCount: 6 });
    client = await loginClient(sandbox);
  });

  after(async () => {
    await sandbox.close();
  });

  const nextShipmentNr = () => `SHP-TEST-${(serial += 1)}`;

  function create(body: { nr: string; order: string; items: string[]; awbs: Awb[]; warehouse?: string }, as = client) {
    return as.post(`${FBPI}/shipment/create`, {
      warehouse_code: body.warehouse ?? warehouse,
      integration_shipment_nr: body.nr,
      fbpi_order_nr: body.order,
      awbs: body.awbs,
      items: body.items.map((mpItemNr) => ({ mp_item_nr: mpItemNr })),
    });
  }

  function getShipment(nr: string, as = client, warehouseCode = warehouse) {
    return as.post<GetShipmentResponse>(`${FBPI}/shipment/get`, {
      warehouse_code: warehouseCode,
      integration_shipment_nr: nr,
    });
  }

  async function noonAwbs(countryCode: string, qty: number, as = client): Promise<string[]> {
    const response = await as.post<GetNoonLogisticsAwbsResponse>(`${FBPI}/shipment/noon-logistics-awbs/get`, {
      country_code: countryCode,
      qty,
    });
    return assertOk(response).awb_nrs;
  }

  test('CreateShipment ships acknowledged lines (partial allowed); GetShipment answers them with their SKUs', async () => {
    const order = await acknowledgedOrder(client, warehouse, ['PSKU-000001', 'PSKU-000002']);
    const [first, second] = itemNrs(order);
    const nr = nextShipmentNr();
    const awbs = [{ courier: 'aramex', awb_nr: 'ARX0000000001' }];
    assert.deepEqual(assertOk(await create({ nr, order: order.fbpi_order_nr, items: [first!], awbs })), {});
    const after = await orderOf(client, order.fbpi_order_nr);
    assert.deepEqual(
      after.items.map((item) => item.integration_status),
      ['INTEGRATION_ITEM_STATUS_SHIPPED', 'INTEGRATION_ITEM_STATUS_ACKNOWLEDGED'],
    );
    assert.deepEqual(assertOk(await getShipment(nr)), {
      fbpi_order_nr: order.fbpi_order_nr,
      awbs,
      items: [{ mp_item_nr: first, partner_sku: 'PSKU-000001' }],
    });
    const secondNr = nextShipmentNr();
    assertOk(
      await create({
        nr: secondNr,
        order: order.fbpi_order_nr,
        items: [second!],
        awbs: [{ courier: 'aramex', awb_nr: 'ARX0000000002' }],
      }),
    );
    assert.ok(
      (await orderOf(client, order.fbpi_order_nr)).items.every(
        (item) => item.integration_status === 'INTEGRATION_ITEM_STATUS_SHIPPED',
      ),
    );
  });

  test('the same create again is answered as the first; the number reused for anything else is 409', async () => {
    const order = await acknowledgedOrder(client, warehouse, ['PSKU-000003', 'PSKU-000004']);
    const [first, second] = itemNrs(order);
    const nr = nextShipmentNr();
    const request = { nr, order: order.fbpi_order_nr, items: [first!], awbs: [{ courier: 'smsa', awb_nr: 'SMSA-1' }] };
    assertOk(await create(request));
    assertOk(await create(request));
    assertNoonError(await create({ ...request, items: [first!, second!] }), 409, 'SHIPMENT_ALREADY_EXISTS');
    assertNoonError(
      await create({ ...request, awbs: [{ courier: 'smsa', awb_nr: 'SMSA-2' }] }),
      409,
      'SHIPMENT_ALREADY_EXISTS',
    );
    assert.equal(assertOk(await getShipment(nr)).items.length, 1);
  });

  test('CreateShipment refuses lines not acknowledged, already shipped, cancelled or not in the order', async () => {
    const pending = await sandboxOrder(client, warehouse, ['PSKU-000005']);
    const notAcked = assertNoonError(
      await create({
        nr: nextShipmentNr(),
        order: pending.fbpi_order_nr,
        items: itemNrs(pending),
        awbs: [{ courier: 'x', awb_nr: '1' }],
      }),
      409,
      'INVALID_ITEM_STATUS',
    );
    assert.match(notAcked.details?.[0]?.message ?? '', /not acknowledged/);

    const order = await sandboxOrder(client, warehouse, ['PSKU-000006', 'PSKU-000007', 'PSKU-000008']);
    const [shipped, outOfStock, open] = itemNrs(order);
    assertOk(await updateOrder(client, order.fbpi_order_nr, [outOfStock!]));
    const shipmentNr = nextShipmentNr();
    assertOk(
      await create({
        nr: shipmentNr,
        order: order.fbpi_order_nr,
        items: [shipped!],
        awbs: [{ courier: 'x', awb_nr: '2' }],
      }),
    );
    const refused = assertNoonError(
      await create({
        nr: nextShipmentNr(),
        order: order.fbpi_order_nr,
        items: [open!, shipped!, outOfStock!],
        awbs: [{ courier: 'x', awb_nr: '3' }],
      }),
      409,
      'INVALID_ITEM_STATUS',
    );
    assert.deepEqual(
      refused.details?.map((detail) => detail.field),
      ['items[1].mp_item_nr', 'items[2].mp_item_nr'],
    );
    assert.match(refused.details?.[0]?.message ?? '', new RegExp(`shipped \\(shipment ${shipmentNr}\\)`));
    assert.match(refused.details?.[1]?.message ?? '', /OUT_OF_STOCK/);
    const unknown = assertNoonError(
      await create({
        nr: nextShipmentNr(),
        order: order.fbpi_order_nr,
        items: [open!, 'NI0'],
        awbs: [{ courier: 'x', awb_nr: '4' }],
      }),
      400,
      'ORDER_ITEM_NOT_FOUND',
    );
    assert.equal(unknown.details?.[0]?.field, 'items[1].mp_item_nr');
    assert.equal(
      (await orderOf(client, order.fbpi_order_nr)).items[2]?.integration_status,
      'INTEGRATION_ITEM_STATUS_ACKNOWLEDGED',
      'nothing applied',
    );
  });

  test("CreateShipment refuses malformed bodies, unknown orders, and other partners' orders and warehouses", async () => {
    const order = await acknowledgedOrder(client, warehouse, ['PSKU-000009']);
    const items = itemNrs(order);
    const awbs = [{ courier: 'x', awb_nr: '5' }];
    assertNoonError(
      await create({ nr: nextShipmentNr(), order: order.fbpi_order_nr, items, awbs: [] }),
      422,
      'VALIDATION_ERROR',
    );
    assertNoonError(
      await create({ nr: nextShipmentNr(), order: order.fbpi_order_nr, items: [], awbs }),
      422,
      'VALIDATION_ERROR',
    );
    assertNoonError(
      await create({ nr: nextShipmentNr(), order: order.fbpi_order_nr, items: [items[0]!, items[0]!], awbs }),
      422,
      'VALIDATION_ERROR',
    );
    assertNoonError(
      await create({ nr: nextShipmentNr(), order: order.fbpi_order_nr, items, awbs: [awbs[0]!, awbs[0]!] }),
      422,
      'VALIDATION_ERROR',
    );
    assertNoonError(
      await create({ nr: 'S'.repeat(65), order: order.fbpi_order_nr, items, awbs }),
      422,
      'VALIDATION_ERROR',
    );
    assertNoonError(
      await create({ nr: nextShipmentNr(), order: 'NFBO999999999', items, awbs }),
      404,
      'ORDER_NOT_FOUND',
    );
    assertNoonError(
      await create({ nr: nextShipmentNr(), order: order.fbpi_order_nr, items, awbs, warehouse: 'W99999999Z' }),
      404,
      'WAREHOUSE_NOT_FOUND',
    );
    assertNoonError(
      await create({ nr: nextShipmentNr(), order: order.fbpi_order_nr, items, awbs, warehouse: 'W00100002A' }),
      403,
      'FORBIDDEN',
    );
    const other = await loginClient(sandbox, 'sandbox-key-2');
    const otherOrder = await acknowledgedOrder(other, 'W00100002A', ['PSKU-000001']);
    assertNoonError(
      await create({ nr: nextShipmentNr(), order: otherOrder.fbpi_order_nr, items: itemNrs(otherOrder), awbs }),
      403,
      'FORBIDDEN',
    );
  });

  test('noon-logistics AWBs: issued per country, used once, only for an order of that country', async () => {
    const awbs = await noonAwbs('ae', 3);
    assert.equal(awbs.length, 3);
    assert.equal(new Set(awbs).size, 3);
    assert.ok(awbs.every((awb) => /^NLAE\d{10}$/.test(awb)));
    const [saAwb] = await noonAwbs('sa', 1);

    const order = await acknowledgedOrder(client, warehouse, ['PSKU-000010', 'PSKU-000011']);
    const [first, second] = itemNrs(order);
    const noon = (awbNr: string) => [{ courier: 'noon', awb_nr: awbNr }];
    const wrongCountry = assertNoonError(
      await create({ nr: nextShipmentNr(), order: order.fbpi_order_nr, items: [first!], awbs: noon(saAwb!) }),
      400,
      'INVALID_AWB',
    );
    assert.equal(wrongCountry.details?.[0]?.field, 'awbs[0].awb_nr');
    assertNoonError(
      await create({ nr: nextShipmentNr(), order: order.fbpi_order_nr, items: [first!], awbs: noon('NLAE9999999999') }),
      400,
      'INVALID_AWB',
    );
    const [otherPartnerAwb] = await noonAwbs('ae', 1, await loginClient(sandbox, 'sandbox-key-2'));
    assertNoonError(
      await create({ nr: nextShipmentNr(), order: order.fbpi_order_nr, items: [first!], awbs: noon(otherPartnerAwb!) }),
      400,
      'INVALID_AWB',
    );

    assertOk(await create({ nr: nextShipmentNr(), order: order.fbpi_order_nr, items: [first!], awbs: noon(awbs[0]!) }));
    const reused = assertNoonError(
      await create({ nr: nextShipmentNr(), order: order.fbpi_order_nr, items: [second!], awbs: noon(awbs[0]!) }),
      400,
      'INVALID_AWB',
    );
    assert.match(reused.message, /already used/);
  });

  test('GetNoonLogisticsAWBs refuses quantities outside 1–1000, upper-case and foreign countries', async () => {
    const get = (body: unknown, as = client) => as.post(`${FBPI}/shipment/noon-logistics-awbs/get`, body);
    assert.equal((await noonAwbs('eg', 1000)).length, 1000);
    assert.equal(
      assertNoonError(await get({ country_code: 'ae', qty: 0 }), 422, 'VALIDATION_ERROR').details?.[0]?.field,
      'qty',
    );
    assertNoonError(await get({ country_code: 'ae', qty: 1001 }), 422, 'VALIDATION_ERROR');
    assertNoonError(await get({ country_code: 'ae', qty: 1.5 }), 422, 'VALIDATION_ERROR');
    assertNoonError(await get({ country_code: 'AE', qty: 1 }), 422, 'VALIDATION_ERROR');
    assertNoonError(
      await get({ country_code: 'sa', qty: 1 }, await loginClient(sandbox, 'sandbox-key-2')),
      403,
      'WRONG_COUNTRY',
    );
  });

  test('AddShipmentCourierAwbs adds parcels once; CancelShipment cancels every item, once; then the shipment is closed', async () => {
    const order = await acknowledgedOrder(client, warehouse, ['PSKU-000012', 'PSKU-000013', 'PSKU-000014']);
    const [first, second, third] = itemNrs(order);
    const [awb1, awb2] = await noonAwbs('ae', 2);
    const nr = nextShipmentNr();
    const reference = { warehouse_code: warehouse, integration_shipment_nr: nr };
    assertOk(
      await create({
        nr,
        order: order.fbpi_order_nr,
        items: [first!, second!],
        awbs: [{ courier: 'noon', awb_nr: awb1! }],
      }),
    );

    const add = (awbs: Awb[]) => client.post(`${FBPI}/shipment/courier-awbs/add`, { ...reference, awbs });
    assert.deepEqual(
      assertOk(
        await add([
          { courier: 'noon', awb_nr: awb2! },
          { courier: 'noon', awb_nr: awb1! },
        ]),
      ),
      {},
    );
    assertOk(await add([{ courier: 'noon', awb_nr: awb2! }]));
    assert.deepEqual(assertOk(await getShipment(nr)).awbs, [
      { courier: 'noon', awb_nr: awb1 },
      { courier: 'noon', awb_nr: awb2 },
    ]);
    assertNoonError(await add([{ courier: 'noon', awb_nr: 'NLAE0000009999' }]), 400, 'INVALID_AWB');
    assertNoonError(await add([]), 422, 'VALIDATION_ERROR');
    assertNoonError(
      await client.post(`${FBPI}/shipment/courier-awbs/add`, {
        warehouse_code: warehouse,
        integration_shipment_nr: 'NOPE',
        awbs: [{ courier: 'x', awb_nr: '1' }],
      }),
      404,
      'SHIPMENT_NOT_FOUND',
    );

    assert.deepEqual(assertOk(await client.post(`${FBPI}/shipment/cancel`, reference)), {});
    const cancelled = await orderOf(client, order.fbpi_order_nr);
    assert.deepEqual(
      cancelled.items.map((item) => [item.mp_status, item.integration_status, item.cancellation_reason_code]),
      [
        ['MP_ITEM_STATUS_CANCELLED', 'INTEGRATION_ITEM_STATUS_SHIPPED', 'SHIPMENT_CANCELLED'],
        ['MP_ITEM_STATUS_CANCELLED', 'INTEGRATION_ITEM_STATUS_SHIPPED', 'SHIPMENT_CANCELLED'],
        ['MP_ITEM_STATUS_CONFIRMED', 'INTEGRATION_ITEM_STATUS_ACKNOWLEDGED', undefined],
      ],
    );
    assertOk(await client.post(`${FBPI}/shipment/cancel`, reference));
    assert.deepEqual(await orderOf(client, order.fbpi_order_nr), cancelled);
    assert.equal(assertOk(await getShipment(nr)).items.length, 2, 'a cancelled shipment is still found');
    assertNoonError(await add([{ courier: 'x', awb_nr: '9' }]), 409, 'INVALID_SHIPMENT_STATUS');
    assertNoonError(
      await create({
        nr,
        order: order.fbpi_order_nr,
        items: [first!, second!],
        awbs: [{ courier: 'noon', awb_nr: awb1! }],
      }),
      409,
      'SHIPMENT_ALREADY_EXISTS',
    );
    // The cancelled shipment's AWB is spent; the line left ships with a new one.
    assertNoonError(
      await create({
        nr: nextShipmentNr(),
        order: order.fbpi_order_nr,
        items: [third!],
        awbs: [{ courier: 'noon', awb_nr: awb1! }],
      }),
      400,
      'INVALID_AWB',
    );
  });

  test("GetShipment and CancelShipment refuse unknown shipments and other partners' warehouses", async () => {
    assertNoonError(await getShipment('NOPE'), 404, 'SHIPMENT_NOT_FOUND');
    assertNoonError(
      await client.post(`${FBPI}/shipment/cancel`, { warehouse_code: warehouse, integration_shipment_nr: 'NOPE' }),
      404,
      'SHIPMENT_NOT_FOUND',
    );
    assertNoonError(await getShipment('NOPE', client, 'W00100002A'), 403, 'FORBIDDEN');
    assertNoonError(await getShipment('NOPE', client, 'W99999999Z'), 404, 'WAREHOUSE_NOT_FOUND');
    assertNoonError(await client.post(`${FBPI}/shipment/get`, { warehouse_code: warehouse }), 422, 'VALIDATION_ERROR');
  });
});
