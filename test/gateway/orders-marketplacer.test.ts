import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { listAllOrders, ORDER_FIELDS } from '../support/orders.js';

const ORDER = `query ($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;

/** An invoice as the Operator API itself answers it, asked directly of the simulator as any API client would. */
async function invoiceFromMarketplacer(gw: TestGateway, legacyId: number): Promise<any> {
  const response = await fetch(gw.marketplacer.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gw.marketplacer.apiKeys.operator}` },
    body: JSON.stringify({
      query: `query ($id: ID!) { node(id: $id) { ... on Invoice { legacyId totalCents postageCents currency lineItems { legacyId unitPriceCents } } } }`,
      variables: { id: Buffer.from(`Invoice-${legacyId}`).toString('base64') },
    }),
  });
  return ((await response.json()) as { data: { node: unknown } }).data.node;
}

describe('Marketplacer orders through the gateway', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ marketplacerOptions: { invoices: 30 } });
  });
  after(() => gw.close());

  test('invoices list as orders, newest first, across several upstream pages', async () => {
    const { orders } = await listAllOrders(gw, 'marketplaces: [MARKETPLACER]', 7);
    assert.equal(orders.length, 30);
    assert.equal(new Set(orders.map((order) => order.id)).size, 30);
    const times = orders.map((order) => Date.parse(order.createdAt));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
  });

  test('cents become exact decimals: the total and every unit price', async () => {
    const [listed] = (await listAllOrders(gw, 'marketplaces: [MARKETPLACER]', 1)).orders;
    const order: any = dataOf(await gw.graphql(ORDER, { id: listed!.id })).order;
    const invoice = await invoiceFromMarketplacer(gw, Number(order.externalId));
    const decimal = (cents: number) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    assert.deepEqual(order.total, {
      amount: decimal(invoice.totalCents - invoice.postageCents),
      currency: invoice.currency,
    });
    assert.deepEqual(
      order.lines.map((line: any) => line.unitPrice.amount),
      invoice.lineItems.map((item: any) => decimal(item.unitPriceCents)),
    );
  });

  test('ship and cancel act on the invoice; confirm is not a Marketplacer step', async () => {
    const { orders } = await listAllOrders(gw, 'marketplaces: [MARKETPLACER], status: [ACKNOWLEDGED]', 30);
    const [toShip, toCancel] = orders.filter((order) => order.lines.every((line) => line.status === 'ACKNOWLEDGED'));
    assert.ok(toShip && toCancel, 'two invoices awaiting dispatch');

    const confirm = await gw.graphql(`mutation ($id: ID!) { confirmOrder(id: $id) { id } }`, { id: toShip.id });
    assert.equal(confirm.errors?.[0]?.extensions?.code, 'OPERATION_NOT_SUPPORTED');

    const carriers = await fetch(gw.marketplacer.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gw.marketplacer.apiKeys.operator}` },
      body: JSON.stringify({ query: '{ shipmentCarriers(first: 1) { nodes { name } } }' }),
    });
    const carrier = ((await carriers.json()) as any).data.shipmentCarriers.nodes[0].name;
    const shipped: any = dataOf(
      await gw.graphql(
        `mutation ($id: ID!, $carrier: String!) { shipOrder(id: $id, input: { carrier: $carrier, trackingNumber: "TRK-9" }) { status shipments { trackingNumber } } }`,
        {
          id: toShip.id,
          carrier,
        },
      ),
    ).shipOrder;
    assert.equal(shipped.status, 'SHIPPED');
    assert.ok(shipped.shipments.some((shipment: any) => shipment.trackingNumber === 'TRK-9'));

    const unknownCarrier = await gw.graphql(
      `mutation ($id: ID!) { shipOrder(id: $id, input: { carrier: "No Such Courier" }) { id } }`,
      { id: toCancel.id },
    );
    assert.equal(unknownCarrier.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');

    const cancelled: any = dataOf(
      await gw.graphql(`mutation ($id: ID!) { cancelOrder(id: $id, reason: CUSTOMER_CANCELLATION) { status } }`, {
        id: toCancel.id,
      }),
    ).cancelOrder;
    assert.equal(cancelled.status, 'CANCELLED');
  });
});
