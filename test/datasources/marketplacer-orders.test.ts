import 'reflect-metadata';
import { TEST_HTTP } from '../support/http.js';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMarketplacerClient, MarketplacerOrderSource } from '../../datasources/marketplacer/index.js';
import type { Order } from '../../schema/order.js';
import { OrderStatus } from '../../schema/order.js';
import { BadInput } from '../../src/domain/errors.js';
import { errorCode } from '../../src/graphql/errors.js';
import { UpstreamError } from '../../src/http/upstream-error.js';
import { startMarketplacerSandbox, type MarketplacerSandbox } from '../../sandbox/marketplacer/index.js';
import { BUYER, variantOf } from '../support/marketplacer.js';
import { testLogger } from '../support/silent-logger.js';

describe('Marketplacer orders: listing', () => {
  let sandbox: MarketplacerSandbox;
  let source: MarketplacerOrderSource;
  let everything: Order[];

  before(async () => {
    sandbox = await startMarketplacerSandbox();
    source = new MarketplacerOrderSource(
      createMarketplacerClient(sandbox.marketplacerConfig(), TEST_HTTP, testLogger),
      testLogger,
    );
    everything = (await source.list({}, undefined, 1000)).orders;
  });

  after(async () => {
    await sandbox.close();
  });

  const ids = (orders: Order[]) => orders.map((order) => order.id);
  const invoicePages = () =>
    sandbox.control
      .operations()
      .filter((entry) => entry.operationName === 'Invoices')
      .map((entry) => entry.variables?.first);

  test('every invoice once, newest first, as MARKETPLACER:<legacyId>', () => {
    assert.equal(everything.length, 120);
    assert.equal(new Set(ids(everything)).size, 120);
    for (let index = 1; index < everything.length; index += 1) {
      assert.ok(everything[index - 1]!.createdAt >= everything[index]!.createdAt);
    }
    assert.match(everything[0]!.id, /^MARKETPLACER:\d+$/);
    assert.equal(everything[0]!.id, `MARKETPLACER:${everything[0]!.externalId}`);
  });

  test('pages hold what is served (at most 100); positions that stop mid-page resume there', async () => {
    sandbox.control.resetOperations();
    const first = await source.list({}, undefined, 30);
    assert.deepEqual(ids(first.orders), ids(everything.slice(0, 30)));
    assert.deepEqual(invoicePages(), [30], 'Marketplacer builds and sends no invoice that is not served');

    // The merged connection served only 20 of them: resume after the 20th, in the middle of that page.
    const second = await source.list({}, first.positionAfter(20), 90);
    assert.deepEqual(ids(second.orders), ids(everything.slice(20, 110)));
    assert.deepEqual(invoicePages(), [30, 100, 10], 'the first 100 again (20 skipped), then the next 10');

    const third = await source.list({}, second.positionAfter(90), 50);
    assert.deepEqual(ids(third.orders), ids(everything.slice(110)));
    assert.equal(third.positionAfter(third.orders.length), null, 'the list is exhausted');
    assert.deepEqual(invoicePages(), [30, 100, 10, 50], 'from the 111th');
  });

  test('statuses are filtered here; updatedSince upstream', async () => {
    const expected = everything.filter((order) => order.status === OrderStatus.CANCELLED);
    assert.ok(expected.length > 0);
    sandbox.control.resetOperations();
    const cancelled = await source.list({ statuses: [OrderStatus.CANCELLED] }, undefined, expected.length + 1);
    assert.deepEqual(ids(cancelled.orders), ids(expected));
    assert.deepEqual(invoicePages(), [100, 100], 'full pages: most invoices are filtered out here');

    const since = everything[40]!.updatedAt;
    const recent = await source.list({ updatedSince: since }, undefined, 1000);
    assert.deepEqual(ids(recent.orders), ids(everything.filter((order) => order.updatedAt >= since)));
  });
});

