import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually } from '../../support/eventually.js';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { subscribe } from '../../support/subscriptions.js';
import { REPLAY_PAGE } from '../../src/events/order-event-log.js';
import type { CallbackStore } from '../../src/store/callback-store.js';

// Issue 13: `since: "0"` over a long history reads the store a page at a time, and still delivers every event once, in
// cursor order, live ones included (README, "Live events": the product's strongest promise).

/** Fruugo orders the gateway downloads at start, each one CREATED event: a history of more than two pages. */
const HISTORY = 2 * REPLAY_PAGE + 50;

const CONFIRM = `mutation ($id: ID!) { confirmOrder(id: $id) { id } }`;

describe('orderEvents replaying a history longer than one page', () => {
  let gw: TestGateway;
  before(async () => {
    // noon's own webhooks would come late: each confirm below makes exactly one event.
    gw = await startTestGateway({
      fruugoOptions: { orderCount: HISTORY },
      noonOptions: { notificationDelayMs: 3_600_000 },
    });
    await eventually('the downloaded orders’ events', async () =>
      (await gw.gateway.store.latestOrderEventCursor()) >= HISTORY ? true : undefined,
    );
  });
  after(() => gw.close());

  test('`since: "0"` reads a page at a time and delivers every event once and in order while live ones arrive', async () => {
    const store: CallbackStore = gw.gateway.store;
    const read = store.orderEventsAfter.bind(store);
    // The replay's second page waits until live events have been recorded, so they arrive in the middle of it.
    let releaseSecondPage!: () => void;
    const secondPage = new Promise<void>((resolve) => (releaseSecondPage = resolve));
    const asked: number[] = [];
    store.orderEventsAfter = async (cursor, filter, limit) => {
      asked.push(limit);
      if (cursor > 0 && asked.length === 2) await secondPage;
      return read(cursor, filter, limit);
    };
    const events = subscribe<{ orderEvents: { cursor: string; orderId: string } }>(
      gw.url,
      `subscription { orderEvents(since: "0") { cursor orderId } }`,
    );
    try {
      const confirmed: string[] = [];
      const confirm = async () => {
        const id = `NOON:${gw.noon.control.placeFbpiOrder()}`;
        dataOf(await gw.graphql(CONFIRM, { id }));
        confirmed.push(id);
      };
      const cursors: number[] = [];
      const heard = new Set<string>();
      const take = async () => {
        const { data } = await events.next(10_000);
        cursors.push(Number(data!.orderEvents.cursor));
        heard.add(data!.orderEvents.orderId);
      };

      while (cursors.length < REPLAY_PAGE) await take();
      for (let round = 0; round < 5; round++) await confirm();
      releaseSecondPage();
      for (let round = 0; round < 3; round++) await confirm();
      while (!confirmed.every((id) => heard.has(id))) await take();

      const latest = await store.latestOrderEventCursor();
      // Whatever else comes now must go on from there, none of it twice.
      for (const { data } of await events.drain(200)) cursors.push(Number(data!.orderEvents.cursor));
      assert.ok(cursors.length >= latest, `${cursors.length} events delivered of ${latest} stored`);
      assert.deepEqual(
        cursors,
        Array.from({ length: cursors.length }, (_, index) => index + 1),
        'every stored event once, in cursor order, none skipped',
      );
      assert.ok(
        asked.every((limit) => limit <= REPLAY_PAGE),
        `pages asked: ${asked.join(', ')}`,
      );
      assert.ok(asked.length >= Math.ceil(HISTORY / REPLAY_PAGE), `${asked.length} reads`);
    } finally {
      store.orderEventsAfter = read;
      await events.close();
    }
  });
});
