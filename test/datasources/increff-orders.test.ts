import 'reflect-metadata';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { IncreffFulfilment } from '../../datasources/increff/fulfilment.js';
import { IncreffOrderSource } from '../../datasources/increff/order-source.js';
import type { OrderSource } from '../../src/domain/ports/order-source.js';
import { Marketplace } from '../../schema/marketplace.js';
import { OrderStatus, type Order } from '../../schema/order.js';
import { UpstreamError } from '../../src/http/upstream-error.js';
import { startIncreffSandbox, type IncreffSandbox } from '../../sandbox/increff/index.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { assertBadUserInput, availableAt, marketplaceOrder, sandboxApi } from '../support/increff.js';
import { orderEventLog } from '../support/order-event-log.js';
import { keepOrder } from '../support/kept-orders.js';
import type { CancelRequest } from '../../src/domain/ports/order-source.js';

const PUSHED_AT = new Date('2026-03-01T10:00:00.000Z');
const CANCELLED_AT = new Date('2026-03-01T11:00:00.000Z');
const CODE = 'NOON-NFBO2002';

/** 3 × PSKU-000001 (line A) and 2 × PSKU-000002 (line B) at 10.00 AED each. */
const noonOrder = (externalId = 'NFBO2002', minutesLater = 0) => ({
  ...marketplaceOrder(Marketplace.NOON, externalId, [
    { id: 'A', sku: 'PSKU-000001', quantity: 3, price: '10.00' },
    { id: 'B', sku: 'PSKU-000002', quantity: 2, price: '10.00' },
  ]),
  createdAt: new Date(Date.UTC(2026, 2, 1, 9, minutesLater)),
});

const linesOf = (order: Order) =>
  order.lines.map((line) => [line.id, line.quantity, line.status, line.marketplaceStatus]);

