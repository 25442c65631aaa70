import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFruugoSandbox, type FruugoSandbox } from '../../sandbox/fruugo/index.js';
import { startNoonSandbox, type NoonSandbox } from '../../sandbox/noon/index.js';
import { eventually } from '../../support/eventually.js';
import { subscribe, type LiveSubscription } from '../../support/subscriptions.js';
import { GatewayProcess, simulatedMarketplacesEnv } from '../../support/gateway-process.js';
import { ownRedisAndMongo } from '../support/own-redis-and-mongo.js';
import { confirmResponse, postFruugoCallback } from '../../support/fruugo-callbacks.js';

// Two gateway processes on one store (FerretDB unless MONGODB_URI is set) and a Redis of this test's own, which it
// kills in the middle of a stream of order events and starts again later.
const { redis, mongo, skip } = await ownRedisAndMongo();

const ORDER_EVENTS = `subscription ($since: String) {
  orderEvents(marketplaces: [FRUUGO], since: $since) { cursor orderId }
}`;

interface HeardEvent {
  cursor: string;
  orderId: string;
  /** When the test had it, epoch ms. */
  at: number;
}

/** Order events of the stream: one per callback, `OUTAGE-<n>`, sent in pairs, one to each instance at once. */
const EVENTS = 128;
/** Redis is killed before callback 32 and started again before callback 88. */
const KILL_AT = 32;
const RESTART_AT = 88;
/** The clients that lose their socket reconnect, to the other instance, before callback 56: during the outage. */
const RECONNECT_AT = 56;

/** A Fruugo confirm refused for `externalId`: stored, then announced as the order's ERROR_REPORTED. */
function refusedConfirm(correlationId: string, externalId: string): string {
  return confirmResponse(correlationId, externalId, 'refused');
}

async function deliver(origin: string, body: string): Promise<void> {
  const response = await postFruugoCallback(origin, body);
  assert.equal(response.status, 200, 'the webhook is stored whatever Redis does');
}

/** A client of orderEvents: its subscription's results gathered as they arrive, across reconnections. */
class Client {
  readonly events: HeardEvent[] = [];
  /** Results that carried errors instead of an event, and errors that ended a subscription. */
  readonly errors: unknown[] = [];
  private session: { close(): Promise<void> };

  constructor(origin: string) {
    // `since: "0"`: from the start of the store, so nothing depends on the moment it goes live.
    this.session = this.open(origin, '0');
  }

  /** Closes the socket and opens one to `origin` with the last cursor received as `since`: what the README says. */
  async reconnect(origin: string): Promise<void> {
    await this.session.close();
    this.session = this.open(origin, this.events.at(-1)?.cursor ?? '0');
  }

  has(orderIds: readonly string[]): boolean {
    return orderIds.every((id) => this.events.some((event) => event.orderId === id));
  }

  close(): Promise<void> {
    return this.session.close();
  }

  private open(origin: string, since: string): { close(): Promise<void> } {
    const subscription: LiveSubscription<{ orderEvents: Omit<HeardEvent, 'at'> }> = subscribe(
      `${origin}/graphql`,
      ORDER_EVENTS,
      { since },
    );
    let open = true;
    const gathering = (async () => {
      while (open) {
        for (const result of await subscription.drain(25)) {
          if (result.errors !== undefined) this.errors.push(result.errors);
          else this.events.push({ ...result.data!.orderEvents, at: Date.now() });
        }
      }
    })();
    return {
      close: async () => {
        open = false;
        await gathering;
        if (subscription.error() !== undefined) this.errors.push(subscription.error());
        await subscription.close();
      },
    };
  }
}

/** Every cursor once, in increasing order: nothing twice, nothing out of order. */
function assertCursorOrder(events: readonly HeardEvent[], who: string): void {
  const cursors = events.map((event) => Number(event.cursor));
  for (let i = 1; i < cursors.length; i++) {
    assert.ok(cursors[i]! > cursors[i - 1]!, `${who}: cursor ${cursors[i]} after ${cursors[i - 1]}`);
  }
}

