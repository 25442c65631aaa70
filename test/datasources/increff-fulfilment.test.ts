import 'reflect-metadata';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { IncreffFulfilment } from '../../datasources/increff/fulfilment.js';
import { Marketplace } from '../../schema/marketplace.js';
import { OrderStatus } from '../../schema/order.js';
import { UpstreamError } from '../../src/http/upstream-error.js';
import { startIncreffSandbox, type IncreffSandbox } from '../../sandbox/increff/index.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { assertBadUserInput, availableAt, marketplaceOrder, sandboxApi } from '../support/increff.js';
import { orderEventLog } from '../support/order-event-log.js';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const OUTWARD = '/orders/outward';

/** A noon order: PSKU-000001 on two lines (one unit each, 27.08 and 27.10), 2 × PSKU-000002, and a cancelled line. */
const noonOrder = () =>
  marketplaceOrder(Marketplace.NOON, 'NFBO1001', [
    { id: 'N1', sku: 'PSKU-000001', quantity: 1, price: '27.08' },
    { id: 'N2', sku: 'PSKU-000002', quantity: 2, price: '10.00' },
    { id: 'N3', sku: 'PSKU-000001', quantity: 1, price: '27.10' },
    { id: 'N4', sku: 'PSKU-000003', quantity: 1, price: '5.00', status: OrderStatus.CANCELLED },
  ]);