describe('Marketplacer orders: get, create, ship, cancel', () => {
  let sandbox: MarketplacerSandbox;
  let source: MarketplacerOrderSource;

  before(async () => {
    sandbox = await startMarketplacerSandbox({ invoices: 10 });
    source = new MarketplacerOrderSource(
      createMarketplacerClient(sandbox.marketplacerConfig(), TEST_HTTP, testLogger),
      testLogger,
    );
  });

  after(async () => {
    await sandbox.close();
  });

  /** A new invoice of one seller: 4 units of PSKU-000201 for 10830 cents, 1 of PSKU-000205 for 1000. */
  async function createOrder(): Promise<Order> {
    sandbox.control.setCountOnHand('PSKU-000201', 50);
    sandbox.control.setCountOnHand('PSKU-000205', 50);
    const [a, b] = [await variantOf(sandbox, 'PSKU-000201'), await variantOf(sandbox, 'PSKU-000205')];
    const created = await source.orderCreate({
      order: BUYER,
      lineItems: [
        { variantId: a.id, quantity: 4, cost: { amount: 10830 }, postage: { amount: 995 } },
        { variantId: b.id, quantity: 1, cost: { amount: 1000 } },
      ],
    });
    assert.match(created.orderId, /^\d+$/);
    assert.equal(created.orders.length, 1);
    return created.orders[0]!;
  }

  test('orderCreate: cents become exact amounts (10830 for 4 → 27.08 each, 108.32 the line)', async () => {
    const order = await createOrder();
    const [line] = order.lines;
    assert.deepEqual(line!.unitPrice, { amount: '27.08', currency: 'AUD' });
    assert.equal(line!.quantity, 4);
    assert.equal(line!.sku, 'PSKU-000201');
    assert.deepEqual(order.total, { amount: '118.32', currency: 'AUD' }, '108.32 + 10.00, postage left out');
    assert.equal(order.status, OrderStatus.ACKNOWLEDGED, 'paid orders need no acceptance');
    assert.equal(order.marketplaceStatus, null, 'an invoice has status flags, not a status');
    assert.equal(order.id, `MARKETPLACER:${order.externalId}`);
  });

  test('orderCreate refused: INVALID_INPUT with one detail per field message', async () => {
    sandbox.control.setCountOnHand('PSKU-000209', 1);
    const variant = await variantOf(sandbox, 'PSKU-000209');
    await assert.rejects(
      source.orderCreate({ order: BUYER, lineItems: [{ variantId: variant.id, quantity: 2, cost: { amount: 100 } }] }),
      (error: unknown) => {
        assert.ok(error instanceof UpstreamError);
        assert.equal(error.code, 'INVALID_INPUT');
        assert.deepEqual(error.details, [
          { field: 'lineItems[0].quantity', message: 'PSKU-000209 is only 1 in stock' },
        ]);
        return true;
      },
    );
  });

  test('get by legacy id through node(id); an unknown one is ORDER_NOT_FOUND (404), a malformed one asks nobody', async () => {
    const created = await createOrder();
    const fetched = await source.get(created.externalId);
    assert.deepEqual(fetched, created);

    const notFound = (error: unknown) =>
      error instanceof UpstreamError && error.code === 'ORDER_NOT_FOUND' && error.httpStatus === 404;
    await assert.rejects(source.get('99999'), notFound);
    sandbox.control.resetOperations();
    await assert.rejects(source.get('INV-1'), notFound);
    assert.equal(sandbox.control.operations().length, 0);
  });

  test('ship some lines with a carrier by name, then everything left', async () => {
    const order = await createOrder();
    const [first, second] = order.lines;
    const partly = await source.ship(order.externalId, {
      lines: [{ lineId: first!.id, quantity: 4 }],
      carrier: 'australia post',
      trackingNumber: 'AP123',
    });
    assert.deepEqual(
      partly.lines.map((line) => [line.status, line.marketplaceStatus]),
      [
        [OrderStatus.SHIPPED, 'DISPATCHED'],
        [OrderStatus.ACKNOWLEDGED, 'AWAITING_DISPATCH'],
      ],
    );
    assert.equal(partly.status, OrderStatus.ACKNOWLEDGED, 'not every line has shipped');
    assert.deepEqual(
      partly.shipments.map(({ carrier, trackingNumber, trackingUrl, lineIds }) => ({
        carrier,
        trackingNumber,
        trackingUrl,
        lineIds,
      })),
      [
        {
          carrier: 'Australia Post',
          trackingNumber: 'AP123',
          trackingUrl: 'https://auspost.com.au/mypost/track/details/AP123',
          lineIds: [first!.id],
        },
      ],
    );

    const shipped = await source.ship(order.externalId, {});
    assert.equal(shipped.status, OrderStatus.SHIPPED);
    assert.deepEqual(
      shipped.lines.map((line) => line.marketplaceStatus),
      ['DISPATCHED', 'DISPATCHED'],
    );
    assert.deepEqual(shipped.shipments[1]!.lineIds, [second!.id]);

    await assert.rejects(
      source.ship(order.externalId, {}),
      (error: unknown) => error instanceof BadInput && /nothing left to ship/.test(error.message),
    );
  });

  test('an unknown carrier is the caller’s mistake, caught before any shipment; carriers are read once a request', async () => {
    const order = await createOrder();
    const fresh = new MarketplacerOrderSource(
      createMarketplacerClient(sandbox.marketplacerConfig(), TEST_HTTP, testLogger),
      testLogger,
    );
    sandbox.control.resetOperations();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await assert.rejects(fresh.ship(order.externalId, { carrier: 'Pigeon Post' }), (error: unknown) => {
        assert.ok(error instanceof BadInput);
        assert.equal(errorCode(error), 'BAD_USER_INPUT');
        assert.match(error.message, /no carrier named "Pigeon Post".*Australia Post/);
        return true;
      });
    }
    assert.deepEqual(
      sandbox.control.operations().map((entry) => entry.operationName),
      ['Invoice', 'ShipmentCarriers', 'Invoice'],
    );
  });

  test('cancel is a refund request: some units, then the rest; refunding more than is left is refused', async () => {
    const order = await createOrder();
    const [first] = order.lines;
    const partly = await source.cancel(order.externalId, {
      reason: 'OUT_OF_STOCK',
      lines: [{ lineId: first!.id, quantity: 1 }],
    });
    assert.equal(partly.status, OrderStatus.ACKNOWLEDGED, 'three units of the first line are still to ship');
    assert.equal(partly.marketplaceStatus, null, 'an invoice has status flags, not a status');
    assert.equal(partly.lines[0]!.marketplaceStatus, 'AWAITING_DISPATCH');

    const cancelled = await source.cancel(order.externalId, {
      reason: 'CUSTOMER_CANCELLATION',
      messageToCustomer: 'Refunded in full',
    });
    assert.equal(cancelled.status, OrderStatus.CANCELLED);
    assert.deepEqual(
      cancelled.lines.map((line) => line.marketplaceStatus),
      ['CANCELLED', 'CANCELLED'],
    );

    // Refused from the invoice just read, in the caller's words, before Marketplacer is asked to refund anything.
    await assert.rejects(
      source.cancel(order.externalId, { reason: 'OTHER', lines: [{ lineId: first!.id, quantity: 1 }] }),
      (error: unknown) =>
        error instanceof BadInput &&
        Array.isArray(error.details) &&
        error.details[0]?.field === 'lines[0].quantity' &&
        /has 0 unit\(s\) to cancel, not 1 \(4 ordered, 0 dispatched, 4 refunded\)/.test(error.details[0]?.message),
    );
    await assert.rejects(source.cancel(order.externalId, { reason: 'OTHER' }), /nothing left to cancel/);
  });
});
