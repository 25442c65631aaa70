import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { listAllOrders, ORDER_FIELDS } from '../support/orders.js';

const ORDER = `query ($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;

describe('noon FBPI and Increff orders through the gateway', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ noonOptions: { fbpiOrderCount: 40 } });
  });
  after(() => gw.close());

  test('the merged list pages through every noon order once, newest first', async () => {
    const { orders, pages } = await listAllOrders(gw, 'marketplaces: [NOON]', 15);
    assert.equal(orders.length, 40);
    assert.equal(pages, 3);
    assert.equal(new Set(orders.map((order) => order.id)).size, 40, 'no order twice');
    const times = orders.map((order) => Date.parse(order.createdAt));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
    assert.ok(orders.every((order) => order.id.startsWith('NOON:')));
  });

  test('a status filter keeps only matching orders, and a cursor is bound to its filter', async () => {
    const { orders } = await listAllOrders(gw, 'marketplaces: [NOON], status: [PENDING]', 5);
    assert.ok(orders.length > 0);
    assert.ok(orders.every((order) => order.status === 'PENDING'));
    const first: any = dataOf(await gw.graphql(`{ orders(first: 1) { pageInfo { endCursor } } }`)).orders;
    assert.ok(first.pageInfo.endCursor);
    const reused = await gw.graphql(
      `query ($after: String) { orders(status: [SHIPPED], first: 1, after: $after) { nodes { id } } }`,
      {
        after: first.pageInfo.endCursor,
      },
    );
    assert.equal(reused.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  });

  test('an order opens by id with its lines, and unknown or malformed ids are refused clearly', async () => {
    const nr = gw.noon.control.placeFbpiOrder({
      items: [{ partnerSku: 'PSKU-000010' }, { partnerSku: 'PSKU-000011' }],
    } as any);
    const order: any = dataOf(await gw.graphql(ORDER, { id: `NOON:${nr}` })).order;
    assert.equal(order.marketplace, 'NOON');
    assert.equal(order.externalId, nr);
    assert.equal(order.status, 'PENDING');
    assert.deepEqual(order.lines.map((line: any) => line.sku).sort(), ['PSKU-000010', 'PSKU-000011']);
    assert.match(order.total.amount, /^\d+\.\d{2}$/);
    assert.deepEqual(order.errors, []);

    const missing = await gw.graphql(ORDER, { id: 'NOON:NFBO-NOPE' });
    assert.equal(missing.errors?.[0]?.extensions?.code, 'ORDER_NOT_FOUND');
    assert.equal(missing.errors?.[0]?.extensions?.marketplace, 'NOON');
    const malformed = await gw.graphql(ORDER, { id: 'nope' });
    assert.equal(malformed.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  });

  test('confirm, ship and cancel move a noon order forward', async () => {
    const nr = gw.noon.control.placeFbpiOrder({
      items: [{ partnerSku: 'PSKU-000020' }, { partnerSku: 'PSKU-000021' }],
    } as any);
    const id = `NOON:${nr}`;
    const confirmed: any = dataOf(
      await gw.graphql(`mutation ($id: ID!) { confirmOrder(id: $id) { status lines { id status } } }`, { id }),
    );
    assert.equal(confirmed.confirmOrder.status, 'ACKNOWLEDGED');
    const [first, second] = confirmed.confirmOrder.lines;

    const refused = await gw.graphql(
      `mutation ($id: ID!, $line: ID!) { cancelOrder(id: $id, reason: CUSTOMER_CANCELLATION, lines: [{ lineId: $line, quantity: 1 }]) { status } }`,
      { id, line: first.id },
    );
    assert.equal(refused.errors?.[0]?.extensions?.code, 'CANCELLATION_REASON_NOT_SUPPORTED');

    const cancelled: any = dataOf(
      await gw.graphql(
        `mutation ($id: ID!, $line: ID!) { cancelOrder(id: $id, reason: OUT_OF_STOCK, lines: [{ lineId: $line, quantity: 1 }]) { status lines { id status } } }`,
        { id, line: first.id },
      ),
    ).cancelOrder;
    assert.equal(cancelled.lines.find((line: any) => line.id === first.id).status, 'CANCELLED');
    assert.equal(cancelled.status, 'ACKNOWLEDGED', 'the live line still waits to ship');

    const shipped: any = dataOf(
      await gw.graphql(
        `mutation ($id: ID!) { shipOrder(id: $id, input: { carrier: "Aramex", trackingNumber: "AWB-123" }) { status shipments { carrier trackingNumber lineIds } } }`,
        { id },
      ),
    ).shipOrder;
    assert.equal(shipped.status, 'SHIPPED');
    assert.deepEqual(
      shipped.shipments.map((s: any) => [s.carrier, s.trackingNumber, s.lineIds]),
      [['Aramex', 'AWB-123', [second.id]]],
    );
  });

  test('an order is pushed to Increff once, then listed, cancelled there, and refuses steps Increff does not take', async () => {
    const nr = gw.noon.control.placeFbpiOrder({ items: [{ partnerSku: 'PSKU-000030' }] } as any);
    const push = `mutation ($id: ID!) { createFulfilmentOrder(input: { orderId: $id }) { id marketplace status lines { id sku quantity } } }`;
    const pushed: any = dataOf(await gw.graphql(push, { id: `NOON:${nr}` })).createFulfilmentOrder;
    assert.equal(pushed.id, `INCREFF:NOON-${nr}`);
    assert.equal(pushed.status, 'PENDING');
    const again: any = dataOf(await gw.graphql(push, { id: `NOON:${nr}` })).createFulfilmentOrder;
    assert.equal(again.id, pushed.id);
    assert.equal(
      gw.increff.control.requests().filter((request) => request.path === '/orders/outward').length,
      1,
      'the repeated push reached Increff once',
    );

    const listed = await listAllOrders(gw, 'marketplaces: [INCREFF]', 50);
    assert.ok(listed.orders.some((order) => order.id === pushed.id));

    const confirm = await gw.graphql(`mutation ($id: ID!) { confirmOrder(id: $id) { id } }`, { id: pushed.id });
    assert.equal(confirm.errors?.[0]?.extensions?.code, 'OPERATION_NOT_SUPPORTED');
    assert.equal(confirm.errors?.[0]?.extensions?.marketplace, 'INCREFF');

    const cancelled: any = dataOf(
      await gw.graphql(`mutation ($id: ID!) { cancelOrder(id: $id, reason: CUSTOMER_CANCELLATION) { status } }`, {
        id: pushed.id,
      }),
    ).cancelOrder;
    assert.equal(cancelled.status, 'CANCELLED');
    assert.equal(gw.increff.control.order(`NOON-${nr}`)?.status, 'CANCELLED');
  });

  test('line stock comes from one call per marketplace and batch, not one per line', async () => {
    gw.noon.control.resetRequests();
    gw.increff.control.resetRequests();
    const page: any = dataOf(
      await gw.graphql(
        `{ orders(marketplaces: [NOON], first: 40) { nodes { lines { sku inventory { marketplace location available } } } } }`,
      ),
    ).orders;
    const lines = page.nodes.flatMap((order: any) => order.lines);
    const skus = new Set(lines.map((line: any) => line.sku));
    assert.ok(lines.length > 40, `enough lines to tell batching from one call per line (${lines.length})`);
    const stockCalls = gw.noon.control.requests().filter((request) => request.path === '/stock/v1/stock-list');
    const searchCalls = gw.increff.control.requests().filter((request) => request.path === '/inventories/search-sku');
    assert.equal(stockCalls.length, 1);
    assert.equal(searchCalls.length, Math.ceil(skus.size / 200));
    const levels = lines.flatMap((line: any) => line.inventory);
    assert.ok(levels.some((level: any) => level.marketplace === 'NOON'));
    assert.ok(levels.some((level: any) => level.marketplace === 'INCREFF'));
  });

  test('one marketplace failing leaves the others’ data, with one error naming it', async () => {
    gw.increff.control.injectFault({ path: '/inventories/search-sku', status: 500, count: 100 });
    try {
      const response = await gw.graphql(
        `{ orders(marketplaces: [NOON], first: 20) { nodes { id lines { inventory { marketplace available } } } } }`,
      );
      assert.equal(response.data?.orders.nodes.length, 20);
      const levels = response.data?.orders.nodes.flatMap((order: any) =>
        order.lines.flatMap((line: any) => line.inventory),
      );
      assert.ok(levels.length > 0 && levels.every((level: any) => level.marketplace === 'NOON'));
      assert.equal(response.errors?.length, 1, JSON.stringify(response.errors));
      assert.equal(response.errors?.[0]?.extensions?.marketplace, 'INCREFF');
      assert.equal(response.errors?.[0]?.extensions?.httpStatus, 500);
    } finally {
      gw.increff.control.clearFaults();
    }
  });
});
