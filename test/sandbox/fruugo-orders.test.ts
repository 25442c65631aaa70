import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readOrderList, readResponseList } from '../../datasources/fruugo/callbacks.js';
import type { FruugoOrder, OrderResponse } from '../../datasources/fruugo/wire.js';
import { startFruugoSandbox, type FruugoSandbox } from '../../sandbox/fruugo/index.js';
import { accepted, fieldErrors, post } from '../support/fruugo-client.js';
import { startReceiver, type WebhookReceiver } from '../support/fruugo-receiver.js';

const DAY_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Fruugo sandbox: authentication and 202', () => {
  let sandbox: FruugoSandbox;

  before(async () => {
    sandbox = await startFruugoSandbox({ orderCount: 5 });
  });

  after(async () => {
    await sandbox.close();
  });

  test('no or wrong Basic credentials: 401 with WWW-Authenticate and an error array, before the body is read', async () => {
    for (const auth of [null, 'sandbox-retailer:wrong', 'someone:sandbox-password', 'no-colon']) {
      const answer = await post(sandbox, '/v3/orders', { dateFrom: '2026-01-01T00:00:00Z' }, { auth });
      assert.equal(answer.status, 401, `auth ${auth}`);
      assert.equal(answer.headers.get('www-authenticate'), 'Basic realm="Fruugo"');
      assert.deepEqual(answer.body, [
        { type: 'error', code: 'UNAUTHORIZED', message: 'Full authentication is required to access this resource' },
      ]);
    }
    const bearer = await fetch(`${sandbox.url}/v3/orders`, { method: 'POST', headers: { authorization: 'Bearer x' } });
    assert.equal(bearer.status, 401);
    const malformed = await post(sandbox, '/v3/orders', undefined, { auth: null, raw: '{not json' });
    assert.equal(malformed.status, 401, 'authentication comes before reading the body');
    assert.equal(sandbox.control.callbacks().length, 0);
  });

  test('202 echoes the caller’s X-Correlation-ID in the header and the body, or makes one up', async () => {
    const mine = await post(sandbox, '/v3/orders', { dateFrom: '2026-01-01T00:00:00Z' }, { correlationId: 'mine-123' });
    assert.equal(accepted(mine), 'mine-123');
    const theirs = accepted(await post(sandbox, '/v3/orders', { dateFrom: '2026-01-01T00:00:00Z' }));
    assert.match(theirs, UUID);
    assert.deepEqual(
      sandbox.control.callbacks().map((callback) => [callback.correlationId, callback.state]),
      [
        ['mine-123', 'waiting'],
        [theirs, 'waiting'],
      ],
      'no webhook URL yet: the callbacks wait',
    );
  });

  test('unknown routes answer 404 in the same array shape', async () => {
    const answer = await post(sandbox, '/v3/orders/return', {});
    assert.equal(answer.status, 404);
    assert.deepEqual(answer.body, [
      { type: 'error', code: 'NOT_FOUND', message: 'No route for POST /v3/orders/return' },
    ]);
  });
});

