import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { CreateOutwardOrderRequest } from '../../datasources/increff/wire.js';
import { startIncreffSandbox, type IncreffSandbox } from '../../sandbox/increff/index.js';
import { assertEmptyOk, assertIncreffError, availableAt, call, fieldsOf, outwardOrder } from '../support/increff.js';

const cancelPath = (orderCode: string) => `/orders/${encodeURIComponent(orderCode)}/cancel`;

describe('Increff sandbox: Customer Cancellation', () => {
  let sandbox: IncreffSandbox;
  let order: CreateOutwardOrderRequest;

  /** Cancels absolute quantities: [orderItemCode, channelSkuCode, cancelledQuantity]. */
  const cancel = (orderCode: string, items: Array<[string, string, number]>) =>
    call(sandbox, 'PUT', cancelPath(orderCode), {
      orderItems: items.map(([orderItemCode, channelSkuCode, cancelledQuantity]) => ({
        orderItemCode,
        channelSkuCode,
        cancelledQuantity,
      })),
    });

  // A fresh tenant per test, with an order of 3 × PSKU-000001 and 2 × PSKU-000002 at WH-DXB-01 (10 on hand each).
  beforeEach(async () => {
    sandbox = await startIncreffSandbox({ catalogSize: 20 });
    sandbox.control.setStock('WH-DXB-01', 'PSKU-000001', 10);
    sandbox.control.setStock('WH-DXB-01', 'PSKU-000002', 10);
    order = outwardOrder({
      orderItems: [
        { channelSkuCode: 'PSKU-000001', orderItemCode: 'A', quantity: 3, sellingPricePerUnit: 10 },
        { channelSkuCode: 'PSKU-000002', orderItemCode: 'B', quantity: 2, sellingPricePerUnit: 20 },
      ],
    });
    assertEmptyOk(await call(sandbox, 'POST', '/orders/outward', order));
  });

  afterEach(async () => {
    await sandbox.close();
  });

  test('partial: quantities are absolute, the freed units become available again, the order stays CREATED', async () => {
    assert.equal(availableAt(sandbox, 'PSKU-000001', 'WH-DXB-01'), 7);
    assertEmptyOk(await cancel(order.orderCode, [['A', 'PSKU-000001', 1]]));
    assert.equal(availableAt(sandbox, 'PSKU-000001', 'WH-DXB-01'), 8);
    // Absolute: 2 in all, one more than before, not two more.
    assertEmptyOk(await cancel(order.orderCode, [['A', 'PSKU-000001', 2]]));
    assert.equal(availableAt(sandbox, 'PSKU-000001', 'WH-DXB-01'), 9);
    const kept = sandbox.control.order(order.orderCode)!;
    assert.equal(kept.status, 'CREATED');
    assert.deepEqual(
      kept.items.map((item) => item.cancelledQuantity),
      [2, 0],
    );
    // Repeating the same absolute quantity changes nothing: a retried call is harmless.
    assertEmptyOk(await cancel(order.orderCode, [['A', 'PSKU-000001', 2]]));
    assert.equal(availableAt(sandbox, 'PSKU-000001', 'WH-DXB-01'), 9);
  });

  test('full: every unit cancelled makes the order CANCELLED and frees all its stock; a repeat still answers 200', async () => {
    assertEmptyOk(
      await cancel(order.orderCode, [
        ['A', 'PSKU-000001', 3],
        ['B', 'PSKU-000002', 2],
      ]),
    );
    assert.equal(sandbox.control.order(order.orderCode)!.status, 'CANCELLED');
    assert.equal(availableAt(sandbox, 'PSKU-000001', 'WH-DXB-01'), 10);
    assert.equal(availableAt(sandbox, 'PSKU-000002', 'WH-DXB-01'), 10);
    assertEmptyOk(await cancel(order.orderCode, [['B', 'PSKU-000002', 2]]));
    assert.equal(availableAt(sandbox, 'PSKU-000002', 'WH-DXB-01'), 10);
  });

  test('more than ordered, or fewer than already cancelled: 400 INVALID_CANCELLED_QUANTITY, nothing applied', async () => {
    const over = assertIncreffError(
      await cancel(order.orderCode, [
        ['A', 'PSKU-000001', 1],
        ['B', 'PSKU-000002', 3],
      ]),
      400,
      'INVALID_CANCELLED_QUANTITY',
    );
    assert.deepEqual(fieldsOf(over), ['orderItems[1].cancelledQuantity']);
    assert.deepEqual(
      sandbox.control.order(order.orderCode)!.items.map((item) => item.cancelledQuantity),
      [0, 0],
    );

    assertEmptyOk(await cancel(order.orderCode, [['A', 'PSKU-000001', 2]]));
    const lower = assertIncreffError(
      await cancel(order.orderCode, [['A', 'PSKU-000001', 1]]),
      400,
      'INVALID_CANCELLED_QUANTITY',
    );
    assert.match(lower.errors![0]!.message, /from 2 \(already cancelled\) to 3 \(ordered\)/);
  });

  test('an item the order does not have, or under another SKU: 400 ORDER_ITEM_NOT_FOUND', async () => {
    const refused = assertIncreffError(
      await cancel(order.orderCode, [
        ['Z', 'PSKU-000001', 1],
        ['B', 'PSKU-000001', 1],
      ]),
      400,
      'ORDER_ITEM_NOT_FOUND',
    );
    assert.deepEqual(fieldsOf(refused), ['orderItems[0].orderItemCode', 'orderItems[1].orderItemCode']);
  });

  test('the same item twice in one call: 400 BAD_DATA', async () => {
    const refused = assertIncreffError(
      await cancel(order.orderCode, [
        ['A', 'PSKU-000001', 1],
        ['A', 'PSKU-000001', 2],
      ]),
      400,
      'BAD_DATA',
    );
    assert.deepEqual(fieldsOf(refused), ['orderItems[1].orderItemCode']);
  });

  test('an unknown order: 404 ORDER_NOT_FOUND', async () => {
    assertIncreffError(await cancel('SO-NEVER', [['A', 'PSKU-000001', 1]]), 404, 'ORDER_NOT_FOUND');
  });

  test('allowed while PACKED; refused with 409 CANCELLATION_NOT_ALLOWED once INVOICED or HANDED_OVER', async () => {
    sandbox.control.advanceOrder(order.orderCode, 'PACKED');
    assertEmptyOk(await cancel(order.orderCode, [['A', 'PSKU-000001', 1]]));

    sandbox.control.advanceOrder(order.orderCode, 'INVOICED');
    const refused = assertIncreffError(
      await cancel(order.orderCode, [['A', 'PSKU-000001', 2]]),
      409,
      'CANCELLATION_NOT_ALLOWED',
    );
    assert.match(refused.message, /is INVOICED/);

    sandbox.control.advanceOrder(order.orderCode, 'HANDED_OVER');
    assertIncreffError(await cancel(order.orderCode, [['A', 'PSKU-000001', 2]]), 409, 'CANCELLATION_NOT_ALLOWED');
    assert.equal(sandbox.control.order(order.orderCode)!.items[0]!.cancelledQuantity, 1);
  });

  test('a handover takes the live units off the shelf: on hand falls, available stays', async () => {
    assertEmptyOk(await cancel(order.orderCode, [['A', 'PSKU-000001', 1]]));
    const before = sandbox.control.stock('PSKU-000001')[0]!;
    sandbox.control.advanceOrder(order.orderCode, 'HANDED_OVER');
    const afterHandover = sandbox.control.stock('PSKU-000001')[0]!;
    assert.equal(afterHandover.onHand, before.onHand - 2);
    assert.equal(afterHandover.reserved, before.reserved - 2);
    assert.equal(afterHandover.available, before.available);
  });

  test('the warehouse only moves forward, and never moves a cancelled order', async () => {
    sandbox.control.advanceOrder(order.orderCode, 'INVOICED');
    assert.throws(
      () => sandbox.control.advanceOrder(order.orderCode, 'PACKED'),
      /is INVOICED; it cannot move to PACKED/,
    );
    const other = outwardOrder();
    assertEmptyOk(await call(sandbox, 'POST', '/orders/outward', other));
    assertEmptyOk(await cancel(other.orderCode, [['ITEM-1', 'PSKU-000001', 1]]));
    assert.throws(() => sandbox.control.advanceOrder(other.orderCode, 'PACKED'), /is CANCELLED/);
  });
});
