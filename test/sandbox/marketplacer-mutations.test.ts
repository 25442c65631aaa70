import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { globalId } from '../../datasources/marketplacer/global-id.js';
import { startMarketplacerSandbox, type MarketplacerSandbox } from '../../sandbox/marketplacer/index.js';
import { BUYER, dataOf, graphqlPost, variantOf } from '../support/marketplacer.js';

const ORDER_CREATE = `mutation C($input: OrderCreateMutationInput!) {
  orderCreate(input: $input) {
    order { legacyId totalCents invoices { id legacyId totalCents postageCents statusFlags seller { id }
      lineItems { id quantity unitPriceCents totalCents status variantSku } } }
    errors { field messages }
  }
}`;

const SHIPMENT_CREATE = `mutation S($input: ShipmentCreateMutationInput!) {
  shipmentCreate(input: $input) {
    shipment { carrier trackingNumber trackingLink shippedItems { quantity lineItem { id } }
      invoice { statusFlags lineItems { status } } }
    errors { field messages }
  }
}`;

const REFUND_REQUEST_CREATE = `mutation R($input: RefundRequestCreateMutationInput!) {
  refundRequestCreate(input: $input) {
    refundRequest { status notes { note } lineItems { quantity reason lineItem { id } }
      invoice { statusFlags lineItems { status } } }
    errors { field messages }
  }
}`;

describe('Marketplacer sandbox: orderCreate', () => {
  let sandbox: MarketplacerSandbox;

  before(async () => {
    sandbox = await startMarketplacerSandbox({ invoices: 5 });
  });

  after(async () => {
    await sandbox.close();
  });

  async function orderCreate(lineItems: unknown[]) {
    return dataOf(await graphqlPost(sandbox, ORDER_CREATE, { input: { order: BUYER, lineItems } })).orderCreate;
  }

  test('a whole-cents unit price: 10830 for 4 is 2708 each, 10832 in all; the stock is taken', async () => {
    sandbox.control.setCountOnHand('PSKU-000101', 10);
    const variant = await variantOf(sandbox, 'PSKU-000101');
    const { order, errors } = await orderCreate([
      { variantId: variant.id, quantity: 4, cost: { amount: 10830 }, postage: { amount: 995 } },
    ]);
    assert.deepEqual(errors, []);
    const [invoice] = order.invoices;
    assert.deepEqual(invoice.lineItems[0], {
      id: invoice.lineItems[0].id,
      quantity: 4,
      unitPriceCents: 2708,
      totalCents: 10832,
      status: 'AWAITING_DISPATCH',
      variantSku: 'PSKU-000101',
    });
    assert.equal(invoice.postageCents, 995);
    assert.equal(invoice.totalCents, 11827);
    assert.deepEqual(invoice.statusFlags, ['PAID']);
    assert.equal((await variantOf(sandbox, 'PSKU-000101')).countOnHand, 6);
  });

  test('one invoice per seller, custom line items paid out to the seller named', async () => {
    sandbox.control.setCountOnHand('PSKU-000102', 10);
    const variant = await variantOf(sandbox, 'PSKU-000102');
    const otherSeller = globalId('Seller', variant.seller === globalId('Seller', 1) ? 2 : 1);
    const { order, errors } = await orderCreate([
      { variantId: variant.id, quantity: 1, cost: { amount: 500 } },
      { custom: { title: 'Gift wrap', sku: 'WRAP-1', sellerId: otherSeller }, quantity: 2, cost: { amount: 300 } },
    ]);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      order.invoices.map((invoice: { seller: { id: string } }) => invoice.seller.id).sort(),
      [variant.seller, otherSeller].sort(),
    );
    assert.equal(order.totalCents, 800);
  });

  test('variantId xor custom: both or neither is refused, and nothing is created', async () => {
    const variant = await variantOf(sandbox, 'PSKU-000103');
    const custom = { title: 'Gift wrap', sellerId: globalId('Seller', 1) };
    const { order, errors } = await orderCreate([
      { variantId: variant.id, custom, quantity: 1, cost: { amount: 100 } },
      { quantity: 1, cost: { amount: 100 } },
    ]);
    assert.equal(order, null);
    assert.deepEqual(errors, [
      { field: 'lineItems[0]', messages: ['supply either variantId or custom, not both'] },
      { field: 'lineItems[1]', messages: ['supply either variantId or custom'] },
    ]);
  });

  test('no over-ordering: more than countOnHand (over all lines) is refused and no stock is taken', async () => {
    sandbox.control.setCountOnHand('PSKU-000104', 3);
    const variant = await variantOf(sandbox, 'PSKU-000104');
    const { order, errors } = await orderCreate([
      { variantId: variant.id, quantity: 2, cost: { amount: 100 } },
      { variantId: variant.id, quantity: 2, cost: { amount: 100 } },
    ]);
    assert.equal(order, null);
    assert.deepEqual(
      errors.map((error: { field: string }) => error.field),
      ['lineItems[0].quantity', 'lineItems[1].quantity'],
    );
    assert.match(errors[0].messages[0], /only 3 in stock/);
    assert.equal((await variantOf(sandbox, 'PSKU-000104')).countOnHand, 3);

    sandbox.control.setCountOnHand('PSKU-000104', 0);
    const soldOut = await orderCreate([{ variantId: variant.id, quantity: 1, cost: { amount: 100 } }]);
    assert.match(soldOut.errors[0].messages[0], /out of stock/);
  });

  test('tax on every line item or none; an unknown variant; no line items', async () => {
    sandbox.control.setCountOnHand('PSKU-000105', 10);
    const variant = await variantOf(sandbox, 'PSKU-000105');
    const taxed = await orderCreate([
      { variantId: variant.id, quantity: 1, cost: { amount: 1100, tax: 100 }, postage: { amount: 0, tax: 0 } },
      { variantId: variant.id, quantity: 1, cost: { amount: 1100 } },
    ]);
    assert.deepEqual(
      taxed.errors.map((error: { field: string }) => error.field),
      ['lineItems[1].cost.tax', 'lineItems[1].postage.tax'],
    );

    const unknown = await orderCreate([{ variantId: globalId('Variant', 999999), quantity: 1, cost: { amount: 1 } }]);
    assert.deepEqual(unknown.errors, [{ field: 'lineItems[0].variantId', messages: ['is not the id of a variant'] }]);
    assert.deepEqual((await orderCreate([])).errors, [
      { field: 'lineItems', messages: ['must contain at least one line item'] },
    ]);
  });
});

