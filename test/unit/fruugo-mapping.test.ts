import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CallbackFormatError,
  readCallbackEnvelope,
  readOrderList,
  readResponseList,
} from '../../datasources/fruugo/callbacks.js';
import { parseFruugoError } from '../../datasources/fruugo/errors.js';
import { lineId, parseLineId, toOrder, toOrderStatus, withItemStatuses } from '../../datasources/fruugo/mapping.js';
import type { FruugoOrder } from '../../datasources/fruugo/wire.js';
import { Marketplace } from '../../schema/marketplace.js';
import { OrderStatus } from '../../schema/order.js';
import { parseLoosePayload } from '../../datasources/fruugo/webhooks/loose-payload.js';

/** Seed 004's callback, as the webhook receives it. */
const SEED_CALLBACK = {
  value: {
    type: 'ConfirmResponseList',
    merchantId: 444,
    correlationId: 'c3145570-0731-45db-9c9a-33f97d588400',
    payload:
      "{ 'transactionType': 'confirm' 'responses': [{ 'success': false 'errorMessage': 'BD_ILLEGAL_FULFILMENT_STATUS_TRANSITION - confirmPurchaseOrder failed, order status is NOT_REPLACED' 'orderId': '9164260001000444' 'shipmentId': null 'itemStatuses': [{ 'productId': 'STOCK005' 'skuId': 'STOCK-IS-1000-WITHV20' 'quantity': 1 'status': 'NOT_REPLACED' }] }] }",
  },
};

function wireOrder(overrides: Partial<FruugoOrder> = {}): FruugoOrder {
  return {
    orderId: '9164260001000444',
    customerOrderId: '9164260',
    orderDate: '2026-03-01T10:00:00.000Z',
    orderReleaseDate: '2026-03-01T10:05:00.000Z',
    lastModified: '2026-03-02T08:00:00.000Z',
    orderStatus: 'PROCESSED',
    currencyCode: 'GBP',
    customerCountry: 'GB',
    customerLanguageCode: 'EN',
    shippingMethod: 'Standard Shipping',
    shippingCostInclVAT: 1.99,
    orderLines: [
      {
        productId: 'STOCK005',
        skuId: 'STOCK-IS-1000-WITHV20',
        skuName: 'Stock item',
        quantity: 3,
        itemPriceInclVat: 12.99,
        itemVat: 2.17,
        vatPercentage: 20,
      },
      {
        productId: 'PROD-0001',
        skuId: 'PSKU-000001',
        skuName: 'Sticker',
        quantity: 1,
        itemPriceInclVat: 1.005,
        itemVat: 0.17,
        vatPercentage: 20,
      },
    ],
    itemStatuses: [
      { productId: 'STOCK005', skuId: 'STOCK-IS-1000-WITHV20', quantity: 2, status: 'SHIPPED' },
      { productId: 'STOCK005', skuId: 'STOCK-IS-1000-WITHV20', quantity: 1, status: 'CANCELLED' },
      { productId: 'PROD-0001', skuId: 'PSKU-000001', quantity: 1, status: 'CONFIRMED' },
    ],
    shipments: [
      {
        shipmentId: '70000001',
        shippingDate: '2026-03-02T08:00:00.000Z',
        trackingCode: 'TRK1',
        trackingUrl: 'https://track.example.com/TRK1',
        lines: [{ productId: 'STOCK005', skuId: 'STOCK-IS-1000-WITHV20', quantity: 2 }],
      },
    ],
    ...overrides,
  };
}

