import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFruugoSandbox, type FruugoSandbox } from '../../sandbox/fruugo/index.js';
import { startNoonSandbox, type NoonSandbox } from '../../sandbox/noon/index.js';
import { eventually } from '../../support/eventually.js';
import { postGraphql } from '../../support/gateway.js';
import { subscribe, type LiveSubscription } from '../../support/subscriptions.js';
import { GatewayProcess, simulatedMarketplacesEnv } from '../../support/gateway-process.js';
import { testMongo, type TestMongo } from '../support/mongodb.js';
import { redisAnswers, TEST_REDIS_URL } from '../support/redis.js';
import { confirmResponse, postFruugoCallback } from '../../support/fruugo-callbacks.js';

// Two gateway processes sharing one MongoDB-protocol store (FerretDB unless MONGODB_URI is set) and one Redis, as
// several instances behind a load balancer run.
const redis = await redisAnswers(TEST_REDIS_URL);
const mongo: TestMongo | undefined = redis ? await testMongo() : undefined;
if (!redis) console.log(`SKIPPED: no Redis at ${TEST_REDIS_URL} (set TEST_REDIS_URL to run the two-instance test)`);
else if (mongo === undefined) console.log('SKIPPED: no MongoDB available');
const skip = !redis ? `no Redis at ${TEST_REDIS_URL}` : mongo === undefined ? 'no MongoDB available' : false;

const ORDER_EVENTS = `subscription ($since: String) {
  orderEvents(marketplaces: [FRUUGO], since: $since) { cursor type orderId message }
}`;

interface EventResult {
  orderEvents: { cursor: string; type: string; orderId: string; message: string | null };
}

/** A Fruugo confirm refused for `externalId`: stored, then announced as the order's ERROR_REPORTED. */
function refusedConfirm(correlationId: string, externalId: string): string {
  return confirmResponse(correlationId, externalId, `refused ${correlationId}`);
}

async function deliver(origin: string, body: string): Promise<{ id: string; duplicate: boolean }> {
  const response = await postFruugoCallback(origin, body);
  assert.equal(response.status, 200);
  return (await response.json()) as { id: string; duplicate: boolean };
}

/** The events a subscription delivers about `orderId` within `ms`. */
async function eventsAbout(subscription: LiveSubscription<EventResult>, orderId: string, ms: number) {
  return (await subscription.drain(ms))
    .map((result) => result.data!.orderEvents)
    .filter((event) => event.orderId === orderId);
}

