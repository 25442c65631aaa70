import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { newInvoice } from '../support/marketplacer.js';
import { subscribe, whenListening } from '../../support/subscriptions.js';

const ORDER_EVENTS = `subscription ($id: ID) { orderEvents(orderId: $id, since: "0") { type status origin marketplace message order { id status } } }`;

interface Announced {
  type: string;
  status: string | null;
  origin: string;
  marketplace: string;
  message: string | null;
  order: { id: string; status: string } | null;
}

/** The events of one order a graphql-ws subscriber receives (its history first), until `until` is among them. */
async function receivedUntil(gw: TestGateway, id: string, until: (event: Announced) => boolean): Promise<Announced[]> {
  const events = subscribe<{ orderEvents: Announced }>(gw.url, ORDER_EVENTS, { id });
  try {
    const received: Announced[] = [];
    while (!received.some(until)) received.push((await events.next(10_000)).data!.orderEvents);
    return received;
  } finally {
    await events.close();
  }
}

describe('each marketplace’s webhooks reach graphql-ws subscribers', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway();
  });
  after(() => gw.close());

  test('noon: a new FBPI order’s event arrives as CREATED, from the webhook', async () => {
    const nr = gw.noon.control.placeFbpiOrder({ items: [{ partnerSku: 'PSKU-000001' }] });
    const [created] = await receivedUntil(gw, `NOON:${nr}`, (event) => event.origin === 'WEBHOOK');
    assert.deepEqual(created, {
      type: 'CREATED',
      status: 'PENDING',
      origin: 'WEBHOOK',
      marketplace: 'NOON',
      message: 'FBPI::ORDER_CREATED',
      order: { id: `NOON:${nr}`, status: 'PENDING' },
    });
  });

  test('Marketplacer: an order placed there arrives as CREATED, from its Invoice webhook', async () => {
    const invoice = await newInvoice(gw.marketplacer, 'PSKU-000101');
    const id = `MARKETPLACER:${invoice.legacyId}`;
    const [created] = await receivedUntil(gw, id, (event) => event.origin === 'WEBHOOK');
    assert.deepEqual(
      [created?.type, created?.origin, created?.marketplace, created?.message],
      ['CREATED', 'WEBHOOK', 'MARKETPLACER', 'Invoice.create'],
    );
    assert.equal(created?.order?.id, id);
  });

  test('Increff: the warehouse’s pack call moves the pushed order to PACKED', async () => {
    const nr = gw.noon.control.placeFbpiOrder({ items: [{ partnerSku: 'PSKU-000002' }] });
    const pushed: any = dataOf(
      await gw.graphql(`mutation ($id: ID!) { createFulfilmentOrder(input: { orderId: $id }) { id externalId } }`, {
        id: `NOON:${nr}`,
      }),
    ).createFulfilmentOrder;
    gw.increff.control.advanceOrder(pushed.externalId, 'PACKED');
    const received = await receivedUntil(gw, pushed.id, (event) => event.status === 'PACKED');
    assert.deepEqual(
      received.map((event) => [event.type, event.status, event.origin]),
      [
        ['CREATED', 'PENDING', 'MUTATION'],
        ['STATUS_CHANGED', 'PACKED', 'WEBHOOK'],
      ],
    );
    assert.equal(received[1]!.order?.status, 'PACKED');
  });

  test('Marketplacer: a variant’s stock change arrives at inventoryChanged subscribers', async () => {
    const sku = 'PSKU-000114';
    const stock = subscribe<any>(
      gw.url,
      `subscription ($sku: String!) { inventoryChanged(skus: [$sku], marketplaces: [MARKETPLACER]) { sku marketplace available } }`,
      {
        sku,
      },
    );
    try {
      let count = 10;
      await whenListening(stock, async () => gw.marketplacer.control.setCountOnHand(sku, ++count));
      gw.marketplacer.control.setCountOnHand(sku, 3);
      const level = await (async () => {
        for (;;) {
          const changed = (await stock.next()).data!.inventoryChanged;
          if (changed.available === 3) return changed;
        }
      })();
      assert.deepEqual(level, { sku, marketplace: 'MARKETPLACER', available: 3 });
    } finally {
      await stock.close();
    }
  });
});
