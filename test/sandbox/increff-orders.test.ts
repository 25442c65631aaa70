import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ErrorBody } from '../../datasources/increff/wire.js';
import { startIncreffSandbox, type IncreffSandbox } from '../../sandbox/increff/index.js';
import {
  assertEmptyOk,
  assertIncreffError,
  authHeaders,
  availableAt,
  call,
  fieldsOf,
  outwardOrder,
} from '../support/increff.js';

const OUTWARD = '/orders/outward';

describe('Increff sandbox: credentials', () => {
  let sandbox: IncreffSandbox;

  before(async () => {
    sandbox = await startIncreffSandbox({ catalogSize: 20 });
  });

  after(async () => {
    await sandbox.close();
  });

  test('no credential headers: 401 UNAUTHORIZED naming all three, before the body is read', async () => {
    const refused = assertIncreffError(
      await call(sandbox, 'POST', OUTWARD, 'not even an order', {}),
      401,
      'UNAUTHORIZED',
    );
    assert.match(refused.message, /authUsername, authPassword, authDomainName/);
  });

  for (const header of ['authUsername', 'authPassword', 'authDomainName']) {
    test(`a wrong ${header}: 401 naming it`, async () => {
      const headers = { ...authHeaders(sandbox), [header]: 'wrong' };
      const refused = assertIncreffError(
        await call(sandbox, 'POST', '/inventories/search-sku', { channelSkuCodes: ['PSKU-000001'] }, headers),
        401,
        'UNAUTHORIZED',
      );
      assert.equal(refused.message, `Missing or wrong ${header}`);
    });
  }

  test('a route Increff does not have: 404 NOT_FOUND in the same shape', async () => {
    assertIncreffError(await call(sandbox, 'GET', '/orders/outward/SO-1'), 404, 'NOT_FOUND');
  });
});