describe('two gateway instances on one store and one Redis', { skip }, () => {
  let noon: NoonSandbox;
  let fruugo: FruugoSandbox;
  let dataDir: string;
  const instances: GatewayProcess[] = [];
  let origins: string[];
  before(async () => {
    [noon, fruugo] = await Promise.all([startNoonSandbox(), startFruugoSandbox({ orderCount: 1 })]);
    dataDir = await mkdtemp(join(tmpdir(), 'gateway-two-'));
    const env = (name: string) =>
      simulatedMarketplacesEnv(join(dataDir, name), noon, fruugo, {
        MONGODB_URI: mongo!.databaseUri('-two'),
        REDIS_URL: TEST_REDIS_URL,
      });
    instances.push(new GatewayProcess(env('a')), new GatewayProcess(env('b')));
    origins = await Promise.all(instances.map((instance) => instance.ready()));
  });
  after(async () => {
    await Promise.all(instances.map((instance) => instance.stop('SIGTERM')));
    await Promise.all([noon?.close(), fruugo?.close()]);
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
    await mongo?.release();
  });

  test('a webhook sent to either instance is stored once and announced once, on both', async () => {
    const live = origins.map((origin) => subscribe<EventResult>(`${origin}/graphql`, ORDER_EVENTS));
    try {
      await Promise.all(live.map((subscription) => subscription.started));
      const body = refusedConfirm('two-1', 'TWO-1');
      // The same callback redelivered to both at once, then to each again.
      const answers = [...(await Promise.all(origins.map((origin) => deliver(origin, body))))];
      for (const origin of origins) answers.push(await deliver(origin, body));
      assert.equal(new Set(answers.map((answer) => answer.id)).size, 1, 'one stored event');
      assert.deepEqual(answers.map((answer) => answer.duplicate).sort(), [false, true, true, true]);

      for (const origin of origins) {
        const stored: any = await postGraphql<any>(
          `${origin}/graphql`,
          `query { webhookEvents(source: FRUUGO, first: 200) { nodes { id dedupeKey } } }`,
        );
        assert.deepEqual(
          stored.data.webhookEvents.nodes.filter((event: any) => event.dedupeKey === 'ConfirmResponseList:two-1'),
          // The receipt names the event as the API shows it.
          [{ id: answers[0]!.id, dedupeKey: 'ConfirmResponseList:two-1' }],
        );
      }
      // The subscription goes live a moment after it starts; what it missed, `since` below covers. Each heard it
      // once at most now, and the store holds it once.
      for (const subscription of live) {
        const heard = await eventsAbout(subscription, 'FRUUGO:TWO-1', 1000);
        assert.ok(heard.length <= 1, `announced once, not ${heard.length} times`);
      }
      for (const origin of origins) {
        const replay = subscribe<EventResult>(`${origin}/graphql`, ORDER_EVENTS, { since: '0' });
        try {
          const heard = await eventsAbout(replay, 'FRUUGO:TWO-1', 1000);
          assert.deepEqual(
            heard.map((event) => [event.type, event.message]),
            [['ERROR_REPORTED', 'refused two-1']],
          );
        } finally {
          await replay.close();
        }
      }
    } finally {
      await Promise.all(live.map((subscription) => subscription.close()));
    }
  });

  test('live events reach subscribers on both instances, and cursors are shared: since resumes across both', async () => {
    const [a, b] = origins as [string, string];
    const onA = subscribe<EventResult>(`${a}/graphql`, ORDER_EVENTS, { since: '0' });
    const onB = subscribe<EventResult>(`${b}/graphql`, ORDER_EVENTS, { since: '0' });
    try {
      // Live on both once each has replayed the stored past.
      const past = await Promise.all([onA.drain(500), onB.drain(500)]);
      const since = past[0].at(-1)?.data!.orderEvents.cursor ?? '0';
      assert.equal(past[1].at(-1)?.data!.orderEvents.cursor ?? '0', since, 'both replay the same history');

      // Callbacks alternate between the instances, as a load balancer sends them.
      const orderIds = Array.from({ length: 6 }, (_, n) => `TWO-LIVE-${n}`);
      for (const [n, externalId] of orderIds.entries())
        await deliver(n % 2 === 0 ? a : b, refusedConfirm(`two-live-${n}`, externalId));
      const expected = orderIds.map((externalId) => `FRUUGO:${externalId}`);
      const heard = async (subscription: LiveSubscription<EventResult>, name: string) => {
        const events: EventResult['orderEvents'][] = [];
        await eventually(`every event on ${name}`, async () => {
          events.push(...(await subscription.drain(50)).map((result) => result.data!.orderEvents));
          return expected.every((id) => events.some((event) => event.orderId === id)) ? true : undefined;
        });
        events.push(...(await subscription.drain(300)).map((result) => result.data!.orderEvents));
        return events.filter((event) => expected.includes(event.orderId));
      };
      const [heardOnA, heardOnB] = await Promise.all([heard(onA, 'instance A'), heard(onB, 'instance B')]);
      assert.equal(heardOnA.length, expected.length, 'each announced once on A');
      assert.equal(heardOnB.length, expected.length, 'each announced once on B');
      const cursors = (events: EventResult['orderEvents'][]) =>
        events.map((event) => event.cursor).sort((x, y) => Number(x) - Number(y));
      assert.deepEqual(cursors(heardOnA), cursors(heardOnB), 'one cursor per event, the same on both');

      // A client that saw events up to `since` on A reconnects to B (and the other way round): same events.
      for (const origin of [a, b]) {
        const resumed = subscribe<EventResult>(`${origin}/graphql`, ORDER_EVENTS, { since });
        try {
          const replayed = (await resumed.drain(1000)).map((result) => result.data!.orderEvents);
          // Each callback is applied after its answer, so the events need not be in delivery order; they come
          // in cursor order, and they are the ones both instances announced.
          const replayedCursors = replayed.map((event) => event.cursor);
          assert.deepEqual(replayedCursors, cursors(replayed), 'in cursor order');
          assert.deepEqual(replayedCursors, cursors(heardOnA));
          assert.deepEqual(replayed.map((event) => event.orderId).sort(), [...expected].sort());
        } finally {
          await resumed.close();
        }
      }
    } finally {
      await Promise.all([onA.close(), onB.close()]);
    }
  });
});