describe('Increff order source and returns', () => {
  let sandbox: IncreffSandbox;
  let store: EmbeddedStore;
  let orders: IncreffOrderSource;
  let fulfilment: IncreffFulfilment;

  const cancels = () => sandbox.control.requests().filter((entry) => entry.method === 'PUT');
  const cancelledAtIncreff = () => sandbox.control.order(CODE)!.items.map((item) => item.cancelledQuantity);

  beforeEach(async () => {
    sandbox = await startIncreffSandbox({ catalogSize: 20 });
    sandbox.control.setStock('WH-DXB-01', 'PSKU-000001', 10);
    sandbox.control.setStock('WH-DXB-01', 'PSKU-000002', 10);
    store = new EmbeddedStore(':memory:');
    const api = sandboxApi(sandbox);
    fulfilment = new IncreffFulfilment(
      api,
      store,
      orderEventLog(store),
      { locationCode: 'WH-DXB-01' },
      () => PUSHED_AT,
    );
    orders = new IncreffOrderSource(api, store, () => CANCELLED_AT);
    await fulfilment.createFulfilmentOrder(noonOrder(), { paymentMethod: 'NCOD' });
  });

  afterEach(async () => {
    await store.close();
    await sandbox.close();
  });

  test('list and get read the store, newest first; an order never pushed is ORDER_NOT_FOUND (404)', async () => {
    await fulfilment.createFulfilmentOrder(noonOrder('NFBO2003', 5), { paymentMethod: 'NCOD' });
    const page = await orders.list({}, undefined, 10);
    assert.deepEqual(
      page.orders.map((order) => order.externalId),
      ['NOON-NFBO2003', CODE],
    );
    assert.equal(page.positionAfter(2), null);
    assert.deepEqual((await orders.list({ statuses: [OrderStatus.CANCELLED] }, undefined, 10)).orders, []);

    assert.equal((await orders.get(CODE)).id, `INCREFF:${CODE}`);
    await assert.rejects(orders.get('NOON-NEVER'), (error: unknown) => {
      assert.ok(error instanceof UpstreamError);
      assert.equal(error.code, 'ORDER_NOT_FOUND');
      assert.equal(error.httpStatus, 404);
      return true;
    });
    // The warehouse confirms and ships by itself: the source offers neither.
    const source: OrderSource = orders;
    assert.equal(source.marketplace, Marketplace.INCREFF);
    assert.equal(source.confirm, undefined);
    assert.equal(source.ship, undefined);
  });

  /**
   * A cancellation as the gateway makes it: the source's call, then the order kept with the mutation's event
   * (datasources/orders does this for every marketplace whose orders the store keeps).
   */
  async function cancelKept(request: CancelRequest): Promise<Order> {
    const order = await orders.cancel(CODE, request);
    await keepOrder(store, order);
    return order;
  }

  test('partial cancellation sends absolute quantities and splits the line into live and cancelled parts', async () => {
    const once = await cancelKept({ reason: 'CUSTOMER_CANCELLATION', lines: [{ lineId: 'A', quantity: 1 }] });
    assert.deepEqual(cancelledAtIncreff(), [1, 0]);
    assert.deepEqual(linesOf(once), [
      ['A', 2, OrderStatus.PENDING, 'CREATED'],
      ['A/cancelled', 1, OrderStatus.CANCELLED, 'CANCELLED'],
      ['B', 2, OrderStatus.PENDING, 'CREATED'],
    ]);
    assert.equal(once.status, OrderStatus.PENDING);
    assert.deepEqual(once.total, { amount: '40.00', currency: 'AED' });
    assert.deepEqual(once.updatedAt, CANCELLED_AT);
    assert.deepEqual(await store.findOrder(`INCREFF:${CODE}`), once);

    // One more unit of A: Increff hears 2 in all, not 1.
    const twice = await cancelKept({ reason: 'CUSTOMER_CANCELLATION', lines: [{ lineId: 'A', quantity: 1 }] });
    assert.deepEqual(cancelledAtIncreff(), [2, 0]);
    assert.deepEqual(linesOf(twice).slice(0, 2), [
      ['A', 1, OrderStatus.PENDING, 'CREATED'],
      ['A/cancelled', 2, OrderStatus.CANCELLED, 'CANCELLED'],
    ]);
    assert.equal(availableAt(sandbox, 'PSKU-000001', 'WH-DXB-01'), 9);
  });

  test('full cancellation: every item at its whole quantity, CANCELLED, total 0; a second one calls nothing', async () => {
    await cancelKept({ reason: 'OUT_OF_STOCK', lines: [{ lineId: 'A', quantity: 1 }] });
    const cancelled = await cancelKept({ reason: 'CUSTOMER_CANCELLATION' });
    assert.deepEqual(cancelledAtIncreff(), [3, 2]);
    assert.equal(sandbox.control.order(CODE)!.status, 'CANCELLED');
    assert.deepEqual(linesOf(cancelled), [
      ['A', 3, OrderStatus.CANCELLED, 'CANCELLED'],
      ['B', 2, OrderStatus.CANCELLED, 'CANCELLED'],
    ]);
    assert.equal(cancelled.status, OrderStatus.CANCELLED);
    assert.equal(cancelled.marketplaceStatus, 'CANCELLED');
    assert.deepEqual(cancelled.total, { amount: '0.00', currency: 'AED' });
    assert.equal(availableAt(sandbox, 'PSKU-000001', 'WH-DXB-01'), 10);

    const calls = cancels().length;
    assert.deepEqual(await cancelKept({ reason: 'CUSTOMER_CANCELLATION' }), cancelled);
    assert.equal(cancels().length, calls);
  });

  test('lines the order does not have live, or too many units: refused before calling Increff', async () => {
    await cancelKept({ reason: 'OTHER', lines: [{ lineId: 'B', quantity: 2 }] });
    const calls = cancels().length;
    await assert.rejects(
      cancelKept({
        reason: 'OTHER',
        lines: [
          { lineId: 'Z', quantity: 1 },
          { lineId: 'A', quantity: 2 },
          { lineId: 'A', quantity: 2 },
          { lineId: 'B', quantity: 1 },
        ],
      }),
      (error) => assertBadUserInput(error, { fields: ['lines[0].lineId', 'lines[2].quantity', 'lines[3].lineId'] }),
    );
    assert.equal(cancels().length, calls);
  });

  test('once invoiced Increff refuses (CANCELLATION_NOT_ALLOWED, 409) and the stored order stays as it was', async () => {
    const before = await orders.get(CODE);
    sandbox.control.advanceOrder(CODE, 'INVOICED');
    await assert.rejects(cancelKept({ reason: 'CUSTOMER_CANCELLATION' }), (error: unknown) => {
      assert.ok(error instanceof UpstreamError);
      assert.equal(error.code, 'CANCELLATION_NOT_ALLOWED');
      assert.equal(error.httpStatus, 409);
      assert.equal(error.marketplace, Marketplace.INCREFF);
      return true;
    });
    assert.deepEqual(await orders.get(CODE), before);
  });

  test('a cancellation whose answer was lost is repeated safely: absolute quantities do not add up twice', async () => {
    sandbox.control.injectFault({ method: 'PUT', status: 502, afterProcessing: true });
    await cancelKept({ reason: 'OTHER', lines: [{ lineId: 'A', quantity: 2 }] });
    assert.deepEqual(
      cancels().map((entry) => entry.status),
      [502, 200],
    );
    assert.deepEqual(cancelledAtIncreff(), [2, 0]);
  });

  test('a return sends one item per unit to the configured location; repeating it creates no second return', async () => {
    sandbox.control.advanceOrder(CODE, 'HANDED_OVER');
    const request = {
      returnOrderCode: 'RMA-1',
      lines: [
        { lineId: 'A', quantity: 2 },
        { lineId: 'B', quantity: 1 },
      ],
      reason: 'damaged',
    };
    const created = await fulfilment.createReturn(CODE, request);
    assert.deepEqual(created, {
      returnOrderCode: 'RMA-1',
      forwardOrderCode: CODE,
      locationCode: 'WH-DXB-01',
      units: 3,
    });
    assert.deepEqual(await fulfilment.createReturn(CODE, request), created);

    const returns = sandbox.control.returns();
    assert.equal(returns.length, 1);
    assert.equal(returns[0]!.orderType, 'CUSTOMER_RETURN');
    assert.deepEqual(
      returns[0]!.items.map((item) => [item.itemCode, item.channelSkuCode, item.reason, item.price, item.name]),
      [
        ['A-1', 'PSKU-000001', 'damaged', 10, 'Title of PSKU-000001'],
        ['A-2', 'PSKU-000001', 'damaged', 10, 'Title of PSKU-000001'],
        ['B-1', 'PSKU-000002', 'damaged', 10, 'Title of PSKU-000002'],
      ],
    );
  });

  test('returns: Increff refuses one before handover; no location, or cancelled units, are refused locally', async () => {
    await assert.rejects(
      fulfilment.createReturn(CODE, { returnOrderCode: 'RMA-2', lines: [{ lineId: 'A', quantity: 1 }], reason: 'x' }),
      { code: 'RETURN_NOT_ALLOWED', httpStatus: 409 },
    );
    const unplaced = new IncreffFulfilment(sandboxApi(sandbox), store, orderEventLog(store), {
      locationCode: undefined,
    });
    await assert.rejects(
      unplaced.createReturn(CODE, { returnOrderCode: 'RMA-3', lines: [{ lineId: 'A', quantity: 1 }], reason: 'x' }),
      (error) => assertBadUserInput(error, { fields: ['locationCode'] }),
    );
    await cancelKept({ reason: 'OTHER', lines: [{ lineId: 'A', quantity: 3 }] });
    await assert.rejects(
      fulfilment.createReturn(CODE, { returnOrderCode: 'RMA-4', lines: [{ lineId: 'A', quantity: 1 }], reason: 'x' }),
      (error) => assertBadUserInput(error, { fields: ['lines[0].lineId'] }),
    );
  });
});