describe('Fruugo sandbox: 400 field errors', () => {
  let sandbox: FruugoSandbox;

  before(async () => {
    sandbox = await startFruugoSandbox({ orderCount: 5 });
  });

  after(async () => {
    await sandbox.close();
  });

  const confirm = (order: Record<string, unknown>) => ({ orders: [{ type: 'confirm', orderId: '1', ...order }] });

  test('confirm: missing orders, orderId, productId; bad quantities; the wrong type', async () => {
    assert.deepEqual(fieldErrors(await post(sandbox, '/v3/orders/confirm', {})), [
      { field: 'orders', message: 'must not be null' },
    ]);
    assert.deepEqual(fieldErrors(await post(sandbox, '/v3/orders/confirm', { orders: [] })), [
      { field: 'orders', message: 'size must be between 1 and 200' },
    ]);
    assert.deepEqual(fieldErrors(await post(sandbox, '/v3/orders/confirm', { orders: [{ type: 'confirm' }] })), [
      { field: 'orderId', message: 'must not be null' },
    ]);
    assert.deepEqual(fieldErrors(await post(sandbox, '/v3/orders/confirm', confirm({ orderId: ' ' }))), [
      { field: 'orderId', message: 'must not be blank' },
    ]);
    assert.deepEqual(
      fieldErrors(
        await post(
          sandbox,
          '/v3/orders/confirm',
          confirm({
            itemQuantities: [
              { skuId: 'S', quantity: 0 },
              { productId: 'P', skuId: 'S', quantity: 1.5 },
            ],
          }),
        ),
      ),
      [
        { field: 'productId', message: 'must not be null' },
        { field: 'quantity', message: 'must be greater than or equal to 1' },
        { field: 'quantity', message: 'must be an integer' },
      ],
    );
    assert.deepEqual(
      fieldErrors(await post(sandbox, '/v3/orders/confirm', confirm({ type: 'ship', estimatedShippingDate: 'soon' }))),
      [
        { field: 'type', message: 'must be one of [confirm]' },
        { field: 'estimatedShippingDate', message: 'must be an ISO-8601 date-time' },
      ],
    );
  });

  test('more than 200 item quantities is the seed’s skuIds size error; more than 200 orders too', async () => {
    const many = Array.from({ length: 201 }, (_, n) => ({ productId: 'P', skuId: `S${n}`, quantity: 1 }));
    assert.deepEqual(fieldErrors(await post(sandbox, '/v3/orders/confirm', confirm({ itemQuantities: many }))), [
      { field: 'skuIds', message: 'size must be between 1 and 200' },
    ]);
    const orders = Array.from({ length: 201 }, (_, n) => ({ type: 'confirm', orderId: String(n) }));
    assert.deepEqual(fieldErrors(await post(sandbox, '/v3/orders/confirm', { orders })), [
      { field: 'orders', message: 'size must be between 1 and 200' },
    ]);
  });

  test('cancel: a missing or unknown cancellationReason', async () => {
    assert.deepEqual(
      fieldErrors(await post(sandbox, '/v3/orders/cancel', { orders: [{ type: 'cancel', orderId: '1' }] })),
      [{ field: 'cancellationReason', message: 'must not be null' }],
    );
    assert.deepEqual(
      fieldErrors(
        await post(sandbox, '/v3/orders/cancel', {
          orders: [{ type: 'cancel', orderId: '1', cancellationReason: 'bored' }],
        }),
      ),
      [
        {
          field: 'cancellationReason',
          message:
            'must be one of [out_of_stock, product_discontinued, invalid_delivery_address, customer_cancellation, legislation_restriction, other]',
        },
      ],
    );
  });

  test('ship: a tracking URL that is not one', async () => {
    assert.deepEqual(
      fieldErrors(
        await post(sandbox, '/v3/orders/ship', { orders: [{ type: 'ship', orderId: '1', trackingUrl: 'not a url' }] }),
      ),
      [{ field: 'trackingUrl', message: 'must be a valid URL' }],
    );
  });

  test('download: dateFrom required and dated; statuses and countries checked; ranges in order', async () => {
    assert.deepEqual(fieldErrors(await post(sandbox, '/v3/orders', {})), [
      { field: 'dateFrom', message: 'must not be null' },
    ]);
    assert.deepEqual(fieldErrors(await post(sandbox, '/v3/orders', { dateFrom: '2026-13-01' })), [
      { field: 'dateFrom', message: 'must be an ISO-8601 date-time' },
    ]);
    assert.deepEqual(
      fieldErrors(
        await post(sandbox, '/v3/orders', {
          dateFrom: '2026-01-01T00:00:00Z',
          statuses: ['SHIPPED'],
          customerCountries: ['uk'],
        }),
      ),
      [
        { field: 'statuses', message: 'must be one of [PENDING, PROCESSED, EXCEPTION]' },
        { field: 'customerCountries', message: 'must be an ISO 3166-1 alpha-2 code' },
      ],
    );
    assert.deepEqual(
      fieldErrors(
        await post(sandbox, '/v3/orders', {
          dateFrom: '2026-02-01T00:00:00Z',
          dateTo: '2026-01-01T00:00:00Z',
          paymentAmountMin: 10,
          paymentAmountMax: 5,
        }),
      ),
      [
        { field: 'dateTo', message: 'must not be before dateFrom' },
        { field: 'paymentAmountMax', message: 'must not be less than paymentAmountMin' },
      ],
    );
  });

  test('a body that is not JSON, or not sent as JSON, is a 400 about the body; nothing is processed', async () => {
    const invalid = fieldErrors(await post(sandbox, '/v3/orders/confirm', undefined, { raw: '{"orders": [' }));
    assert.equal(invalid[0]?.field, 'body');
    const response = await fetch(`${sandbox.url}/v3/orders/confirm`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        authorization: `Basic ${Buffer.from('sandbox-retailer:sandbox-password').toString('base64')}`,
      },
      body: 'orderId=1',
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as Array<{ field: string }>)[0]?.field, 'body');
    assert.equal(sandbox.control.callbacks().length, 0, 'a refused call sends no callback');
  });
});

