import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { eventually } from '../../support/eventually.js';
import { downloadedFruugoOrder } from '../../support/fruugo-orders.js';
import { FBPI } from './noon-fbpi.js';

const WEBHOOK_EVENTS = `query ($source: WebhookSource, $status: WebhookEventStatus, $first: Int, $after: String) {
  webhookEvents(source: $source, status: $status, first: $first, after: $after) {
    nodes { id source type dedupeKey status attempts lastError receivedAt processedAt nextAttemptAt body }
    pageInfo { hasNextPage endCursor }
  }
}`;

const REPLAY = `mutation ($id: ID!) {
  replayWebhookEvent(id: $id) { id status attempts processedAt lastError nextAttemptAt }
}`;

/** WEBHOOK_MAX_ATTEMPTS of the scenarios' gateway. */
const MAX_ATTEMPTS = 2;

/** A webhook event id no store has given out: of the shape of one (a UUID). */
const UNKNOWN_EVENT_ID = 'WebhookEvent:00000000-0000-4000-8000-000000000000';

/**
 * Stored webhook events as operators see and replay them, against a gateway whose store `storeEnv` chooses (the
 * embedded file when empty, MongoDB with MONGODB_URI).
 */
export function webhookEventsScenarios(title: string, storeEnv: Record<string, string> = {}): void {
  describe(title, () => {
    let gw: TestGateway;
    before(async () => {
      // Two attempts, so an event that fails twice is DEAD within a second or two of real time.
      gw = await startTestGateway({
        fruugoOptions: { orderCount: 3 },
        env: { ...storeEnv, WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS) },
      });
      await downloadedFruugoOrder(gw);
      await downloadedFruugoOrder(gw);
      // An order is readable once saved, a moment before its event is marked processed.
      await eventually('every webhook event processed', async () =>
        (dataOf(await gw.graphql(WEBHOOK_EVENTS, { first: 200 })).webhookEvents as any).nodes.every(
          (event: any) => event.status === 'PROCESSED',
        )
          ? true
          : undefined,
      );
    });
    after(() => gw.close());

    test('webhookEvents lists what was received, newest first, in pages that resume exactly', async () => {
      const all: any = dataOf(await gw.graphql(WEBHOOK_EVENTS, { source: 'FRUUGO', first: 200 })).webhookEvents;
      assert.ok(all.nodes.length >= 3, 'the start-up download and the two asked for');
      assert.equal(all.pageInfo.hasNextPage, false);
      const times = all.nodes.map((event: any) => Date.parse(event.receivedAt));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
      );
      assert.ok(
        all.nodes.every(
          (event: any) =>
            event.source === 'FRUUGO' &&
            event.type === 'OrderList' &&
            event.status === 'PROCESSED' &&
            event.nextAttemptAt === null,
        ),
        'processed: nothing more is owed',
      );
      assert.match(all.nodes[0].body, /"OrderList"/);

      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: any = dataOf(await gw.graphql(WEBHOOK_EVENTS, { source: 'FRUUGO', first: 1, after })).webhookEvents;
        seen.push(...page.nodes.map((event: any) => event.id));
        after = page.pageInfo.endCursor;
      } while (after !== null);
      assert.deepEqual(
        seen,
        all.nodes.map((event: any) => event.id),
      );

      const none: any = dataOf(await gw.graphql(WEBHOOK_EVENTS, { source: 'FRUUGO', status: 'FAILED' })).webhookEvents;
      assert.deepEqual(none.nodes, []);
      const refused = await gw.graphql(WEBHOOK_EVENTS, { first: 0 });
      assert.equal(refused.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    });

    test('replayWebhookEvent applies a stored event again without announcing its order events twice', async () => {
      const [latest]: any[] = dataOf(await gw.graphql(WEBHOOK_EVENTS, { source: 'FRUUGO', first: 1 })).webhookEvents
        .nodes;
      const before = await gw.gateway.store.orderEventsAfter(0, {}, 10_000);
      const replayed: any = dataOf(await gw.graphql(REPLAY, { id: latest.id })).replayWebhookEvent;
      assert.equal(replayed.id, latest.id);
      assert.equal(replayed.status, 'PROCESSED');
      assert.equal(replayed.attempts, 1, 'a replay starts its attempts again');
      assert.ok(Date.parse(replayed.processedAt) >= Date.parse(latest.processedAt));
      const afterReplay = await gw.gateway.store.orderEventsAfter(0, {}, 10_000);
      assert.deepEqual(
        afterReplay.map((event) => event.cursor),
        before.map((event) => event.cursor),
      );

      const missing = await gw.graphql(`mutation { replayWebhookEvent(id: "${UNKNOWN_EVENT_ID}") { id } }`);
      assert.equal(missing.errors?.[0]?.extensions?.code, 'WEBHOOK_EVENT_NOT_FOUND');
      const malformed = await gw.graphql(`mutation { replayWebhookEvent(id: "no-such-event") { id } }`);
      assert.equal(malformed.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', 'not a webhook event id at all');
    });

    test('an event that fails its last attempt is DEAD, listed as such, and a replay once noon answers applies it', async () => {
      const nr = gw.noon.control.placeFbpiOrder();
      // Injected before noon sends the event (a few milliseconds after the order is placed): noon cannot find the
      // order on either attempt, then finds it.
      gw.noon.control.injectFault({ method: 'GET', path: `${FBPI}/fbpi-order/${nr}/get`, status: 404, count: 2 });
      const dead: any = await eventually('the event DEAD after its last attempt', async () =>
        (
          dataOf(await gw.graphql(WEBHOOK_EVENTS, { source: 'NOON', status: 'DEAD', first: 200 })).webhookEvents as any
        ).nodes.find((event: any) => event.body.includes(nr)),
      );
      assert.equal(dead.attempts, MAX_ATTEMPTS);
      assert.equal(dead.nextAttemptAt, null, 'tried no more');
      assert.notEqual(dead.lastError, null);
      assert.deepEqual(await gw.gateway.store.orderEventsAfter(0, { orderId: `NOON:${nr}` }, 10), []);

      const replayed: any = dataOf(await gw.graphql(REPLAY, { id: dead.id })).replayWebhookEvent;
      assert.deepEqual(
        [replayed.status, replayed.attempts, replayed.lastError, replayed.nextAttemptAt],
        ['PROCESSED', 1, null, null],
      );
      const announced = await gw.gateway.store.orderEventsAfter(0, { orderId: `NOON:${nr}` }, 10);
      assert.deepEqual(
        announced.map((event) => [event.type, `WebhookEvent:${event.webhookEventId}`]),
        [['CREATED', dead.id]],
      );
    });

    test('orderErrors refuses an id that is not an order id', async () => {
      const refused = await gw.graphql(`query { orderErrors(orderId: "nope") { type } }`);
      assert.equal(refused.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
      const unknown = await gw.graphql(`query { orderErrors(orderId: "FRUUGO:1001000001") { type } }`);
      assert.deepEqual(dataOf(unknown).orderErrors, []);
    });
  });
}
