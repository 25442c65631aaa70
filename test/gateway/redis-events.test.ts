import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dataOf, startTestGateway, type TestGateway } from '../support/gateway.js';
import { eventually } from '../support/eventually.js';
import { downloadedFruugoOrder } from '../support/fruugo-orders.js';
import { subscribe } from '../support/subscriptions.js';

/** The build machines run Redis here (see the README). */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('events across gateway instances through Redis', () => {
  let first: TestGateway;
  let second: TestGateway;
  before(async () => {
    first = await startTestGateway({ env: { REDIS_URL } });
    second = await startTestGateway({ env: { REDIS_URL }, noon: first.noon });
  });
  after(async () => {
    await second.close();
    await first.close();
  });

  test('a stock change made on one instance reaches a subscriber on the other', async () => {
    const sku = 'PSKU-000031';
    const onSecond = subscribe<any>(second.url, `subscription ($skus: [String!]) { inventoryChanged(skus: $skus) { sku available } }`, { skus: [sku] });
    try {
      let quantity = 0;
      // Repeated until heard: the subscription goes live a moment after it is sent.
      const heard = await eventually('the change made on the first instance, on the second', async () => {
        quantity += 1;
        dataOf(await first.graphql(`mutation ($items: [StockUpdateInput!]!) { updateStock(items: $items) { success } }`, { items: [{ sku, quantity }] }));
        return (await onSecond.drain(100))[0];
      });
      assert.equal(heard.data.inventoryChanged.sku, sku);
      assert.ok(heard.data.inventoryChanged.available >= 1);
    } finally {
      await onSecond.close();
    }
  });

  test('an order event recorded on one instance reaches an orderEvents subscriber on the other', async () => {
    const id = await downloadedFruugoOrder(first);
    const onSecond = subscribe<any>(second.url, `subscription ($id: ID) { orderEvents(orderId: $id) { type origin orderId } }`, { id });
    try {
      const heard = await eventually('the confirm on the first instance, on the second', async () => {
        // A confirm announces itself at once (OPERATION_REQUESTED); repeated until the subscription is live.
        await first.graphql(`mutation ($id: ID!) { confirmOrder(id: $id) { id } }`, { id });
        return (await onSecond.drain(150)).find((result) => result.data?.orderEvents.origin === 'MUTATION');
      });
      assert.equal(heard.data.orderEvents.orderId, id);
      // The first confirms announce the request; one after Fruugo's callback finds the order confirmed already.
      assert.ok(['OPERATION_REQUESTED', 'STATUS_CHANGED'].includes(heard.data.orderEvents.type));
    } finally {
      await onSecond.close();
    }
  });
});