describe('Fruugo mapping', () => {
  test('unit statuses in the unified model; an unknown one reads PENDING', () => {
    assert.deepEqual(
      ['PENDING', 'CONFIRMED', 'SHIPPED', 'CANCELLED', 'NOT_REPLACED', 'RETURNED', 'SOMETHING_NEW'].map(toOrderStatus),
      [
        OrderStatus.PENDING,
        OrderStatus.ACKNOWLEDGED,
        OrderStatus.SHIPPED,
        OrderStatus.CANCELLED,
        OrderStatus.CANCELLED,
        OrderStatus.RETURNED,
        OrderStatus.PENDING,
      ],
    );
  });

  test('line ids: productId/skuId, unambiguous even with a slash inside', () => {
    assert.equal(lineId('PROD-0001', 'PSKU-000001'), 'PROD-0001/PSKU-000001');
    assert.equal(lineId('A/B', 'C%D'), 'A%2FB/C%25D');
    assert.deepEqual(parseLineId(lineId('A/B', 'C%D')), { productId: 'A/B', skuId: 'C%D' });
    for (const bad of ['PSKU-000001', 'a/b/c', '/b', 'a/', '%E0%A4%A/b'])
      assert.equal(parseLineId(bad), undefined, bad);
  });

  test('an order: global id, per-line status from its units, the whole order’s from its lines, exact money', () => {
    const order = toOrder(wireOrder());
    assert.equal(order.id, 'FRUUGO:9164260001000444');
    assert.equal(order.marketplace, Marketplace.FRUUGO);
    assert.equal(order.externalId, '9164260001000444');
    assert.equal(order.marketplaceStatus, 'PROCESSED');
    assert.deepEqual(
      [order.createdAt.toISOString(), order.updatedAt.toISOString()],
      ['2026-03-01T10:00:00.000Z', '2026-03-02T08:00:00.000Z'],
    );
    assert.equal(order.currency, 'GBP');
    assert.deepEqual(
      order.lines.map((line) => [
        line.id,
        line.sku,
        line.title,
        line.quantity,
        line.unitPrice?.amount,
        line.status,
        line.marketplaceStatus,
      ]),
      [
        [
          'STOCK005/STOCK-IS-1000-WITHV20',
          'STOCK-IS-1000-WITHV20',
          'Stock item',
          3,
          '12.99',
          OrderStatus.SHIPPED,
          '2 SHIPPED, 1 CANCELLED',
        ],
        ['PROD-0001/PSKU-000001', 'PSKU-000001', 'Sticker', 1, '1.01', OrderStatus.ACKNOWLEDGED, 'CONFIRMED'],
      ],
    );
    assert.equal(order.lines[0]!.marketplace, Marketplace.FRUUGO);
    assert.equal(order.status, OrderStatus.ACKNOWLEDGED, 'the least advanced live line');
    assert.deepEqual(order.total, { amount: '39.98', currency: 'GBP' }, '3 × 12.99 + 1.01, shipping not included');
    assert.deepEqual(order.shipments, [
      {
        id: '70000001',
        carrier: null,
        trackingNumber: 'TRK1',
        trackingUrl: 'https://track.example.com/TRK1',
        lineIds: ['STOCK005/STOCK-IS-1000-WITHV20'],
        createdAt: new Date('2026-03-02T08:00:00.000Z'),
      },
    ]);
  });

  test('AED and EUR keep two decimals; an order of pending units is PENDING; a cancelled one CANCELLED', () => {
    const pending = toOrder(
      wireOrder({
        currencyCode: 'aed',
        orderStatus: 'PENDING',
        orderLines: [
          {
            productId: 'P',
            skuId: 'S',
            skuName: 'x',
            quantity: 2,
            itemPriceInclVat: 120.5,
            itemVat: 5.74,
            vatPercentage: 5,
          },
        ],
        itemStatuses: [{ productId: 'P', skuId: 'S', quantity: 2, status: 'PENDING' }],
        shipments: [],
      }),
    );
    assert.equal(pending.status, OrderStatus.PENDING);
    assert.deepEqual(pending.total, { amount: '241.00', currency: 'AED' });
    assert.deepEqual(pending.lines[0]!.unitPrice, { amount: '120.50', currency: 'AED' });

    const cancelled = toOrder(
      wireOrder({
        itemStatuses: [
          { productId: 'STOCK005', skuId: 'STOCK-IS-1000-WITHV20', quantity: 3, status: 'NOT_REPLACED' },
          { productId: 'PROD-0001', skuId: 'PSKU-000001', quantity: 1, status: 'CANCELLED' },
        ],
      }),
    );
    assert.equal(cancelled.status, OrderStatus.CANCELLED);
  });

  test('the seed’s callback read end to end: envelope, loose payload, response; its item statuses applied to the order', () => {
    const envelope = readCallbackEnvelope(SEED_CALLBACK);
    assert.equal(envelope.value.type, 'ConfirmResponseList');
    const payload = readResponseList(parseLoosePayload(envelope.value.payload));
    assert.equal(payload.transactionType, 'confirm');
    const [response] = payload.responses;
    assert.equal(response!.success, false);
    assert.equal(response!.shipmentId, null);

    const before = toOrder(
      wireOrder({
        orderStatus: 'PENDING',
        orderLines: [wireOrder().orderLines[0]!],
        itemStatuses: [{ productId: 'STOCK005', skuId: 'STOCK-IS-1000-WITHV20', quantity: 3, status: 'PENDING' }],
        shipments: [],
      }),
    );
    const at = new Date('2026-03-03T00:00:00Z');
    const after = withItemStatuses(before, response!.itemStatuses, at);
    assert.equal(after.status, OrderStatus.CANCELLED);
    assert.equal(after.lines[0]!.marketplaceStatus, 'NOT_REPLACED');
    assert.equal(after.marketplaceStatus, 'PROCESSED');
    assert.equal(after.updatedAt, at);
    assert.equal(before.status, OrderStatus.PENDING, 'the order given is not changed');
    assert.equal(withItemStatuses(before, [], at), before, 'no item statuses: nothing to apply');
  });

  test('callback readers: ids written as numbers become strings; a wrong shape names every problem', () => {
    const response = readResponseList({
      transactionType: 'ship',
      responses: [{ success: true, orderId: 9164260001000, shipmentId: 70000001, itemStatuses: [] }],
    }).responses[0]!;
    assert.deepEqual(
      [response.orderId, response.shipmentId, response.errorMessage],
      ['9164260001000', '70000001', null],
    );

    assert.throws(
      () => readCallbackEnvelope({ value: { type: 'ConfirmResponseList', correlationId: '', payload: 1 } }),
      (error: unknown) =>
        error instanceof CallbackFormatError &&
        error.issues.some((issue) => issue.startsWith('value.merchantId')) &&
        error.issues.some((issue) => issue.startsWith('value.correlationId')) &&
        error.issues.some((issue) => issue.startsWith('value.payload')),
    );
    assert.throws(
      () =>
        readOrderList({
          transactionType: 'download',
          orders: [{ ...wireOrder(), orderDate: 'yesterday', orderLines: [{}] }],
        }),
      (error: unknown) =>
        error instanceof CallbackFormatError &&
        error.issues.some((issue) => issue.startsWith('orders.0.orderDate: must be an ISO-8601 date-time')) &&
        error.issues.some((issue) => issue.startsWith('orders.0.orderLines.0.productId')),
    );
    assert.deepEqual(readOrderList({ transactionType: 'download', orders: [wireOrder()] }).orders[0], wireOrder());
  });
});