describe('Fruugo sandbox: order calls and their callbacks', () => {
  let sandbox: FruugoSandbox;
  let receiver: WebhookReceiver;

  before(async () => {
    receiver = await startReceiver();
    sandbox = await startFruugoSandbox({ orderCount: 100, webhookUrl: receiver.url, callbackDelayMs: 1 });
  });

  after(async () => {
    await sandbox.close();
    await receiver.close();
  });

  /** Sends a call and returns the one response its callback carries, checking the envelope on the way. */
  async function call(kind: 'confirm' | 'ship' | 'cancel', order: Record<string, unknown>): Promise<OrderResponse> {
    const correlationId = accepted(await post(sandbox, `/v3/orders/${kind}`, { orders: [{ type: kind, ...order }] }));
    const delivered = await receiver.delivered(correlationId);
    const type = { confirm: 'ConfirmResponseList', ship: 'ShipResponseList', cancel: 'CancelResponseList' }[kind];
    assert.equal(delivered.envelope.value.type, type);
    assert.equal(delivered.envelope.value.merchantId, 444);
    assert.equal(delivered.headers['x-correlation-id'], correlationId);
    const payload = readResponseList(delivered.payload);
    assert.equal(payload.transactionType, kind);
    assert.equal(payload.responses.length, 1);
    return payload.responses[0]!;
  }

  test('confirm: PENDING → CONFIRMED; again: the seed’s illegal transition failure', async () => {
    const order = sandbox.control.createOrder({
      lines: [
        { skuId: 'PSKU-000010', quantity: 2 },
        { skuId: 'PSKU-000011', quantity: 1 },
      ],
    });
    assert.equal(order.orderStatus, 'PENDING');
    assert.match(order.orderId, /^\d{7}001000444$/);

    assert.deepEqual(await call('confirm', { orderId: order.orderId }), {
      success: true,
      errorMessage: null,
      orderId: order.orderId,
      shipmentId: null,
      itemStatuses: [
        { productId: 'PROD-0004', skuId: 'PSKU-000010', quantity: 2, status: 'CONFIRMED' },
        { productId: 'PROD-0004', skuId: 'PSKU-000011', quantity: 1, status: 'CONFIRMED' },
      ],
    });
    assert.equal(sandbox.control.order(order.orderId)?.orderStatus, 'PROCESSED');

    const again = await call('confirm', { orderId: order.orderId });
    assert.equal(again.success, false);
    assert.equal(
      again.errorMessage,
      'BD_ILLEGAL_FULFILMENT_STATUS_TRANSITION - confirmPurchaseOrder failed, order status is CONFIRMED',
    );
    assert.equal(again.itemStatuses.length, 2, 'a failure still reports where the units are');
  });

  test('the seed’s case: an order the customer cancelled answers NOT_REPLACED', async () => {
    const order = sandbox.control.createOrder({
      lines: [{ skuId: 'PSKU-000005', productId: 'STOCK005', quantity: 1 }],
    });
    sandbox.control.customerCancel(order.orderId);
    assert.deepEqual(await call('confirm', { orderId: order.orderId }), {
      success: false,
      errorMessage:
        'BD_ILLEGAL_FULFILMENT_STATUS_TRANSITION - confirmPurchaseOrder failed, order status is NOT_REPLACED',
      orderId: order.orderId,
      shipmentId: null,
      itemStatuses: [{ productId: 'STOCK005', skuId: 'PSKU-000005', quantity: 1, status: 'NOT_REPLACED' }],
    });
  });

  test('confirm part of a line, then ship only confirmed units, with tracking', async () => {
    const order = sandbox.control.createOrder({ currencyCode: 'AED', lines: [{ skuId: 'PSKU-000020', quantity: 3 }] });
    const pendingShip = await call('ship', { orderId: order.orderId });
    assert.equal(
      pendingShip.errorMessage,
      'BD_ILLEGAL_FULFILMENT_STATUS_TRANSITION - shipPurchaseOrder failed, order status is PENDING',
    );

    const item = { productId: 'PROD-0007', skuId: 'PSKU-000020' };
    const confirmed = await call('confirm', { orderId: order.orderId, itemQuantities: [{ ...item, quantity: 2 }] });
    assert.deepEqual(
      confirmed.itemStatuses.map((entry) => [entry.quantity, entry.status]),
      [
        [1, 'PENDING'],
        [2, 'CONFIRMED'],
      ],
    );

    const tooMany = await call('ship', { orderId: order.orderId, itemQuantities: [{ ...item, quantity: 3 }] });
    assert.equal(
      tooMany.errorMessage,
      'BD_ILLEGAL_FULFILMENT_STATUS_TRANSITION - shipPurchaseOrder failed, 3 units of item PSKU-000020 requested, item status is 1 PENDING, 2 CONFIRMED',
    );

    const shipped = await call('ship', {
      orderId: order.orderId,
      trackingCode: 'TRK1',
      trackingUrl: 'https://track.example.com/TRK1',
    });
    assert.equal(shipped.success, true);
    assert.match(shipped.shipmentId ?? '', /^\d+$/);
    assert.deepEqual(
      shipped.itemStatuses.map((entry) => [entry.quantity, entry.status]),
      [
        [1, 'PENDING'],
        [2, 'SHIPPED'],
      ],
    );
    assert.deepEqual(sandbox.control.order(order.orderId)?.shipments, [
      {
        shipmentId: shipped.shipmentId,
        shippingDate: sandbox.control.order(order.orderId)?.shipments[0]?.shippingDate,
        trackingCode: 'TRK1',
        trackingUrl: 'https://track.example.com/TRK1',
        lines: [{ ...item, quantity: 2 }],
      },
    ]);
  });

  test('cancel per line, then the whole order (empty itemQuantities): shipped units stay', async () => {
    const order = sandbox.control.createOrder({
      lines: [
        { skuId: 'PSKU-000030', quantity: 2 },
        { skuId: 'PSKU-000031', quantity: 1 },
      ],
    });
    const line = { productId: 'PROD-0010', skuId: 'PSKU-000030' };
    const partly = await call('cancel', {
      orderId: order.orderId,
      itemQuantities: [{ ...line, quantity: 1 }],
      cancellationReason: 'out_of_stock',
    });
    assert.deepEqual(
      partly.itemStatuses.map((entry) => [entry.skuId, entry.quantity, entry.status]),
      [
        ['PSKU-000030', 1, 'PENDING'],
        ['PSKU-000030', 1, 'CANCELLED'],
        ['PSKU-000031', 1, 'PENDING'],
      ],
    );
    await call('confirm', {
      orderId: order.orderId,
      itemQuantities: [{ productId: 'PROD-0011', skuId: 'PSKU-000031', quantity: 1 }],
    });
    await call('ship', { orderId: order.orderId });

    const whole = await call('cancel', {
      orderId: order.orderId,
      itemQuantities: [],
      cancellationReason: 'customer_cancellation',
    });
    assert.deepEqual(
      whole.itemStatuses.map((entry) => [entry.skuId, entry.quantity, entry.status]),
      [
        ['PSKU-000030', 2, 'CANCELLED'],
        ['PSKU-000031', 1, 'SHIPPED'],
      ],
    );
    const nothingLeft = await call('cancel', { orderId: order.orderId, cancellationReason: 'other' });
    assert.equal(
      nothingLeft.errorMessage,
      'BD_ILLEGAL_FULFILMENT_STATUS_TRANSITION - cancelPurchaseOrder failed, order status is 1 SHIPPED, 2 CANCELLED',
    );
  });

  test('unknown orders and items fail in the callback, and nothing of a failed call is applied', async () => {
    const unknown = await call('confirm', { orderId: '1234567001000444' });
    assert.deepEqual(unknown, {
      success: false,
      errorMessage: 'BD_ORDER_NOT_FOUND - confirmPurchaseOrder failed, order 1234567001000444 does not exist',
      orderId: '1234567001000444',
      shipmentId: null,
      itemStatuses: [],
    });

    const order = sandbox.control.createOrder({ lines: [{ skuId: 'PSKU-000040', quantity: 1 }] });
    const mixed = await call('confirm', {
      orderId: order.orderId,
      itemQuantities: [
        { productId: 'PROD-0014', skuId: 'PSKU-000040', quantity: 1 },
        { productId: 'PROD-0014', skuId: 'PSKU-999999', quantity: 1 },
      ],
    });
    assert.equal(
      mixed.errorMessage,
      `BD_ITEM_NOT_FOUND - confirmPurchaseOrder failed, item PROD-0014/PSKU-999999 is not part of order ${order.orderId}`,
    );
    assert.deepEqual(
      mixed.itemStatuses.map((entry) => entry.status),
      ['PENDING'],
    );
  });

  test('several orders in one call: one callback, one response each, in order', async () => {
    const first = sandbox.control.createOrder();
    const second = sandbox.control.createOrder();
    const correlationId = accepted(
      await post(sandbox, '/v3/orders/confirm', {
        orders: [
          { type: 'confirm', orderId: first.orderId },
          { type: 'confirm', orderId: second.orderId },
          { type: 'confirm', orderId: first.orderId },
        ],
      }),
    );
    const payload = readResponseList((await receiver.delivered(correlationId)).payload);
    assert.deepEqual(
      payload.responses.map((response) => [response.orderId, response.success]),
      [
        [first.orderId, true],
        [second.orderId, true],
        [first.orderId, false],
      ],
    );
  });

  /** The orders an OrderList callback carries, read and checked the way the gateway reads them. */
  async function download(filter: Record<string, unknown>): Promise<FruugoOrder[]> {
    const correlationId = accepted(await post(sandbox, '/v3/orders', filter));
    const delivered = await receiver.delivered(correlationId);
    assert.equal(delivered.envelope.value.type, 'OrderList');
    const payload = readOrderList(delivered.payload);
    assert.equal(payload.transactionType, 'download');
    return payload.orders;
  }

  test('the download: ~100 sample orders over 60 days, newest first, across statuses, currencies and SKUs', async () => {
    const now = sandbox.control.now().getTime();
    const orders = await download({ dateFrom: new Date(now - 61 * DAY_MS).toISOString() });
    assert.ok(orders.length >= 100, `${orders.length} orders`);
    const dates = orders.map((order) => Date.parse(order.orderDate));
    assert.deepEqual(
      dates,
      [...dates].sort((a, b) => b - a),
      'newest first',
    );
    assert.ok(Math.min(...dates) >= now - 60 * DAY_MS);

    assert.deepEqual(new Set(orders.map((order) => order.currencyCode)), new Set(['GBP', 'EUR', 'AED']));
    const statuses = new Set(orders.flatMap((order) => order.itemStatuses.map((entry) => entry.status)));
    for (const status of ['PENDING', 'CONFIRMED', 'SHIPPED', 'CANCELLED', 'NOT_REPLACED', 'RETURNED']) {
      assert.ok(statuses.has(status), `some unit is ${status}`);
    }
    for (const order of orders) {
      assert.match(order.orderId, /^\d{7}001000444$/);
      assert.ok(order.orderLines.length >= 1 && order.orderLines.length <= 3);
      for (const line of order.orderLines) {
        assert.match(line.skuId, /^PSKU-\d{6}$/);
        assert.ok(line.quantity >= 1 && line.quantity <= 3);
        assert.ok(line.itemPriceInclVat > 0 && Number.isInteger(Math.round(line.itemPriceInclVat * 100)));
        const units = order.itemStatuses.filter((entry) => entry.skuId === line.skuId);
        assert.equal(
          units.reduce((sum, entry) => sum + entry.quantity, 0),
          line.quantity,
          'units add up to the line',
        );
      }
      const shipped = order.itemStatuses.filter((entry) => entry.status === 'SHIPPED' || entry.status === 'RETURNED');
      assert.equal(order.shipments.length > 0, shipped.length > 0, 'a shipment exactly when units shipped');
    }
  });

  test('download filters: date range, status, country, order, SKU, payment amount', async () => {
    const now = sandbox.control.now().getTime();
    const dateFrom = new Date(now - 61 * DAY_MS).toISOString();
    const all = await download({ dateFrom });

    const recent = await download({ dateFrom: new Date(now - 3 * DAY_MS).toISOString() });
    assert.ok(recent.length > 0 && recent.length < all.length);
    assert.ok(recent.every((order) => Date.parse(order.lastModified) >= now - 3 * DAY_MS));
    const older = await download({ dateFrom, dateTo: new Date(now - 30 * DAY_MS).toISOString() });
    assert.ok(older.every((order) => Date.parse(order.lastModified) <= now - 30 * DAY_MS));

    const pending = await download({ dateFrom, statuses: ['PENDING'] });
    assert.ok(pending.length > 0);
    assert.ok(
      pending.every(
        (order) => order.orderStatus === 'PENDING' && order.itemStatuses.every((entry) => entry.status === 'PENDING'),
      ),
    );

    const emirates = await download({ dateFrom, customerCountries: ['AE'] });
    assert.ok(
      emirates.length > 0 && emirates.every((order) => order.customerCountry === 'AE' && order.currencyCode === 'AED'),
    );

    const one = all[10]!;
    assert.deepEqual(
      (await download({ dateFrom, orderId: one.orderId })).map((order) => order.orderId),
      [one.orderId],
    );
    const sku = one.orderLines[0]!.skuId;
    const bySku = await download({ dateFrom, skuId: sku });
    assert.ok(bySku.some((order) => order.orderId === one.orderId));
    assert.ok(bySku.every((order) => order.orderLines.some((line) => line.skuId === sku)));

    const paid = (order: FruugoOrder) =>
      order.orderLines.reduce((sum, line) => sum + line.itemPriceInclVat * line.quantity, 0) +
      order.shippingCostInclVAT;
    const cheap = await download({ dateFrom, paymentAmountMax: 50 });
    assert.ok(cheap.length > 0 && cheap.every((order) => paid(order) <= 50 + 1e-9));
    const dear = await download({ dateFrom, paymentAmountMin: 50.01 });
    assert.equal(cheap.length + dear.length, all.length);
  });
});