describe('Marketplacer sandbox: shipmentCreate and refundRequestCreate', () => {
  let sandbox: MarketplacerSandbox;

  before(async () => {
    sandbox = await startMarketplacerSandbox({ invoices: 5 });
  });

  after(async () => {
    await sandbox.close();
  });

  /** A fresh invoice of two lines (2 and 1 units). */
  async function newInvoice(): Promise<{ id: string; lines: string[] }> {
    sandbox.control.setCountOnHand('PSKU-000121', 50);
    sandbox.control.setCountOnHand('PSKU-000125', 50);
    const [a, b] = [await variantOf(sandbox, 'PSKU-000121'), await variantOf(sandbox, 'PSKU-000125')];
    assert.equal(a.seller, b.seller, 'both SKUs belong to one seller (121 and 125 are four apart)');
    const { orderCreate } = dataOf(
      await graphqlPost(sandbox, ORDER_CREATE, {
        input: {
          order: BUYER,
          lineItems: [
            { variantId: a.id, quantity: 2, cost: { amount: 2000 } },
            { variantId: b.id, quantity: 1, cost: { amount: 1000 } },
          ],
        },
      }),
    );
    const [invoice] = orderCreate.order.invoices;
    return { id: invoice.id, lines: invoice.lineItems.map((line: { id: string }) => line.id) };
  }

  test('dispatch in parts: line statuses and invoice flags follow; never more than is left', async () => {
    const invoice = await newInvoice();
    const carrierId = globalId('ShipmentCarrier', 1);
    const first = dataOf(
      await graphqlPost(sandbox, SHIPMENT_CREATE, {
        input: {
          invoiceId: invoice.id,
          postageCarrierId: carrierId,
          trackingNumber: 'AP 1',
          shippedItems: [{ lineItemId: invoice.lines[0], quantity: 1 }],
        },
      }),
    ).shipmentCreate;
    assert.deepEqual(first.errors, []);
    assert.equal(first.shipment.carrier, 'Australia Post');
    assert.equal(first.shipment.trackingLink, 'https://auspost.com.au/mypost/track/details/AP%201');
    assert.deepEqual(first.shipment.invoice.lineItems, [
      { status: 'PARTIALLY_DISPATCHED' },
      { status: 'AWAITING_DISPATCH' },
    ]);
    assert.deepEqual(first.shipment.invoice.statusFlags, ['PAID', 'PARTIALLY_SENT']);

    const tooMany = dataOf(
      await graphqlPost(sandbox, SHIPMENT_CREATE, {
        input: { invoiceId: invoice.id, shippedItems: [{ lineItemId: invoice.lines[0], quantity: 2 }] },
      }),
    ).shipmentCreate;
    assert.equal(tooMany.shipment, null);
    assert.deepEqual(tooMany.errors, [
      { field: 'shippedItems[0].quantity', messages: ['only 1 left to dispatch on this line item'] },
    ]);

    const rest = dataOf(
      await graphqlPost(sandbox, SHIPMENT_CREATE, {
        input: {
          invoiceId: invoice.id,
          shippedItems: [
            { lineItemId: invoice.lines[0], quantity: 1 },
            { lineItemId: invoice.lines[1], quantity: 1 },
          ],
        },
      }),
    ).shipmentCreate;
    assert.equal(rest.shipment.carrier, null);
    assert.deepEqual(rest.shipment.invoice.statusFlags, ['PAID', 'SENT']);
  });

  test('a line item of another invoice, an unknown invoice or carrier', async () => {
    const [one, other] = [await newInvoice(), await newInvoice()];
    const foreign = dataOf(
      await graphqlPost(sandbox, SHIPMENT_CREATE, {
        input: {
          invoiceId: one.id,
          postageCarrierId: globalId('ShipmentCarrier', 99),
          shippedItems: [{ lineItemId: other.lines[0], quantity: 1 }],
        },
      }),
    ).shipmentCreate;
    assert.deepEqual(foreign.errors, [
      { field: 'shippedItems[0].lineItemId', messages: ['is not a line item of this invoice'] },
      { field: 'postageCarrierId', messages: ['is not the id of a shipment carrier'] },
    ]);
    const unknown = dataOf(
      await graphqlPost(sandbox, SHIPMENT_CREATE, { input: { invoiceId: globalId('Invoice', 1), shippedItems: [] } }),
    ).shipmentCreate;
    assert.deepEqual(unknown.errors, [{ field: 'invoiceId', messages: ['is not the id of an invoice'] }]);
  });

  test('a refund request before dispatch cancels: CANCELLED lines, nothing left to ship, no second refund', async () => {
    const invoice = await newInvoice();
    const { refundRequestCreate } = dataOf(
      await graphqlPost(sandbox, REFUND_REQUEST_CREATE, {
        input: {
          invoiceId: invoice.id,
          lineItems: invoice.lines.map((lineItemId, index) => ({
            lineItemId,
            quantity: index === 0 ? 2 : 1,
            reason: 'Out of stock',
          })),
          notes: [{ note: 'Sorry, sold out' }],
        },
      }),
    );
    assert.deepEqual(refundRequestCreate.errors, []);
    assert.equal(refundRequestCreate.refundRequest.status, 'AWAITING');
    assert.deepEqual(refundRequestCreate.refundRequest.notes, [{ note: 'Sorry, sold out' }]);
    assert.deepEqual(refundRequestCreate.refundRequest.invoice.lineItems, [
      { status: 'CANCELLED' },
      { status: 'CANCELLED' },
    ]);
    assert.deepEqual(refundRequestCreate.refundRequest.invoice.statusFlags, ['CANCELLED']);

    const ship = dataOf(
      await graphqlPost(sandbox, SHIPMENT_CREATE, {
        input: { invoiceId: invoice.id, shippedItems: [{ lineItemId: invoice.lines[1], quantity: 1 }] },
      }),
    ).shipmentCreate;
    assert.deepEqual(ship.errors, [
      { field: 'shippedItems[0].quantity', messages: ['only 0 left to dispatch on this line item'] },
    ]);
    const again = dataOf(
      await graphqlPost(sandbox, REFUND_REQUEST_CREATE, {
        input: { invoiceId: invoice.id, lineItems: [{ lineItemId: invoice.lines[1], quantity: 1 }] },
      }),
    ).refundRequestCreate;
    assert.deepEqual(again.errors, [
      { field: 'lineItems[0].quantity', messages: ['only 0 left to refund on this line item'] },
    ]);
  });

  test('after dispatch a refund is a return; lineItemId xor custom; a custom amount needs its cents', async () => {
    const invoice = await newInvoice();
    dataOf(
      await graphqlPost(sandbox, SHIPMENT_CREATE, {
        input: { invoiceId: invoice.id, shippedItems: [{ lineItemId: invoice.lines[1], quantity: 1 }] },
      }),
    );
    const returned = dataOf(
      await graphqlPost(sandbox, REFUND_REQUEST_CREATE, {
        input: {
          invoiceId: invoice.id,
          lineItems: [
            { lineItemId: invoice.lines[1], quantity: 1, reason: 'Damaged' },
            { custom: 'Shipping Fee', quantity: 1, amountPerItemCents: 995 },
          ],
        },
      }),
    ).refundRequestCreate;
    assert.deepEqual(returned.refundRequest.invoice.lineItems, [
      { status: 'AWAITING_DISPATCH' },
      { status: 'RETURNED' },
    ]);
    assert.deepEqual(returned.refundRequest.invoice.statusFlags, ['PAID', 'PARTIALLY_SENT', 'PARTIALLY_REFUNDED']);

    const refused = dataOf(
      await graphqlPost(sandbox, REFUND_REQUEST_CREATE, {
        input: {
          invoiceId: invoice.id,
          lineItems: [
            { lineItemId: invoice.lines[0], custom: 'Fee', quantity: 1 },
            { custom: 'Fee', quantity: 1 },
          ],
        },
      }),
    ).refundRequestCreate;
    assert.deepEqual(refused.errors, [
      { field: 'lineItems[0]', messages: ['supply either lineItemId or custom, not both'] },
      { field: 'lineItems[1].amountPerItemCents', messages: ['a custom refund needs an amount that is not negative'] },
    ]);
  });
});
