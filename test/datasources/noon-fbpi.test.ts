import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { NoonFbpiApi } from '../../datasources/noon/fbpi/api.js';
import { NoonOrderSource } from '../../datasources/noon/fbpi/order-source.js';
import type { FbpiOrder, FbpiOrderItem } from '../../datasources/noon/fbpi/wire.js';
import type { SourcePosition } from '../../src/domain/ports/order-source.js';
import { Marketplace } from '../../schema/marketplace.js';
import { OrderStatus, type Order } from '../../schema/order.js';
import { BadInput, DomainError, type FieldProblem } from '../../src/domain/errors.js';
import { errorCode } from '../../src/graphql/errors.js';
import { UpstreamError } from '../../src/http/upstream-error.js';
import { SANDBOX_FBPI_WAREHOUSE_CODE, startNoonSandbox, type NoonSandbox } from '../../sandbox/noon/index.js';
import {
  acknowledgedOrder,
  FBPI,
  listAllOrders,
  orderOf,
  requestStatuses,
  sandboxNoonClient,
  sandboxOrder,
} from '../support/noon-fbpi.js';
import { assertOk, loginClient, type NoonTestClient } from '../support/noon-login.js';
import { testLogger } from '../support/silent-logger.js';

const warehouse = SANDBOX_FBPI_WAREHOUSE_CODE;
const LIST = `${FBPI}/fbpi-orders/list`;

/** What a cursor does to a position: it travels as JSON. */
function viaJson(position: SourcePosition | null): SourcePosition | undefined {
  return position === null ? undefined : (JSON.parse(JSON.stringify(position)) as SourcePosition);
}

function ids(orders: readonly Order[]): string[] {
  return orders.map((order) => order.externalId);
}

/** The live items (not cancelled by noon), read straight from the wire. */
function live(order: FbpiOrder): FbpiOrderItem[] {
  return order.items.filter((item) => item.mp_status === 'MP_ITEM_STATUS_CONFIRMED');
}

/** Asserts a refusal made before any call: a domain error, which the client gets with this code. */
/** Refused by the gateway itself with `code`, naming `fields` (BadInput's details) when given. */
async function assertRefused(promise: Promise<unknown>, code: string, fields?: readonly string[]): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(errorCode(error), code);
    if (fields !== undefined) {
      assert.ok(error instanceof BadInput && Array.isArray(error.details), String(error));
      assert.deepEqual(
        (error.details as readonly FieldProblem[]).map((detail) => detail.field),
        fields,
      );
    }
    return true;
  });
}

async function assertUpstream(promise: Promise<unknown>, code: string, httpStatus: number): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof UpstreamError, String(error));
    assert.equal(error.code, code);
    assert.equal(error.httpStatus, httpStatus);
    assert.equal(error.marketplace, Marketplace.NOON);
    return true;
  });
}

