import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { CreateReturnOrderRequest, SearchInventoryResponse } from '../../datasources/increff/wire.js';
import { startIncreffSandbox, type IncreffSandbox } from '../../sandbox/increff/index.js';
import { assertEmptyOk, assertIncreffError, call, fieldsOf, outwardOrder } from '../support/increff.js';

const SEARCH = '/inventories/search-sku';
const RETURNS = '/return/return-orders';

describe('Increff sandbox: Search Inventory', () => {
  let sandbox: IncreffSandbox;

  beforeEach(async () => {
    sandbox = await startIncreffSandbox({ catalogSize: 3000 });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  test('per location what can still be promised, its type, and the total; unknown SKUs in failureList', async () => {
    sandbox.control.setStock('WH-DXB-01', 'PSKU-000010', 8);
    sandbox.control.setStock('WH-RUH-01', 'PSKU-000010', 4);
    sandbox.control.setStock('STORE-DXB-01', 'PSKU-000010', 1);
    assertEmptyOk(
      await call(
        sandbox,
        'POST',
        '/orders/outward',
        outwardOrder({
          orderItems: [{ channelSkuCode: 'PSKU-000010', orderItemCode: 'A', quantity: 3, sellingPricePerUnit: 1 }],
        }),
      ),
    );
    const answer = await call<SearchInventoryResponse>(sandbox, 'POST', SEARCH, {
      channelSkuCodes: ['PSKU-000010', 'NOPE', 'PSKU-000010'],
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, {
      successList: [
        {
          channelSkuCode: 'PSKU-000010',
          channelSerialNo: null,
          totalQuantity: 10,
          inventories: [
            { quantity: 5, locationCode: 'WH-DXB-01', locationType: 'Warehouse' },
            { quantity: 4, locationCode: 'WH-RUH-01', locationType: 'Warehouse' },
            { quantity: 1, locationCode: 'STORE-DXB-01', locationType: 'Store' },
          ],
        },
      ],
      failureList: [{ channelSkuCode: 'NOPE', message: 'not listed on this channel' }],
    });
  });

  test('the sample stock of the shared SKU space: odd SKUs at WH-DXB-01 only', async () => {
    const answer = await call<SearchInventoryResponse>(sandbox, 'POST', SEARCH, {
      channelSkuCodes: ['PSKU-000001', 'PSKU-003000'],
    });
    assert.deepEqual(
      answer.body.successList?.map((sku) => [
        sku.channelSkuCode,
        sku.inventories.map((inventory) => inventory.locationCode),
      ]),
      [
        ['PSKU-000001', ['WH-DXB-01']],
        ['PSKU-003000', ['WH-DXB-01', 'WH-RUH-01', 'STORE-DXB-01']],
      ],
    );
  });

  test('answers under the page example’s misspelt sucessList when told to', async () => {
    sandbox.control.setSearchListKey('sucessList');
    const answer = await call<SearchInventoryResponse>(sandbox, 'POST', SEARCH, { channelSkuCodes: ['PSKU-000001'] });
    assert.equal(answer.body.successList, undefined);
    assert.equal(answer.body.sucessList?.[0]?.channelSkuCode, 'PSKU-000001');
  });

  test('200 SKUs a call at most; none is not a search', async () => {
    const skus = (count: number) =>
      Array.from({ length: count }, (_, index) => `PSKU-${String(index + 1).padStart(6, '0')}`);
    const answer = await call<SearchInventoryResponse>(sandbox, 'POST', SEARCH, { channelSkuCodes: skus(200) });
    assert.equal(answer.body.successList?.length, 200);
    const tooMany = assertIncreffError(
      await call(sandbox, 'POST', SEARCH, { channelSkuCodes: skus(201) }),
      400,
      'BAD_DATA',
    );
    assert.deepEqual(tooMany.errors, [{ field: 'channelSkuCodes', message: 'must hold at most 200 SKUs' }]);
    assertIncreffError(await call(sandbox, 'POST', SEARCH, { channelSkuCodes: [] }), 400, 'BAD_DATA');
  });
});

describe('Increff sandbox: Create Return Order', () => {
  let sandbox: IncreffSandbox;
  let orderCode: string;

  const returnOrder = (overrides: Partial<CreateReturnOrderRequest> = {}): CreateReturnOrderRequest => ({
    forwardOrderCode: orderCode,
    returnOrderCode: `RET-${orderCode}`,
    locationCode: 'WH-DXB-01',
    orderType: 'CUSTOMER_RETURN',
    orderItems: [
      { itemCode: 'A-1', reason: 'damaged', channelSkuCode: 'PSKU-000001' },
      { itemCode: 'A-2', reason: 'damaged', channelSkuCode: 'PSKU-000001' },
    ],
    ...overrides,
  });

  // A handed-over order of 3 × PSKU-000001 (one of which was cancelled first) and 1 × PSKU-000002.
  beforeEach(async () => {
    sandbox = await startIncreffSandbox({ catalogSize: 20 });
    sandbox.control.setStock('WH-DXB-01', 'PSKU-000001', 10);
    sandbox.control.setStock('WH-DXB-01', 'PSKU-000002', 10);
    const order = outwardOrder({
      orderItems: [
        { channelSkuCode: 'PSKU-000001', orderItemCode: 'A', quantity: 3, sellingPricePerUnit: 1 },
        { channelSkuCode: 'PSKU-000002', orderItemCode: 'B', quantity: 1, sellingPricePerUnit: 1 },
      ],
    });
    orderCode = order.orderCode;
    assertEmptyOk(await call(sandbox, 'POST', '/orders/outward', order));
    assertEmptyOk(
      await call(sandbox, 'PUT', `/orders/${orderCode}/cancel`, {
        orderItems: [{ orderItemCode: 'A', channelSkuCode: 'PSKU-000001', cancelledQuantity: 1 }],
      }),
    );
    sandbox.control.advanceOrder(orderCode, 'HANDED_OVER');
  });

  afterEach(async () => {
    await sandbox.close();
  });

  test('one item per unit: kept RETURN_CREATED against the forward order', async () => {
    assertEmptyOk(await call(sandbox, 'POST', RETURNS, returnOrder()));
    const [kept] = sandbox.control.returns();
    assert.equal(kept?.status, 'RETURN_CREATED');
    assert.equal(kept?.forwardOrderCode, orderCode);
    assert.equal(kept?.items.length, 2);
  });

  test('more units than shipped (ordered − cancelled, less earlier returns): 400 RETURN_QUANTITY_EXCEEDED', async () => {
    const three = returnOrder({
      orderItems: ['1', '2', '3'].map((n) => ({ itemCode: `A-${n}`, reason: 'size', channelSkuCode: 'PSKU-000001' })),
    });
    const refused = assertIncreffError(await call(sandbox, 'POST', RETURNS, three), 400, 'RETURN_QUANTITY_EXCEEDED');
    assert.deepEqual(fieldsOf(refused), ['orderItems[2].channelSkuCode']);

    assertEmptyOk(await call(sandbox, 'POST', RETURNS, returnOrder({ orderItems: [three.orderItems[0]!] })));
    const second = returnOrder({ returnOrderCode: 'RET-2', orderItems: three.orderItems.slice(0, 2) });
    assertIncreffError(await call(sandbox, 'POST', RETURNS, second), 400, 'RETURN_QUANTITY_EXCEEDED');
  });

  test('a SKU the order does not have: 400 ORDER_ITEM_NOT_FOUND', async () => {
    const refused = assertIncreffError(
      await call(
        sandbox,
        'POST',
        RETURNS,
        returnOrder({ orderItems: [{ itemCode: 'X', reason: 'x', channelSkuCode: 'PSKU-000009' }] }),
      ),
      400,
      'ORDER_ITEM_NOT_FOUND',
    );
    assert.deepEqual(fieldsOf(refused), ['orderItems[0].channelSkuCode']);
  });

  test('the same returnOrderCode twice: 409 RETURN_ORDER_ALREADY_EXISTS', async () => {
    assertEmptyOk(await call(sandbox, 'POST', RETURNS, returnOrder({ orderItems: [returnOrder().orderItems[0]!] })));
    assertIncreffError(await call(sandbox, 'POST', RETURNS, returnOrder()), 409, 'RETURN_ORDER_ALREADY_EXISTS');
  });

  test('an order not yet handed over: 409 RETURN_NOT_ALLOWED; an unknown one: 404 ORDER_NOT_FOUND', async () => {
    const fresh = outwardOrder({
      orderItems: [{ channelSkuCode: 'PSKU-000002', orderItemCode: 'B', quantity: 1, sellingPricePerUnit: 1 }],
    });
    assertEmptyOk(await call(sandbox, 'POST', '/orders/outward', fresh));
    sandbox.control.advanceOrder(fresh.orderCode, 'INVOICED');
    assertIncreffError(
      await call(sandbox, 'POST', RETURNS, returnOrder({ forwardOrderCode: fresh.orderCode })),
      409,
      'RETURN_NOT_ALLOWED',
    );
    const unknown = assertIncreffError(
      await call(sandbox, 'POST', RETURNS, returnOrder({ forwardOrderCode: 'SO-NEVER' })),
      404,
      'ORDER_NOT_FOUND',
    );
    assert.deepEqual(fieldsOf(unknown), ['forwardOrderCode']);
  });

  test('validation: required fields, the return type, item codes unique within the return', async () => {
    const refused = assertIncreffError(
      await call(sandbox, 'POST', RETURNS, {
        forwardOrderCode: orderCode,
        returnOrderCode: 'RET-X',
        orderType: 'LOST',
        orderItems: [
          { itemCode: 'A-1', reason: 'x', channelSkuCode: 'PSKU-000001' },
          { itemCode: 'A-1', channelSkuCode: 'PSKU-000001' },
        ],
      }),
      400,
      'BAD_DATA',
    );
    assert.deepEqual(fieldsOf(refused).sort(), ['locationCode', 'orderItems[1].reason', 'orderType']);

    const twice = returnOrder({ orderItems: [returnOrder().orderItems[0]!, returnOrder().orderItems[0]!] });
    const repeated = assertIncreffError(await call(sandbox, 'POST', RETURNS, twice), 400, 'BAD_DATA');
    assert.deepEqual(repeated.errors, [{ field: 'orderItems[1].itemCode', message: 'repeats A-1' }]);
  });
});
