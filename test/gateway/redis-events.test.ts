import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { eventually } from '../../support/eventually.js';
import { downloadedFruugoOrder } from '../../support/fruugo-orders.js';
import { testMongo, type TestMongo } from '../support/mongodb.js';
import { redisAnswers, TEST_REDIS_URL } from '../support/redis.js';
import { subscribe, whenListening } from '../../support/subscriptions.js';
import { freePort } from '../support/free-port.js';
import { confirmResponse, postFruugoCallback } from '../../support/fruugo-callbacks.js';

const REDIS_URL = TEST_REDIS_URL;
// REDIS_URL needs MONGODB_URI: the instances share a store (FerretDB unless MONGODB_URI is set), each scenario a
// database of its own.
const redis = await redisAnswers(REDIS_URL);
const mongo: TestMongo | undefined = redis ? await testMongo() : undefined;
if (!redis) console.log(`SKIPPED: no Redis at ${REDIS_URL} (set TEST_REDIS_URL to run the Redis event tests)`);
else if (mongo === undefined) console.log('SKIPPED: no MongoDB available');
const skip = !redis ? `no Redis at ${REDIS_URL}` : mongo === undefined ? 'no MongoDB available' : false;
after(() => mongo?.release());

describe('events across gateway instances through Redis', { skip }, () => {
  let first: TestGateway;
  let second: TestGateway;
  before(async () => {
    const env = { REDIS_URL, MONGODB_URI: mongo!.databaseUri('-across') };
    // One sample order each: their downloads all go to the one store.
    first = await startTestGateway({ env, fruugoOptions: { orderCount: 1 } });
    second = await startTestGateway({ env, noon: first.noon, fruugoOptions: { orderCount: 1 } });
  });
  after(async () => {
    await second?.close();
    await first?.close();
  });

  test('a stock change made on one instance reaches a subscriber on the other', async () => {
    const sku = 'PSKU-000031';
    const onSecond = subscribe<any>(
      second.url,
      `subscription ($skus: [String!]) { inventoryChanged(skus: $skus) { sku available } }`,
      { skus: [sku] },
    );
    try {
      let quantity = 0;
      // Repeated until heard: the subscription goes live a moment after it is sent.
      const heard = await eventually('the change made on the first instance, on the second', async () => {
        quantity += 1;
        dataOf(
          await first.graphql(`mutation ($items: [StockUpdateInput!]!) { updateStock(items: $items) { success } }`, {
            items: [{ sku, quantity }],
          }),
        );
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
    const onSecond = subscribe<any>(
      second.url,
      `subscription ($id: ID) { orderEvents(orderId: $id) { type origin orderId } }`,
      { id },
    );
    try {
      let attempt = 0;
      const heard = await eventually('an error Fruugo reported to the first instance, on the second', async () => {
        // Each refusal is a change of its own (ERROR_REPORTED), so one is announced every time, and repeating it
        // until the subscription is live always has something to hear.
        attempt += 1;
        const correlationId = `redis-${attempt}`;
        const response = await postFruugoCallback(
          first.origin,
          confirmResponse(correlationId, id.split(':')[1]!, `refused ${attempt}`),
        );
        assert.equal(response.status, 200);
        return (await onSecond.drain(150)).find((result) => result.data?.orderEvents.origin === 'WEBHOOK');
      });
      assert.equal(heard.data.orderEvents.orderId, id);
      assert.equal(heard.data.orderEvents.type, 'ERROR_REPORTED');
    } finally {
      await onSecond.close();
    }
  });
});

describe('a gateway whose Redis is down', { skip: mongo === undefined ? 'no MongoDB available' : false }, () => {
  let gw: TestGateway;
  before(async () => {
    // A port nothing listens on: every Redis command fails, as in an outage.
    gw = await startTestGateway({
      env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, MONGODB_URI: mongo!.databaseUri('-down') },
      fruugoOptions: { orderCount: 1 },
    });
  });
  after(() => gw?.close());

  test('keeps answering, and its own subscribers get its order and stock events live, straight from the publish', async () => {
    const id = await downloadedFruugoOrder(gw);
    const orders = subscribe<any>(
      gw.url,
      `subscription ($id: ID) { orderEvents(orderId: $id, since: "0") { type origin } }`,
      {
        id,
      },
    );
    const sku = 'PSKU-000032';
    const stock = subscribe<any>(
      gw.url,
      `subscription ($sku: String!) { inventoryChanged(skus: [$sku]) { available } }`,
      {
        sku,
      },
    );
    try {
      // The download's CREATED, replayed or live: from here on the subscription is live.
      assert.deepEqual((await orders.next()).data.orderEvents, { type: 'CREATED', origin: 'WEBHOOK' });
      dataOf(await gw.graphql(`mutation ($id: ID!) { confirmOrder(id: $id) { id } }`, { id }));
      // The confirm's own event, then the callback's; or the callback's alone when it overtook Fruugo's answer to
      // the confirm (orders-fruugo.test.ts). Either way live, with Redis down.
      const confirming = [(await orders.next()).data.orderEvents];
      if (confirming[0].type === 'OPERATION_REQUESTED') confirming.push((await orders.next()).data.orderEvents);
      assert.deepEqual(confirming.at(-1), { type: 'STATUS_CHANGED', origin: 'WEBHOOK' });
      assert.ok(confirming.length === 1 || confirming[0].origin === 'MUTATION');

      const update = (quantity: number) =>
        gw.graphql(
          `mutation ($sku: String!, $quantity: Int!) { updateStock(items: [{ sku: $sku, quantity: $quantity }]) { success } }`,
          {
            sku,
            quantity,
          },
        );
      await whenListening(stock, () => update(4));
      dataOf(await update(5));
      await eventually('the count of 5, live', async () =>
        (await stock.drain(50)).some((result) => result.data.inventoryChanged.available === 5) ? true : undefined,
      );
      assert.equal((await fetch(`${gw.origin}/healthz`)).status, 200);
    } finally {
      await Promise.all([orders.close(), stock.close()]);
    }
  });
});