describe('Increff fulfilment: pushing marketplace orders', () => {
  let sandbox: IncreffSandbox;
  let store: EmbeddedStore;
  let fulfilment: IncreffFulfilment;

  const pushes = () => sandbox.control.requests().filter((entry) => entry.path === OUTWARD);

  beforeEach(async () => {
    sandbox = await startIncreffSandbox({ catalogSize: 20 });
    sandbox.control.setStock('WH-DXB-01', 'PSKU-000001', 10);
    sandbox.control.setStock('WH-DXB-01', 'PSKU-000002', 10);
    store = new EmbeddedStore(':memory:');
    fulfilment = new IncreffFulfilment(
      sandboxApi(sandbox),
      store,
      orderEventLog(store),
      { locationCode: 'WH-DXB-01' },
      () => NOW,
    );
  });

  afterEach(async () => {
    await store.close();
    await sandbox.close();
  });

  test('a noon order becomes outward order NOON-<id>: one item per SKU, live lines only, at the configured location', async () => {
    const order = await fulfilment.createFulfilmentOrder(noonOrder(), { paymentMethod: 'COD' });

    const held = sandbox.control.order('NOON-NFBO1001');
    assert.ok(held);
    assert.equal(held.status, 'CREATED');
    assert.equal(held.locationCode, 'WH-DXB-01');
    assert.equal(held.isSplitRequired, false);
    assert.equal(held.paymentMethod, 'COD');
    assert.equal(held.orderTime, '2026-03-01T09:30:00.000Z');
    assert.equal(held.dispatchByTime, '2026-03-03T10:00:00.000Z', '48 hours after the push');
    assert.deepEqual(
      held.items.map((item) => [item.orderItemCode, item.channelSkuCode, item.quantity, item.sellingPricePerUnit]),
      [
        ['N1', 'PSKU-000001', 2, 27.09],
        ['N2', 'PSKU-000002', 2, 10],
      ],
    );
    assert.equal(availableAt(sandbox, 'PSKU-000001', 'WH-DXB-01'), 8);

    assert.equal(order.id, 'INCREFF:NOON-NFBO1001');
    assert.equal(order.marketplace, Marketplace.INCREFF);
    assert.equal(order.externalId, 'NOON-NFBO1001');
    assert.equal(order.status, OrderStatus.PENDING);
    assert.equal(order.marketplaceStatus, 'CREATED');
    assert.deepEqual(order.createdAt, new Date('2026-03-01T09:30:00.000Z'));
    assert.deepEqual(order.updatedAt, NOW);
    assert.deepEqual(order.total, { amount: '74.18', currency: 'AED' });
    assert.deepEqual(
      order.lines.map((line) => [
        line.id,
        line.sku,
        line.quantity,
        line.unitPrice?.amount,
        line.status,
        line.marketplaceStatus,
      ]),
      [
        ['N1', 'PSKU-000001', 2, '27.09', OrderStatus.PENDING, 'CREATED'],
        ['N2', 'PSKU-000002', 2, '10.00', OrderStatus.PENDING, 'CREATED'],
      ],
    );
    assert.deepEqual(await store.findOrder('INCREFF:NOON-NFBO1001'), order);
  });

  test('a repeated push answers the same order and sends nothing: one order at Increff, one in the store', async () => {
    const first = await fulfilment.createFulfilmentOrder(noonOrder(), { paymentMethod: 'NCOD' });
    const again = await fulfilment.createFulfilmentOrder(noonOrder(), { paymentMethod: 'NCOD' });
    assert.deepEqual(again, first);
    assert.equal(pushes().length, 1);
    const listed = await store.listOrders(Marketplace.INCREFF, {}, undefined, 10);
    assert.deepEqual(
      listed.orders.map((order) => order.id),
      ['INCREFF:NOON-NFBO1001'],
    );
    assert.equal(availableAt(sandbox, 'PSKU-000001', 'WH-DXB-01'), 8, 'stock reserved once');
    assert.deepEqual(
      (await store.orderEventsAfter(0, {}, 10)).map((event) => [event.orderId, event.type]),
      [['INCREFF:NOON-NFBO1001', 'CREATED']],
      'announced once',
    );
  });

  test('an answer lost after Increff created the order: the retry meets ORDER_ALREADY_EXISTS, which counts as done', async () => {
    sandbox.control.injectFault({ path: OUTWARD, status: 500, afterProcessing: true });
    const order = await fulfilment.createFulfilmentOrder(noonOrder(), { paymentMethod: 'NCOD' });
    assert.deepEqual(
      pushes().map((entry) => entry.status),
      [500, 409],
    );
    assert.equal(order.status, OrderStatus.PENDING);
    assert.ok(await store.findOrder(order.id));
    assert.equal(availableAt(sandbox, 'PSKU-000001', 'WH-DXB-01'), 8);
  });

  test('a 503 before anything happened is retried into one order', async () => {
    sandbox.control.injectFault({ path: OUTWARD, status: 503 });
    await fulfilment.createFulfilmentOrder(noonOrder(), { paymentMethod: 'NCOD' });
    assert.deepEqual(
      pushes().map((entry) => entry.status),
      [503, 200],
    );
  });

  test('without a location Increff routes it (isSplitRequired); options name location, deadline and address', async () => {
    const routed = new IncreffFulfilment(
      sandboxApi(sandbox),
      store,
      orderEventLog(store),
      { locationCode: undefined },
      () => NOW,
    );
    const fruugo = marketplaceOrder(Marketplace.FRUUGO, '9164260001000444', [
      { id: 'F1', sku: 'PSKU-000002', quantity: 1, price: '3.50' },
    ]);
    await routed.createFulfilmentOrder(fruugo, { paymentMethod: 'NCOD' });
    const held = sandbox.control.order('FRUUGO-9164260001000444');
    assert.equal(held?.locationCode, null);
    assert.equal(held?.isSplitRequired, true);

    sandbox.control.setStock('WH-RUH-01', 'PSKU-000004', 3);
    const marketplacer = marketplaceOrder(Marketplace.MARKETPLACER, 'T3JkZXItMTIz', [
      { id: 'M1', sku: 'PSKU-000004', quantity: 3, price: '1.00' },
    ]);
    await routed.createFulfilmentOrder(marketplacer, {
      paymentMethod: 'NCOD',
      locationCode: 'WH-RUH-01',
      dispatchBy: new Date('2026-03-01T18:00:00.000Z'),
      shippingAddress: { name: 'A. Customer', line1: '1 Sheikh Zayed Rd', city: 'Dubai', country: 'AE' },
    });
    const second = sandbox.control.order('MARKETPLACER-T3JkZXItMTIz');
    assert.equal(second?.locationCode, 'WH-RUH-01');
    assert.equal(second?.dispatchByTime, '2026-03-01T18:00:00.000Z');
  });

  test('Increff’s refusal passes up with its code and items; nothing is stored', async () => {
    const unknown = marketplaceOrder(Marketplace.NOON, 'NFBO-X', [
      { id: 'N1', sku: 'NOT-LISTED', quantity: 1, price: '1.00' },
    ]);
    await assert.rejects(fulfilment.createFulfilmentOrder(unknown, { paymentMethod: 'NCOD' }), (error: unknown) => {
      assert.ok(error instanceof UpstreamError);
      assert.equal(error.code, 'CHANNEL_SKU_NOT_FOUND');
      assert.equal(error.httpStatus, 400);
      assert.deepEqual(error.details, [
        { field: 'orderItems[0].channelSkuCode', item: 'NOT-LISTED', message: 'not listed on this channel' },
      ]);
      return true;
    });
    assert.equal(await store.findOrder('INCREFF:NOON-NFBO-X'), undefined);

    sandbox.control.setStock('WH-DXB-01', 'PSKU-000005', 1);
    const short = marketplaceOrder(Marketplace.NOON, 'NFBO-Y', [
      { id: 'N1', sku: 'PSKU-000005', quantity: 2, price: '1.00' },
    ]);
    await assert.rejects(fulfilment.createFulfilmentOrder(short, { paymentMethod: 'NCOD' }), {
      code: 'INSUFFICIENT_INVENTORY',
      httpStatus: 409,
    });
  });

  test('refused before calling Increff: a line without a price, nothing live, an Increff order', async () => {
    const unpriced = marketplaceOrder(Marketplace.NOON, 'NFBO-P', [
      { id: 'N1', sku: 'PSKU-000001', quantity: 1, price: null },
    ]);
    await assert.rejects(fulfilment.createFulfilmentOrder(unpriced, { paymentMethod: 'NCOD' }), (error) =>
      assertBadUserInput(error, { message: /selling price for every line/ }),
    );
    const cancelled = marketplaceOrder(Marketplace.NOON, 'NFBO-C', [
      { id: 'N1', sku: 'PSKU-000001', quantity: 1, price: '1.00', status: OrderStatus.CANCELLED },
    ]);
    await assert.rejects(fulfilment.createFulfilmentOrder(cancelled, { paymentMethod: 'NCOD' }), (error) =>
      assertBadUserInput(error, { message: /no live lines/ }),
    );
    const own = marketplaceOrder(Marketplace.INCREFF, 'X', [
      { id: 'I1', sku: 'PSKU-000001', quantity: 1, price: '1.00' },
    ]);
    await assert.rejects(fulfilment.createFulfilmentOrder(own, { paymentMethod: 'NCOD' }), (error) =>
      assertBadUserInput(error, { message: /already an Increff order/ }),
    );
    assert.equal(pushes().length, 0);
  });
});
