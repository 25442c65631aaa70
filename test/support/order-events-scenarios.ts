import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { eventually } from '../../support/eventually.js';
import { downloadedFruugoOrder } from '../../support/fruugo-orders.js';
import { subscribe } from '../../support/subscriptions.js';
import { confirmResponse, postFruugoCallback } from '../../support/fruugo-callbacks.js';

const ORDER_EVENTS = `subscription ($orderId: ID, $marketplaces: [Marketplace!], $since: String) {
  orderEvents(orderId: $orderId, marketplaces: $marketplaces, since: $since) {
    cursor type orderId marketplace status origin webhookEventId message occurredAt
    order { id status }
  }
}`;

const CONFIRM = `mutation ($id: ID!) { confirmOrder(id: $id) { id status } }`;

interface EventResult {
  orderEvents: {
    cursor: string;
    type: string;
    orderId: string;
    marketplace: string;
    status: string | null;
    origin: string;
    webhookEventId: string | null;
    message: string | null;
    order: { id: string; status: string } | null;
  };
}

/**
 * The orderEvents subscription end to end, against a gateway whose store `storeEnv` chooses (the embedded file
 * when empty, MongoDB with MONGODB_URI): replay with `since`, redeliveries stored and announced once.
 */
export function orderEventsScenarios(title: string, storeEnv: Record<string, string> = {}): void {
  describe(title, () => {
    let gw: TestGateway;
    before(async () => {
      gw = await startTestGateway({ fruugoOptions: { orderCount: 5 }, env: storeEnv });
    });
    after(() => gw.close());

    test('a Fruugo confirm arrives as the accepted request, then as the callback’s confirmation, with the order', async () => {
      const id = await downloadedFruugoOrder(gw);
      const events = subscribe<EventResult>(gw.url, ORDER_EVENTS, { orderId: id, since: '0' });
      try {
        const created = (await events.next()).data!.orderEvents;
        assert.deepEqual(
          [created.type, created.origin, created.status, created.orderId],
          ['CREATED', 'WEBHOOK', 'PENDING', id],
        );
        assert.ok(created.webhookEventId);

        dataOf(await gw.graphql(CONFIRM, { id }));
        const requested = (await events.next()).data!.orderEvents;
        assert.deepEqual(
          [requested.type, requested.origin, requested.status, requested.message],
          ['OPERATION_REQUESTED', 'MUTATION', 'PENDING', 'confirmOrder'],
        );
        const confirmed = (await events.next()).data!.orderEvents;
        assert.deepEqual(
          [confirmed.type, confirmed.origin, confirmed.status],
          ['STATUS_CHANGED', 'WEBHOOK', 'ACKNOWLEDGED'],
        );
        assert.deepEqual(
          confirmed.order,
          { id, status: 'ACKNOWLEDGED' },
          'the order is resolved as it stands after the event',
        );
        assert.ok(
          Number(created.cursor) < Number(requested.cursor) && Number(requested.cursor) < Number(confirmed.cursor),
        );
        assert.deepEqual(await events.drain(200), [], 'nothing else happened to the order');
      } finally {
        await events.close();
      }
    });

    test('a refused confirm arrives as ERROR_REPORTED with Fruugo’s words, and orderErrors lists it', async () => {
      const id = await downloadedFruugoOrder(gw);
      gw.fruugo.control.customerCancel(id.slice('FRUUGO:'.length));
      const events = subscribe<EventResult>(gw.url, ORDER_EVENTS, { orderId: id, since: '0' });
      try {
        assert.equal((await events.next()).data!.orderEvents.type, 'CREATED');
        dataOf(await gw.graphql(CONFIRM, { id }));
        const seen = [
          (await events.next()).data!.orderEvents,
          (await events.next()).data!.orderEvents,
          (await events.next()).data!.orderEvents,
        ];
        assert.deepEqual(seen.map((event) => event.type).sort(), [
          'ERROR_REPORTED',
          'OPERATION_REQUESTED',
          'STATUS_CHANGED',
        ]);
        const reported = seen.find((event) => event.type === 'ERROR_REPORTED')!;
        assert.match(reported.message ?? '', /BD_ILLEGAL_FULFILMENT_STATUS_TRANSITION/);
        const errors: any = dataOf(
          await gw.graphql(`query ($id: ID!) { orderErrors(orderId: $id) { type message } }`, { id }),
        ).orderErrors;
        assert.deepEqual(
          errors.map((error: any) => error.type),
          ['ORDER_ACKNOWLEDGE'],
        );
        assert.equal(errors[0].message, reported.message);
      } finally {
        await events.close();
      }
    });

    test('`since` replays every stored event after the cursor, then live ones, with no gap and no repeat at the seam', async () => {
      const orders = await Promise.all(Array.from({ length: 6 }, () => downloadedFruugoOrder(gw)));
      const everything = subscribe<EventResult>(gw.url, ORDER_EVENTS, { marketplaces: ['FRUUGO'], since: '0' });
      try {
        // What is stored so far (at least the six orders' CREATED), and the cursor of a point in the middle of it.
        const replayed: Array<EventResult['orderEvents']> = [];
        await eventually('the stored events replayed', async () => {
          replayed.push(...(await everything.drain(100)).map((result) => result.data!.orderEvents));
          return replayed.length >= 6 ? true : undefined;
        });
        const since = replayed[Math.floor(replayed.length / 2)]!.cursor;

        // New events keep coming while the second subscription replays.
        const confirms = Promise.all(orders.map((id) => gw.graphql(CONFIRM, { id })));
        const resumed = subscribe<EventResult>(gw.url, ORDER_EVENTS, { marketplaces: ['FRUUGO'], since });
        try {
          await confirms;
          // 6 OPERATION_REQUESTED, then 6 STATUS_CHANGED from the callbacks.
          const live = await eventually('every confirm and its callback', async () => {
            const more = (await everything.drain(50)).map((result) => result.data!.orderEvents);
            replayed.push(...more);
            return replayed.filter((event) => event.type === 'STATUS_CHANGED' && event.status === 'ACKNOWLEDGED')
              .length >= 6
              ? true
              : undefined;
          });
          assert.ok(live);
          // Both have seen everything once both are quiet.
          const [more, resumedResults] = await Promise.all([everything.drain(500), resumed.drain(500)]);
          replayed.push(...more.map((result) => result.data!.orderEvents));
          const expected = replayed.map((event) => event.cursor).filter((cursor) => Number(cursor) > Number(since));
          const got = resumedResults.map((result) => result.data!.orderEvents.cursor);
          assert.deepEqual(
            [...got].sort((a, b) => Number(a) - Number(b)),
            [...expected].sort((a, b) => Number(a) - Number(b)),
          );
          assert.equal(new Set(got).size, got.length, 'no event twice');
        } finally {
          await resumed.close();
        }
      } finally {
        await everything.close();
      }
    });

    test('a redelivered callback is stored once and announced once', async () => {
      const id = await downloadedFruugoOrder(gw);
      const events = subscribe<EventResult>(gw.url, ORDER_EVENTS, { orderId: id, since: '0' });
      try {
        assert.equal((await events.next()).data!.orderEvents.type, 'CREATED');
        const externalId = id.slice('FRUUGO:'.length);
        const body = confirmResponse(`dup-${externalId}`, externalId, "it's refused");
        const post = () => postFruugoCallback(gw.origin, body);
        assert.equal((await post()).status, 200);
        assert.equal((await post()).status, 200);
        const reported = (await events.next()).data!.orderEvents;
        assert.deepEqual([reported.type, reported.message], ['ERROR_REPORTED', "it's refused"]);
        assert.deepEqual(await events.drain(300), [], 'the redelivery announced nothing');
        const errors: any = dataOf(
          await gw.graphql(`query ($id: ID!) { orderErrors(orderId: $id) { message } }`, { id }),
        ).orderErrors;
        assert.equal(errors.length, 1);
      } finally {
        await events.close();
      }
    });

    test('bad arguments end the subscription with a clear error', async () => {
      for (const variables of [{ since: 'yesterday' }, { orderId: 'not-an-order-id' }]) {
        const events = subscribe<EventResult>(gw.url, ORDER_EVENTS, variables);
        try {
          const result = await events.next().catch((error: Error) => ({ errors: [{ message: error.message }] }));
          assert.ok(result.errors?.length, JSON.stringify(result));
          assert.match(result.errors![0]!.message, /since|order id/);
        } finally {
          await events.close();
        }
      }
    });
  });
}
