import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFruugoSandbox, type FruugoSandbox } from '../../sandbox/fruugo/index.js';
import { startNoonSandbox, type NoonSandbox } from '../../sandbox/noon/index.js';
import { webhookUrl } from '../../sandbox/start.js';
import {
  dataOf,
  FRUUGO_WEBHOOK_SECRET,
  postGraphql,
  startTestGateway,
  type TestGateway,
} from '../../support/gateway.js';
import { eventually } from '../../support/eventually.js';
import { downloadedFruugoOrder } from '../../support/fruugo-orders.js';
import { GatewayProcess, simulatedMarketplacesEnv } from '../support/gateway-process.js';
import { redisAnswers, TEST_REDIS_URL } from '../support/redis.js';
import { subscribe } from '../../support/subscriptions.js';

const REDIS_URL = TEST_REDIS_URL;
const redis = await redisAnswers(REDIS_URL);
if (!redis) console.log(`SKIPPED: no Redis at ${REDIS_URL} (set TEST_REDIS_URL to run the Redis event tests)`);

describe('events across gateway instances through Redis', { skip: redis ? false : `no Redis at ${REDIS_URL}` }, () => {
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
        const payload = `{ 'transactionType': 'confirm' 'responses': [{ 'success': false 'errorMessage': 'refused ${attempt}' 'orderId': '${id.split(':')[1]}' 'shipmentId': null 'itemStatuses': [] }] }`;
        const response = await fetch(`${first.origin}/webhooks/fruugo`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Basic ${Buffer.from(`fruugo:${FRUUGO_WEBHOOK_SECRET}`).toString('base64')}`,
          },
          body: JSON.stringify({ value: { type: 'ConfirmResponseList', merchantId: 444, correlationId, payload } }),
        });
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

describe('a gateway process whose Redis is down', () => {
  let noon: NoonSandbox;
  let fruugo: FruugoSandbox;
  let dataDir: string;
  let gateway: GatewayProcess;
  let url: string;
  before(async () => {
    // A port nothing listens on: every Redis command fails, as in an outage.
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    [noon, fruugo] = await Promise.all([startNoonSandbox(), startFruugoSandbox({ orderCount: 1 })]);
    dataDir = await mkdtemp(join(tmpdir(), 'gateway-redis-down-'));
    // Its own process, where a rejection left unhandled ends it; errors logged, so a failed publish can be seen.
    gateway = new GatewayProcess(
      simulatedMarketplacesEnv(dataDir, noon, fruugo, {
        REDIS_URL: `redis://127.0.0.1:${closed}`,
        NOON_FBPI_WAREHOUSE_CODE: noon.fbpiWarehouseCode(),
        LOG_LEVEL: 'error',
      }),
    );
    const origin = await gateway.ready();
    url = `${origin}/graphql`;
    fruugo.control.setWebhookUrl(webhookUrl(origin, 'fruugo', FRUUGO_WEBHOOK_SECRET));
  });
  after(async () => {
    await gateway?.stop();
    await Promise.all([noon?.close(), fruugo?.close()]);
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  test('keeps answering and storing order events; a reconnecting client replays them with since', async () => {
    const graphql: TestGateway['graphql'] = (query, variables, headers) => postGraphql(url, query, variables, headers);
    const id = await downloadedFruugoOrder({ fruugo, graphql });
    dataOf(
      await graphql(
        `
          mutation ($id: ID!) {
            confirmOrder(id: $id) {
              id
            }
          }
        `,
        { id },
      ),
    );
    dataOf(
      await graphql(`
        mutation {
          updateStock(items: [{ sku: "PSKU-000032", quantity: 4 }]) {
            success
          }
        }
      `),
    );
    // ioredis rejects the publishes it holds once it has tried to reconnect maxRetriesPerRequest + 1 times; the
    // gateway logs each rejection. One logged shows they are caught: one left unhandled would have ended the process.
    await gateway.printed(/^.*"command":"publish".*Redis command failed.*$/m);
    assert.equal((await fetch(`${new URL(url).origin}/healthz`)).status, 200);
    const replay = subscribe<any>(
      url,
      `subscription ($id: ID) { orderEvents(orderId: $id, since: "0") { type origin } }`,
      {
        id,
      },
    );
    try {
      const events = [(await replay.next()).data.orderEvents, (await replay.next()).data.orderEvents];
      assert.deepEqual(
        events.map((event) => event.origin),
        ['WEBHOOK', 'MUTATION'],
      );
    } finally {
      await replay.close();
    }
  });
});