describe('Fruugo error bodies', () => {
  test('the seed’s 400 array: VALIDATION_ERROR, one detail per field', () => {
    assert.deepEqual(
      parseFruugoError(400, [
        { type: 'field', field: 'productId', message: 'must not be null' },
        { type: 'field', field: 'skuIds', message: 'size must be between 1 and 200' },
      ]),
      {
        code: 'VALIDATION_ERROR',
        message: 'Fruugo refused the request: productId must not be null; skuIds size must be between 1 and 200',
        details: [
          { field: 'productId', message: 'must not be null' },
          { field: 'skuIds', message: 'size must be between 1 and 200' },
        ],
      },
    );
  });

  test('an entry with a code lends it; anything else is named after the status', () => {
    assert.deepEqual(parseFruugoError(429, [{ type: 'error', code: 'RATE_LIMIT_EXCEEDED', message: 'slow down' }]), {
      code: 'RATE_LIMIT_EXCEEDED',
      message: 'slow down',
    });
    assert.deepEqual(parseFruugoError(502, '<html>Bad Gateway</html>'), {
      code: 'INTERNAL_ERROR',
      message: 'Fruugo answered HTTP 502: <html>Bad Gateway</html>',
    });
    assert.equal(parseFruugoError(429, undefined).code, 'RATE_LIMIT_EXCEEDED');
    assert.equal(parseFruugoError(401, {}).code, 'UNAUTHORIZED');
    assert.equal(parseFruugoError(400, []).code, 'VALIDATION_ERROR');
    assert.equal(parseFruugoError(418, [{ type: 'field' }]).code, 'HTTP_418');
  });
});