describe('NoonOrderSource against the noon sandbox', () => {
  let sandbox: NoonSandbox;
  let raw: NoonTestClient;
  let source: NoonOrderSource;
  let api: NoonFbpiApi;
  let sample: FbpiOrder[];

  before(async () => {
    sandbox = await startNoonSandbox({ catalogSize: 100, fbpiOrderCount: 120 });
    raw = await loginClient(sandbox);
    sample = (await listAllOrders(raw, { warehouse_code: warehouse })).orders;
    api = new NoonFbpiApi(sandboxNoonClient(sandbox).caller(testLogger));
    source = new NoonOrderSource(api, warehouse);
  });

  after(async () => {
    await sandbox.close();
  });

  test('list pages across noon pages of 50, with positions that stop mid-page and survive JSON', async () => {
    const expected = sample.map((order) => order.fbpi_order_nr);
    assert.equal(expected.length, 120);

    sandbox.control.resetRequests();
    const first = await source.list({}, undefined, 30);
    assert.deepEqual(ids(first.orders), expected.slice(0, 30));
    assert.deepEqual(requestStatuses(sandbox, LIST), [200], 'one noon page');
    assert.deepEqual(first.positionAfter(0), { token: null, skip: 0 });
    const afterFirst = viaJson(first.positionAfter(30));
    assert.deepEqual(afterFirst, { token: null, skip: 30 });

    sandbox.control.resetRequests();
    const second = await source.list({}, afterFirst, 40);
    assert.deepEqual(ids(second.orders), expected.slice(30, 70));
    assert.deepEqual(requestStatuses(sandbox, LIST), [200, 200], 'the rest of page 1, then page 2');
    // The merged connection took only 25 of these 40: the position points into noon's second page.
    const midPage = viaJson(second.positionAfter(25)) as { token: string | null; skip: number };
    assert.equal(typeof midPage.token, 'string');
    assert.equal(midPage.skip, 5);

    const third = await source.list({}, midPage, 100);
    assert.deepEqual(ids(third.orders), expected.slice(55));
    assert.equal(third.positionAfter(third.orders.length), null, 'the end of the list');
    assert.deepEqual(viaJson(third.positionAfter(44)), { token: midPage.token, skip: 49 });
    const pageThree = viaJson(third.positionAfter(45)) as { token: string | null; skip: number };
    assert.equal(pageThree.skip, 0, 'right after the last order of a page: the start of the next');
    assert.ok(typeof pageThree.token === 'string' && pageThree.token !== midPage.token);
  });

  test("statuses are filtered on noon's pages; a filtered listing resumes where it stopped", async () => {
    const shipped = sample
      .filter(
        (order) =>
          live(order).length > 0 &&
          live(order).every((item) => item.integration_status === 'INTEGRATION_ITEM_STATUS_SHIPPED'),
      )
      .map((order) => order.fbpi_order_nr);
    assert.ok(shipped.length > 20, 'the sample has enough shipped orders');
    const head = await source.list({ statuses: [OrderStatus.SHIPPED] }, undefined, 20);
    assert.ok(head.orders.every((order) => order.status === OrderStatus.SHIPPED));
    const tail = await source.list({ statuses: [OrderStatus.SHIPPED] }, viaJson(head.positionAfter(20)), 1000);
    assert.deepEqual([...ids(head.orders), ...ids(tail.orders)], shipped);

    const waiting = sample
      .filter((order) => live(order).some((item) => item.integration_status === 'INTEGRATION_ITEM_STATUS_UNSPECIFIED'))
      .map((order) => order.fbpi_order_nr);
    const pending = await source.list({ statuses: [OrderStatus.PENDING, OrderStatus.CANCELLED] }, undefined, 1000);
    const cancelled = sample.filter((order) => live(order).length === 0).map((order) => order.fbpi_order_nr);
    assert.deepEqual(
      ids(pending.orders),
      sample.map((order) => order.fbpi_order_nr).filter((nr) => waiting.includes(nr) || cancelled.includes(nr)),
    );
  });

  test('updatedSince filters on creation time (created_after, inclusive): noon has no update filter', async () => {
    const since = new Date(sample[40]!.order_created_at);
    const page = await source.list({ updatedSince: since }, undefined, 1000);
    assert.deepEqual(
      ids(page.orders),
      sample
        .filter((order) => Date.parse(order.order_created_at) >= since.getTime())
        .map((order) => order.fbpi_order_nr),
    );
    assert.ok(page.orders.length >= 41 && page.orders.length < 120);
  });

  test('get maps the wire: NOON:<nr>, one-unit lines by mp_item_nr, exact money, raw statuses, the least advanced line', async () => {
    const wire = sample.find(
      (order) =>
        order.items.some((item) => item.integration_status === 'INTEGRATION_ITEM_STATUS_OUT_OF_STOCK') &&
        order.items.some((item) => item.integration_status === 'INTEGRATION_ITEM_STATUS_SHIPPED'),
    );
    assert.ok(wire, 'the sample has a partly out-of-stock, shipped order');
    const order = await source.get(wire.fbpi_order_nr);
    assert.equal(order.id, `NOON:${wire.fbpi_order_nr}`);
    assert.equal(order.marketplace, Marketplace.NOON);
    assert.equal(order.externalId, wire.fbpi_order_nr);
    assert.equal(order.currency, wire.currency_code);
    assert.equal(order.status, OrderStatus.SHIPPED);
    assert.deepEqual(order.createdAt, new Date(wire.order_created_at));
    assert.deepEqual(order.shipments, []);
    assert.deepEqual(
      order.lines.map((line) => [line.id, line.sku, line.quantity, line.status, line.marketplaceStatus]),
      wire.items.map((item) => [
        item.mp_item_nr,
        item.partner_sku,
        1,
        item.integration_status === 'INTEGRATION_ITEM_STATUS_SHIPPED' ? OrderStatus.SHIPPED : OrderStatus.CANCELLED,
        `${item.mp_status}/${item.integration_status}`,
      ]),
    );
    assert.equal(order.marketplaceStatus, null, 'noon keeps a status per item only');
    for (const [index, line] of order.lines.entries()) {
      assert.equal(line.unitPrice?.currency, wire.currency_code);
      assert.equal(Number(line.unitPrice?.amount), wire.items[index]!.delivered_invoice_price);
      assert.match(line.unitPrice?.amount ?? '', /^\d+\.\d\d$/);
    }
    const liveCents = live(wire).reduce((sum, item) => sum + Math.round(item.delivered_invoice_price * 100), 0);
    assert.deepEqual(order.total, { amount: (liveCents / 100).toFixed(2), currency: wire.currency_code });

    const egp = await sandboxOrder(raw, warehouse, ['PSKU-000001'], 'eg');
    const egOrder = await source.get(egp.fbpi_order_nr);
    assert.equal(
      egOrder.lines[0]?.unitPrice?.amount,
      `${egp.items[0]!.delivered_invoice_price}.00`,
      'whole EGP still has two decimals',
    );
    assert.equal(egOrder.status, OrderStatus.PENDING);

    await assertUpstream(source.get('NFBO999999999'), 'ORDER_NOT_FOUND', 404);
  });

  test('confirm acknowledges every line and answers the fresh order; confirming again changes nothing', async () => {
    const order = await sandboxOrder(raw, warehouse, ['PSKU-000002', 'PSKU-000003']);
    assert.equal((await source.get(order.fbpi_order_nr)).status, OrderStatus.PENDING);
    const confirmed = await source.confirm(order.fbpi_order_nr);
    assert.equal(confirmed.status, OrderStatus.ACKNOWLEDGED);
    assert.ok(confirmed.lines.every((line) => line.status === OrderStatus.ACKNOWLEDGED));
    assert.deepEqual(await source.confirm(order.fbpi_order_nr), confirmed);

    const shipped = sample.find(
      (candidate) =>
        live(candidate).length > 0 &&
        live(candidate).every((item) => item.integration_status === 'INTEGRATION_ITEM_STATUS_SHIPPED'),
    );
    await assertUpstream(source.confirm(shipped!.fbpi_order_nr), 'INVALID_ORDER_STATUS', 409);
    await assertUpstream(source.confirm('NFBO999999999'), 'ORDER_NOT_FOUND', 404);
  });

  test('cancel marks named lines out of stock (the rest are acknowledged), then the whole order', async () => {
    const order = await sandboxOrder(raw, warehouse, ['PSKU-000004', 'PSKU-000005', 'PSKU-000006']);
    const first = order.items[0]!.mp_item_nr;
    const partly = await source.cancel(order.fbpi_order_nr, {
      reason: 'OUT_OF_STOCK',
      lines: [{ lineId: first, quantity: 1 }],
    });
    assert.deepEqual(
      partly.lines.map((line) => line.status),
      [OrderStatus.CANCELLED, OrderStatus.ACKNOWLEDGED, OrderStatus.ACKNOWLEDGED],
    );
    assert.equal(partly.status, OrderStatus.ACKNOWLEDGED);
    const remaining = Math.round(
      (order.items[1]!.delivered_invoice_price + order.items[2]!.delivered_invoice_price) * 100,
    );
    assert.equal(partly.total?.amount, (remaining / 100).toFixed(2));

    const whole = await source.cancel(order.fbpi_order_nr, { reason: 'OUT_OF_STOCK' });
    assert.equal(whole.status, OrderStatus.CANCELLED);
    assert.ok(
      whole.lines.every(
        (line) => line.marketplaceStatus === 'MP_ITEM_STATUS_CANCELLED/INTEGRATION_ITEM_STATUS_OUT_OF_STOCK',
      ),
    );
    assert.deepEqual(whole.total, { amount: '0.00', currency: 'AED' });

    sandbox.control.resetRequests();
    assert.deepEqual(await source.cancel(order.fbpi_order_nr, { reason: 'OUT_OF_STOCK' }), whole);
    assert.deepEqual(requestStatuses(sandbox, `${FBPI}/fbpi-order/update`), [], 'nothing left to cancel: no call');
  });

  test("cancel refuses what noon cannot do, before any change, and passes noon's own refusals on", async () => {
    const order = await acknowledgedOrder(raw, warehouse, ['PSKU-000007', 'PSKU-000008']);
    const [first, second] = order.items.map((item) => item.mp_item_nr);
    sandbox.control.resetRequests();
    await assertRefused(
      source.cancel(order.fbpi_order_nr, { reason: 'CUSTOMER_CANCELLATION' }),
      'CANCELLATION_REASON_NOT_SUPPORTED',
    );
    await assertRefused(
      source.cancel(order.fbpi_order_nr, { reason: 'OUT_OF_STOCK', messageToCustomer: 'Sorry' }),
      'BAD_USER_INPUT',
      ['messageToCustomer'],
    );
    assert.deepEqual(sandbox.control.requests(), [], 'noon was not asked');
    await assertRefused(
      source.cancel(order.fbpi_order_nr, {
        reason: 'OUT_OF_STOCK',
        lines: [
          { lineId: first!, quantity: 2 },
          { lineId: 'NI0', quantity: 1 },
        ],
      }),
      'BAD_USER_INPUT',
      ['lines[0].quantity', 'lines[1].lineId'],
    );
    await source.ship(order.fbpi_order_nr, { lines: [{ lineId: first!, quantity: 1 }] });
    await assertRefused(
      source.cancel(order.fbpi_order_nr, { reason: 'OUT_OF_STOCK', lines: [{ lineId: first!, quantity: 1 }] }),
      'BAD_USER_INPUT',
      ['lines[0].quantity'],
    );
    assert.deepEqual(
      sandbox.control.requests().filter((request) => request.path.endsWith('/fbpi-order/update')),
      [],
      'nothing was marked out of stock',
    );
    // The whole order: every line neither shipped nor cancelled, so the shipped one is left alone.
    const rest = await source.cancel(order.fbpi_order_nr, { reason: 'OUT_OF_STOCK' });
    assert.deepEqual(
      rest.lines.map((line) => [line.id, line.status]),
      [
        [first, OrderStatus.SHIPPED],
        [second, OrderStatus.CANCELLED],
      ],
    );
    await assertUpstream(
      source.cancel('NFBO999999999', { reason: 'OUT_OF_STOCK', lines: [{ lineId: 'NI0', quantity: 1 }] }),
      'ORDER_NOT_FOUND',
      404,
    );
  });

  test("ship with the partner's courier: its name and tracking number are the AWB, under the caller's shipment number", async () => {
    const order = await acknowledgedOrder(raw, warehouse, ['PSKU-000009', 'PSKU-000010']);
    const shipped = await source.ship(order.fbpi_order_nr, {
      carrier: 'aramex',
      trackingNumber: 'ARX5550001',
      shipmentNumber: 'PO-77-S1',
    });
    assert.equal(shipped.status, OrderStatus.SHIPPED);
    assert.deepEqual(shipped.shipments, [
      {
        id: 'PO-77-S1',
        carrier: 'aramex',
        trackingNumber: 'ARX5550001',
        trackingUrl: null,
        lineIds: order.items.map((item) => item.mp_item_nr),
        createdAt: null,
      },
    ]);
    const onNoon = assertOk(
      await raw.post(`${FBPI}/shipment/get`, { warehouse_code: warehouse, integration_shipment_nr: 'PO-77-S1' }),
    );
    assert.deepEqual((onNoon as { awbs: unknown }).awbs, [{ courier: 'aramex', awb_nr: 'ARX5550001' }]);
  });

  test('ship with noon logistics: an AWB noon issues; lines named ship alone, then the rest', async () => {
    const order = await acknowledgedOrder(raw, warehouse, ['PSKU-000011', 'PSKU-000012'], 'sa');
    const [first, second] = order.items.map((item) => item.mp_item_nr);
    const partly = await source.ship(order.fbpi_order_nr, { lines: [{ lineId: first!, quantity: 1 }] });
    assert.equal(partly.status, OrderStatus.ACKNOWLEDGED, 'the least advanced line');
    assert.deepEqual(
      partly.lines.map((line) => line.status),
      [OrderStatus.SHIPPED, OrderStatus.ACKNOWLEDGED],
    );
    const [shipment] = partly.shipments;
    assert.equal(shipment?.carrier, 'noon');
    assert.match(shipment?.trackingNumber ?? '', /^NLSA\d{10}$/);
    assert.ok(shipment?.id.startsWith(`${order.fbpi_order_nr}-`));
    assert.deepEqual(shipment?.lineIds, [first]);

    const rest = await source.ship(order.fbpi_order_nr, { carrier: 'noon' });
    assert.equal(rest.status, OrderStatus.SHIPPED);
    assert.deepEqual(rest.shipments[0]?.lineIds, [second]);
    assert.notEqual(rest.shipments[0]?.id, shipment?.id);
  });

  test('ship refuses: not acknowledged yet, a carrier without its number, a number without its carrier, a tracking URL, nothing left', async () => {
    const pending = await sandboxOrder(raw, warehouse, ['PSKU-000013']);
    const line = pending.items[0]!.mp_item_nr;
    sandbox.control.resetRequests();
    await assertRefused(source.ship(pending.fbpi_order_nr, { carrier: 'aramex' }), 'BAD_USER_INPUT', ['input.carrier']);
    await assertRefused(source.ship(pending.fbpi_order_nr, { trackingNumber: 'X1' }), 'BAD_USER_INPUT', [
      'input.trackingNumber',
    ]);
    await assertRefused(source.ship(pending.fbpi_order_nr, { trackingUrl: 'https://x' }), 'BAD_USER_INPUT', [
      'input.trackingUrl',
    ]);
    assert.deepEqual(sandbox.control.requests(), [], 'noon was not asked');
    await assertRefused(source.ship(pending.fbpi_order_nr, {}), 'BAD_USER_INPUT', ['id']);
    await assertRefused(
      source.ship(pending.fbpi_order_nr, { lines: [{ lineId: line, quantity: 3 }] }),
      'BAD_USER_INPUT',
      ['input.lines[0].quantity'],
    );
    await assertRefused(
      source.ship(pending.fbpi_order_nr, { lines: [{ lineId: line, quantity: 1 }] }),
      'BAD_USER_INPUT',
      ['input.lines[0].quantity'],
    );
    assert.deepEqual(
      sandbox.control
        .requests()
        .filter((request) => !request.path.endsWith(`/fbpi-order/${pending.fbpi_order_nr}/get`)),
      [],
      'no AWB fetched, no shipment created',
    );
    const used = await acknowledgedOrder(raw, warehouse, ['PSKU-000014']);
    await source.ship(used.fbpi_order_nr, { carrier: 'dhl', trackingNumber: 'D1', shipmentNumber: 'DUP-1' });
    await assertRefused(source.ship(used.fbpi_order_nr, {}), 'NOTHING_TO_SHIP');
    const other = await acknowledgedOrder(raw, warehouse, ['PSKU-000015']);
    await assertUpstream(
      source.ship(other.fbpi_order_nr, { carrier: 'dhl', trackingNumber: 'D2', shipmentNumber: 'DUP-1' }),
      'SHIPMENT_ALREADY_EXISTS',
      409,
    );
  });

  test('a CreateShipment whose answer is lost is retried with the same number and AWB: one shipment', async () => {
    const order = await acknowledgedOrder(raw, warehouse, ['PSKU-000016']);
    sandbox.control.resetRequests();
    sandbox.control.injectFault({
      method: 'POST',
      path: `${FBPI}/shipment/create`,
      status: 502,
      afterProcessing: true,
    });
    const shipped = await source.ship(order.fbpi_order_nr, {});
    assert.deepEqual(requestStatuses(sandbox, `${FBPI}/shipment/create`), [502, 200]);
    assert.deepEqual(
      requestStatuses(sandbox, `${FBPI}/shipment/noon-logistics-awbs/get`),
      [200],
      'the AWB was fetched once',
    );
    assert.equal(shipped.status, OrderStatus.SHIPPED);
    assert.equal(shipped.shipments.length, 1);
    assert.deepEqual(
      (await orderOf(raw, order.fbpi_order_nr)).items.map((item) => item.integration_status),
      ['INTEGRATION_ITEM_STATUS_SHIPPED'],
    );
  });

  test('a session noon refuses is renewed once for FBPI calls too; a 429 is waited out', async () => {
    sandbox.control.resetRequests();
    sandbox.control.expireSessions();
    const order = await source.get(sample[0]!.fbpi_order_nr);
    assert.equal(order.externalId, sample[0]!.fbpi_order_nr);
    assert.deepEqual(
      sandbox.control.requests().map((entry) => [entry.path, entry.status]),
      [
        [`${FBPI}/fbpi-order/${sample[0]!.fbpi_order_nr}/get`, 401],
        ['/identity/public/v1/api/login', 200],
        [`${FBPI}/fbpi-order/${sample[0]!.fbpi_order_nr}/get`, 200],
      ],
    );

    sandbox.control.resetRequests();
    sandbox.control.injectFault({ path: LIST, status: 429, retryAfterSeconds: 0, count: 2 });
    const page = await source.list({}, undefined, 5);
    assert.equal(page.orders.length, 5);
    assert.deepEqual(requestStatuses(sandbox, LIST), [429, 429, 200]);

    sandbox.control.injectFault({ path: LIST, status: 503, count: 10 });
    await assertUpstream(source.list({}, undefined, 5), 'INTERNAL_ERROR', 503);
    sandbox.control.clearFaults();
  });
});