describe('a Redis outage in the middle of a stream of order events, with two instances', { skip }, () => {
  let noon: NoonSandbox;
  let fruugo: FruugoSandbox;
  let dataDir: string;
  const instances: GatewayProcess[] = [];
  let origins: [string, string];
  before(async () => {
    [noon, fruugo] = await Promise.all([startNoonSandbox(), startFruugoSandbox({ orderCount: 1 })]);
    dataDir = await mkdtemp(join(tmpdir(), 'gateway-outage-'));
    const env = (name: string) =>
      simulatedMarketplacesEnv(join(dataDir, name), noon, fruugo, {
        MONGODB_URI: mongo!.databaseUri('-outage'),
        REDIS_URL: redis!.url,
        REDIS_OUTAGE_POLL_MS: '200',
      });
    instances.push(new GatewayProcess(env('a')), new GatewayProcess(env('b')));
    origins = (await Promise.all(instances.map((instance) => instance.ready()))) as [string, string];
  });
  after(async () => {
    // SIGKILL: what is left to apply after a failure must not hold the clean-up (a stop waits for every apply).
    await Promise.allSettled(instances.map((instance) => instance.stop('SIGKILL')));
    await Promise.allSettled([noon?.close(), fruugo?.close(), redis?.kill()]);
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
    await mongo?.release();
  });

  test('every subscriber on either instance gets every event once, in order, reconnecting with since as documented', async (t) => {
    const [a, b] = origins;
    const steady = [new Client(a), new Client(b)];
    // These two lose their socket during the outage and reconnect to the other instance.
    const moving = [new Client(a), new Client(b)];
    const clients = [...steady, ...moving];
    const posted: string[] = [];
    const outage: string[] = [];
    let killedAt = 0;
    let restartedAt = 0;
    /**
     * Sends callback `n` to `origin` and waits until it is announced (a steady client has its event): the stream goes
     * at the pace the instances apply callbacks, so each event is announced while Redis is in the state the test
     * says. (Usually the instance that received it applies it; another one's retry sweep may come first.)
     */
    const send = async (n: number, origin: string) => {
      const orderId = `FRUUGO:OUTAGE-${n}`;
      await deliver(origin, refusedConfirm(`outage-${n}`, `OUTAGE-${n}`));
      await eventually(`${orderId} announced`, async () => steady.some((client) => client.has([orderId])) || undefined);
      posted.push(orderId);
    };
    try {
      for (let n = 0; n < EVENTS; n += 2) {
        if (n === KILL_AT) {
          await redis!.kill();
          killedAt = Date.now();
        }
        if (n === RECONNECT_AT) {
          // Their sockets are lost; each client reconnects to the other instance with the last cursor it received.
          await Promise.all([moving[0]!.reconnect(b), moving[1]!.reconnect(a)]);
        }
        if (n === RESTART_AT) {
          // Before Redis is back, each instance's subscribers have had the other instance's events too: read from
          // the store, not waiting for Redis.
          await eventually(
            'every event so far on every subscriber, while Redis is down',
            async () => (clients.every((client) => client.has(posted)) ? true : undefined),
            20_000,
          );
          await redis!.restart();
          restartedAt = Date.now();
        }
        await Promise.all([send(n, a), send(n + 1, b)]);
        if (n >= KILL_AT && n < RESTART_AT) outage.push(`FRUUGO:OUTAGE-${n}`, `FRUUGO:OUTAGE-${n + 1}`);
      }
      // Once the last event is in, nothing below its cursor can arrive any more (delivery is in cursor order).
      await deliver(a, refusedConfirm('outage-last', 'OUTAGE-LAST'));
      const expected = [...posted, 'FRUUGO:OUTAGE-LAST'];
      await eventually(
        'every event on every subscriber',
        async () => (clients.every((client) => client.has(expected)) ? true : undefined),
        20_000,
      );

      const streams = [
        { who: 'steady client on A', client: steady[0]! },
        { who: 'steady client on B', client: steady[1]! },
        { who: 'client moved from A to B', client: moving[0]! },
        { who: 'client moved from B to A', client: moving[1]! },
      ];
      const ours = (events: readonly HeardEvent[]) => events.filter((event) => expected.includes(event.orderId));
      for (const { who, client } of streams) {
        assert.deepEqual(client.errors, [], `${who}: no errors`);
        assertCursorOrder(client.events, who);
        assert.deepEqual(
          ours(client.events)
            .map((event) => event.orderId)
            .sort(),
          [...expected].sort(),
          `${who}: every event, once`,
        );
      }
      const cursorsOf = (events: readonly HeardEvent[]) => ours(events).map((event) => event.cursor);
      for (const { who, client } of streams.slice(1)) {
        assert.deepEqual(
          cursorsOf(client.events),
          cursorsOf(steady[0]!.events),
          `${who}: the same events as the others`,
        );
      }

      // What it cost: how much later the second instance's client had each event sent during the outage than the
      // first one's (one of them heard it from its own publish, the other from the store).
      const delays = outage
        .map((orderId) => {
          const [first, second] = steady.map((client) => client.events.find((event) => event.orderId === orderId)!.at);
          return Math.abs(first! - second!);
        })
        .sort((x, y) => x - y);
      t.diagnostic(
        `Redis down ${restartedAt - killedAt} ms, ${outage.length} events meanwhile; the second instance had each ` +
          `later than the first by p50 ${delays[Math.floor(delays.length / 2)]} ms, max ${delays.at(-1)} ms`,
      );
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  });
});