describe('Increff sandbox: Create Outward Order', () => {
  let sandbox: IncreffSandbox;

  before(async () => {
    sandbox = await startIncreffSandbox({ catalogSize: 100 });
  });

  after(async () => {
    await sandbox.close();
  });

  test('a valid order: empty 200, kept CREATED, its units reserved at the named location', async () => {
    sandbox.control.setStock('WH-DXB-01', 'PSKU-000002', 10);
    const order = outwardOrder({
      orderItems: [{ channelSkuCode: 'PSKU-000002', orderItemCode: 'A', quantity: 4, sellingPricePerUnit: 12.5 }],
    });
    assertEmptyOk(await call(sandbox, 'POST', OUTWARD, order));
    const kept = sandbox.control.order(order.orderCode);
    assert.equal(kept?.status, 'CREATED');
    assert.deepEqual(kept?.items[0]?.allocations, [{ locationCode: 'WH-DXB-01', quantity: 4 }]);
    assert.equal(availableAt(sandbox, 'PSKU-000002', 'WH-DXB-01'), 6);
  });

  test('field-level validation: 400 BAD_DATA with one entry per field, by JSON path', async () => {
    const { orderCode, ...noCode } = outwardOrder();
    const refused = assertIncreffError(
      await call(sandbox, 'POST', OUTWARD, {
        ...noCode,
        paymentMethod: 'CARD',
        orderTime: '2026-03-01 10:00',
        orderItems: [
          { channelSkuCode: 'PSKU-000001', orderItemCode: 'A', quantity: 1, sellingPricePerUnit: 1 },
          { channelSkuCode: 'PSKU-000002', orderItemCode: 'B', quantity: 0, sellingPricePerUnit: -1 },
        ],
      }),
      400,
      'BAD_DATA',
    );
    assert.ok(orderCode);
    assert.deepEqual(fieldsOf(refused).sort(), [
      'orderCode',
      'orderItems[1].quantity',
      'orderItems[1].sellingPricePerUnit',
      'orderTime',
      'paymentMethod',
    ]);
    assert.equal(refused.errors?.find((entry) => entry.field === 'orderCode')?.message, 'is required');
  });

  test('rules across fields: split with a location, dispatch before processing, an orderItemCode twice', async () => {
    const refused = assertIncreffError(
      await call(
        sandbox,
        'POST',
        OUTWARD,
        outwardOrder({
          isSplitRequired: true,
          locationCode: 'WH-DXB-01',
          dispatchByTime: '2026-03-01T00:00:00Z',
          orderItems: [
            { channelSkuCode: 'PSKU-000001', orderItemCode: 'A', quantity: 1, sellingPricePerUnit: 1 },
            { channelSkuCode: 'PSKU-000003', orderItemCode: 'A', quantity: 1, sellingPricePerUnit: 1 },
          ],
        }),
      ),
      400,
      'BAD_DATA',
    );
    assert.deepEqual(fieldsOf(refused), ['locationCode', 'dispatchByTime', 'orderItems[1].orderItemCode']);
  });

  test('malformed JSON: 400 BAD_DATA on the body', async () => {
    const response = await fetch(`${sandbox.url}${OUTWARD}`, {
      method: 'POST',
      headers: { ...authHeaders(sandbox), 'content-type': 'application/json' },
      body: '{"orderCode": ',
    });
    const body = (await response.json()) as ErrorBody;
    assert.equal(response.status, 400);
    assert.equal(body.code, 'BAD_DATA');
    assert.deepEqual(fieldsOf(body), ['body']);
  });

  test('the same orderCode twice: 409 ORDER_ALREADY_EXISTS, and the first order alone holds stock', async () => {
    sandbox.control.setStock('WH-DXB-01', 'PSKU-000004', 5);
    const order = outwardOrder({
      orderItems: [{ channelSkuCode: 'PSKU-000004', orderItemCode: 'A', quantity: 2, sellingPricePerUnit: 1 }],
    });
    assertEmptyOk(await call(sandbox, 'POST', OUTWARD, order));
    const refused = assertIncreffError(await call(sandbox, 'POST', OUTWARD, order), 409, 'ORDER_ALREADY_EXISTS');
    assert.deepEqual(fieldsOf(refused), ['orderCode']);
    assert.equal(availableAt(sandbox, 'PSKU-000004', 'WH-DXB-01'), 3);
  });

  test('a SKU twice in one order: 400 DUPLICATE_CHANNEL_SKU naming each repeat; nothing reserved', async () => {
    sandbox.control.setStock('WH-DXB-01', 'PSKU-000005', 9);
    const order = outwardOrder({
      orderItems: [
        { channelSkuCode: 'PSKU-000005', orderItemCode: 'A', quantity: 1, sellingPricePerUnit: 1 },
        { channelSkuCode: 'PSKU-000006', orderItemCode: 'B', quantity: 1, sellingPricePerUnit: 1 },
        { channelSkuCode: 'PSKU-000005', orderItemCode: 'C', quantity: 2, sellingPricePerUnit: 1 },
      ],
    });
    const refused = assertIncreffError(await call(sandbox, 'POST', OUTWARD, order), 400, 'DUPLICATE_CHANNEL_SKU');
    assert.deepEqual(refused.errors, [
      { field: 'orderItems[2].channelSkuCode', channelSkuCode: 'PSKU-000005', message: 'appears earlier in the order' },
    ]);
    assert.equal(sandbox.control.order(order.orderCode), undefined);
    assert.equal(availableAt(sandbox, 'PSKU-000005', 'WH-DXB-01'), 9);
  });

  test('2,500 items pass the limit; 2,501 are refused with ITEM_LIMIT_EXCEEDED', async () => {
    const big = await startIncreffSandbox({ catalogSize: 2501 });
    try {
      const items = (count: number) =>
        Array.from({ length: count }, (_, index) => ({
          channelSkuCode: `PSKU-${String(index + 1).padStart(6, '0')}`,
          orderItemCode: `I${index + 1}`,
          quantity: 1,
          sellingPricePerUnit: 1,
        }));
      for (let n = 1; n <= 2501; n += 1) big.control.setStock('WH-DXB-01', `PSKU-${String(n).padStart(6, '0')}`, 1);
      const refused = assertIncreffError(
        await call(big, 'POST', OUTWARD, outwardOrder({ orderItems: items(2501) })),
        400,
        'ITEM_LIMIT_EXCEEDED',
      );
      assert.deepEqual(fieldsOf(refused), ['orderItems']);
      assertEmptyOk(await call(big, 'POST', OUTWARD, outwardOrder({ orderItems: items(2500) })));
    } finally {
      await big.close();
    }
  });

  test('an unknown SKU: 400 CHANNEL_SKU_NOT_FOUND naming each; the order is refused, not created FAILED', async () => {
    const order = outwardOrder({
      orderItems: [
        { channelSkuCode: 'PSKU-000001', orderItemCode: 'A', quantity: 1, sellingPricePerUnit: 1 },
        { channelSkuCode: 'NOPE-1', orderItemCode: 'B', quantity: 1, sellingPricePerUnit: 1 },
      ],
    });
    const refused = assertIncreffError(await call(sandbox, 'POST', OUTWARD, order), 400, 'CHANNEL_SKU_NOT_FOUND');
    assert.deepEqual(refused.errors, [
      { field: 'orderItems[1].channelSkuCode', channelSkuCode: 'NOPE-1', message: 'not listed on this channel' },
    ]);
    assert.equal(sandbox.control.order(order.orderCode), undefined);
  });

  test('an unknown location: 400 LOCATION_NOT_FOUND', async () => {
    const refused = assertIncreffError(
      await call(sandbox, 'POST', OUTWARD, outwardOrder({ locationCode: 'WH-NOWHERE' })),
      400,
      'LOCATION_NOT_FOUND',
    );
    assert.deepEqual(fieldsOf(refused), ['locationCode']);
  });

  test('more than the location has: 409 INSUFFICIENT_INVENTORY naming the line; nothing reserved', async () => {
    sandbox.control.setStock('WH-DXB-01', 'PSKU-000007', 2);
    sandbox.control.setStock('WH-DXB-01', 'PSKU-000008', 50);
    const order = outwardOrder({
      orderItems: [
        { channelSkuCode: 'PSKU-000008', orderItemCode: 'A', quantity: 5, sellingPricePerUnit: 1 },
        { channelSkuCode: 'PSKU-000007', orderItemCode: 'B', quantity: 3, sellingPricePerUnit: 1 },
      ],
    });
    const refused = assertIncreffError(await call(sandbox, 'POST', OUTWARD, order), 409, 'INSUFFICIENT_INVENTORY');
    assert.deepEqual(refused.errors, [
      { field: 'orderItems[1].quantity', channelSkuCode: 'PSKU-000007', message: '3 asked, 2 available at WH-DXB-01' },
    ]);
    assert.equal(availableAt(sandbox, 'PSKU-000008', 'WH-DXB-01'), 50);
  });

  test('routed by Increff: one location serving the whole order is preferred, warehouses first', async () => {
    // PSKU-000010 is held at all three locations; PSKU-000020 too.
    sandbox.control.setStock('WH-DXB-01', 'PSKU-000010', 1);
    sandbox.control.setStock('WH-RUH-01', 'PSKU-000010', 5);
    sandbox.control.setStock('WH-RUH-01', 'PSKU-000020', 5);
    const order = outwardOrder({
      locationCode: null,
      isSplitRequired: true,
      orderItems: [
        { channelSkuCode: 'PSKU-000010', orderItemCode: 'A', quantity: 2, sellingPricePerUnit: 1 },
        { channelSkuCode: 'PSKU-000020', orderItemCode: 'B', quantity: 2, sellingPricePerUnit: 1 },
      ],
    });
    assertEmptyOk(await call(sandbox, 'POST', OUTWARD, order));
    const items = sandbox.control.order(order.orderCode)!.items;
    assert.deepEqual(
      items.map((item) => item.allocations),
      [[{ locationCode: 'WH-RUH-01', quantity: 2 }], [{ locationCode: 'WH-RUH-01', quantity: 2 }]],
    );
  });

  test('split across locations only when isSplitRequired; otherwise refused, saying so', async () => {
    sandbox.control.setStock('WH-DXB-01', 'PSKU-000030', 2);
    sandbox.control.setStock('WH-RUH-01', 'PSKU-000030', 1);
    sandbox.control.setStock('STORE-DXB-01', 'PSKU-000030', 4);
    const items = [{ channelSkuCode: 'PSKU-000030', orderItemCode: 'A', quantity: 5, sellingPricePerUnit: 1 }];

    const whole = assertIncreffError(
      await call(sandbox, 'POST', OUTWARD, outwardOrder({ locationCode: null, orderItems: items })),
      409,
      'INSUFFICIENT_INVENTORY',
    );
    assert.deepEqual(fieldsOf(whole), ['isSplitRequired']);

    const split = outwardOrder({ locationCode: null, isSplitRequired: true, orderItems: items });
    assertEmptyOk(await call(sandbox, 'POST', OUTWARD, split));
    assert.deepEqual(sandbox.control.order(split.orderCode)!.items[0]!.allocations, [
      { locationCode: 'WH-DXB-01', quantity: 2 },
      { locationCode: 'WH-RUH-01', quantity: 1 },
      { locationCode: 'STORE-DXB-01', quantity: 2 },
    ]);
    assert.equal(availableAt(sandbox, 'PSKU-000030', 'STORE-DXB-01'), 2);
  });
});
