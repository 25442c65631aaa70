import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { readNoonEvent } from '../../datasources/noon/webhooks/envelope.js';
import { startNoonSandbox, type NoonSandbox } from '../../sandbox/noon/index.js';
import type { WebhookEvent } from '../../src/store/callback-store.js';
import { eventually } from '../../support/eventually.js';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { ManualClock } from '../support/manual-clock.js';
import { FBPI } from '../support/noon-fbpi.js';
import { WEBHOOK_EVENT_ID } from '../../src/domain/stored-ids.js';

/** The test gateways sweep every WEBHOOK_RETRY_SECONDS=1 (support/gateway.ts). */
const SWEEP_MS = 1000;

describe('a stored webhook that could not be applied is applied by the next sweep', () => {
  let gw: TestGateway;
  const clock = new ManualClock();
  before(async () => {
    gw = await startTestGateway({ clock });
  });
  after(() => gw.close());

  const noonEvent = async (nr: string) => {
    const events = await gw.gateway.store.listWebhookEvents({ source: 'noon' }, undefined, 200);
    return events.find((event) => event.body.includes(nr));
  };

  test('noon answers 500 while the event is applied: it stays FAILED until the clock brings the sweep, which applies it', async () => {
    gw.noon.control.injectFault({
      method: 'GET',
      path: /^\/fbpi\/v1\/fbpi-order\/[^/]+\/get$/,
      status: 500,
      count: 1000,
    });
    const nr = gw.noon.control.placeFbpiOrder();
    const failed = await eventually('the first attempt failed', async () => {
      const event = await noonEvent(nr);
      return event?.status === 'FAILED' ? event : undefined;
    });
    assert.equal(failed.attempts, 1);

    // Real time passes a sweep interval and more: the sweep runs on the gateway's clock, which has not moved.
    await sleep(SWEEP_MS + 200);
    assert.equal((await noonEvent(nr))?.attempts, 1);

    gw.noon.control.clearFaults();
    clock.advance(SWEEP_MS);
    const applied = await eventually('the sweep applied it', async () => {
      const event = await noonEvent(nr);
      return event?.status === 'PROCESSED' ? event : undefined;
    });
    assert.equal(applied.attempts, 2);
    assert.equal(applied.lastError, null);
    const announced = await gw.gateway.store.orderEventsAfter(0, { orderId: `NOON:${nr}` }, 10);
    assert.deepEqual(
      announced.map((event) => event.type),
      ['CREATED'],
    );
  });
});

/** The gateways below: a failing webhook gets 4 attempts, waiting ~1 s, ~2 s and ~4 s (each jittered in its upper half). */
const MAX_ATTEMPTS = 4;
const BASE_MS = 1000;
const MAX_MS = 4000;
/** The test gateways sweep every WEBHOOK_RETRY_SECONDS=1 s; each round below moves the clock by that much. */
const ROUND_MS = SWEEP_MS;
/** The default WEBHOOK_SWEEP_BATCH: more events are owed at once than one sweep takes. */
const SWEEP_BATCH = 100;
const FAILING = 120;
const GOOD = 20;
/** A wait for what a hundred applications do, with room for a loaded machine (one slot applies them in turn). */
const MANY_MS = 30_000;

/** The noon order a stored noon event announces. */
const orderNrOf = (event: WebhookEvent) => readNoonEvent(event.body).orderNr!;
const orderPath = (nr: string) => `${FBPI}/fbpi-order/${nr}/get`;

describe('120 noon events that keep failing starve nothing newer: they back off, go DEAD after their last attempt, and replay', () => {
  let noon: NoonSandbox;
  let dataDir: string;
  let gw: TestGateway | undefined;
  let clock: ManualClock;
  const failingNrs = new Set<string>();
  const goodNrs = new Set<string>();
  before(async () => {
    noon = await startNoonSandbox({ notificationDelayMs: 5, notificationRetryBaseMs: 20, notificationRetryMaxMs: 200 });
    dataDir = await mkdtemp(join(tmpdir(), 'gateway-retries-'));
  });
  after(async () => {
    await gw?.close();
    await noon.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A gateway on the one store file, so a second one is the first restarted, on a clock of its own. */
  async function start(env: Record<string, string> = {}): Promise<TestGateway> {
    clock = new ManualClock();
    gw = await startTestGateway({
      noon,
      clock,
      env: {
        DATA_DIR: dataDir,
        WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
        WEBHOOK_RETRY_BASE_MS: String(BASE_MS),
        WEBHOOK_RETRY_MAX_MS: String(MAX_MS),
        ...env,
      },
    });
    return gw;
  }
  const noonEvents = async () => gw!.gateway.store.listWebhookEvents({ source: 'noon' }, undefined, 200);
  const failingEvents = async () => (await noonEvents()).filter((event) => failingNrs.has(orderNrOf(event)));
  /** The failing events FAILED and due at `at`. */
  const dueAt = (events: WebhookEvent[], at: number) =>
    events.filter((event) => event.status === 'FAILED' && event.nextAttemptAt!.getTime() <= at);
  /** Waits until a sweep at `at` has settled what it took: all that was due, or one batch of it. */
  const sweptAt = (at: number, due: number) =>
    eventually(
      `the sweep at ${new Date(at).toISOString()} settled`,
      async () => {
        const events = await failingEvents();
        return dueAt(events, at).length <= Math.max(0, due - SWEEP_BATCH) ? events : undefined;
      },
      MANY_MS,
    );
  /** How often the gateway asked noon for the order. */
  const reads = (nr: string) =>
    noon.control.requests().filter((request) => request.method === 'GET' && request.path === orderPath(nr)).length;

  test('a gateway stops with 20 good events RECEIVED (acknowledged, never attempted) and 120 older ones FAILED', async () => {
    // One slot, which a slow answer holds: the good events wait for it, and the stop leaves them owed in the store.
    const first = await start({ WEBHOOK_APPLY_CONCURRENCY: '1' });
    noon.control.injectFault({ method: 'GET', path: /\/fbpi-order\/[^/]+\/get$/, status: 404, count: 1_000_000 });
    for (let n = 0; n < FAILING; n++) failingNrs.add(noon.control.placeFbpiOrder());
    await eventually(
      'every failing event FAILED once',
      async () =>
        (await failingEvents()).filter((event) => event.status === 'FAILED').length === FAILING ? true : undefined,
      MANY_MS,
    );
    // From now on noon knows every order but these, for good.
    noon.control.clearFaults();
    noon.control.injectFault({
      method: 'GET',
      path: new RegExp(`/fbpi-order/(${[...failingNrs].join('|')})/get$`),
      status: 404,
      count: 1_000_000,
    });

    noon.control.setLatency(1000);
    const slow = noon.control.placeFbpiOrder();
    await eventually('the slow event being applied', async () =>
      noon.control.requests().some((request) => request.path === orderPath(slow) && request.status === 0)
        ? true
        : undefined,
    );
    for (let n = 0; n < GOOD; n++) goodNrs.add(noon.control.placeFbpiOrder());
    await eventually('every good event acknowledged and stored', async () =>
      (await noonEvents()).filter((event) => goodNrs.has(orderNrOf(event))).length === GOOD ? true : undefined,
    );
    await first.close();
    gw = undefined;
    noon.control.setLatency(0);
  });

  test('restarted, the first sweep applies the good events first, before the clock has moved at all', async () => {
    await start();
    const good = await eventually(
      'every good event PROCESSED',
      async () => {
        const events = (await noonEvents()).filter((event) => goodNrs.has(orderNrOf(event)));
        return events.every((event) => event.status === 'PROCESSED') ? events : undefined;
      },
      MANY_MS,
    );
    assert.equal(good.length, GOOD);
    assert.ok(good.every((event) => event.attempts === 1));
    // The same sweep took as many failing ones as its batch had room for; the rest wait for the next.
    await sweptAt(clock.now().getTime(), FAILING + GOOD);
  });

  test('the failing ones come back only as their backoff allows, and after their last attempt are DEAD', async () => {
    for (let round = 1; ; round++) {
      const before = new Map((await failingEvents()).map((event) => [event.id, event]));
      if ([...before.values()].every((event) => event.status === 'DEAD')) break;
      assert.ok(round <= 20, 'every failing event DEAD within 20 rounds');
      const at = clock.now().getTime() + ROUND_MS;
      const due = dueAt([...before.values()], at).length;
      clock.advance(ROUND_MS);
      for (const event of await sweptAt(at, due)) {
        const was = before.get(event.id)!;
        if (event.attempts === was.attempts) continue;
        assert.equal(event.attempts, was.attempts + 1, 'one attempt per sweep');
        assert.ok(was.nextAttemptAt!.getTime() <= at, 'tried only once due');
        if (event.attempts === MAX_ATTEMPTS) {
          assert.deepEqual([event.status, event.nextAttemptAt], ['DEAD', null]);
          continue;
        }
        // Tried again after base × 2^(attempts − 1), capped, jittered within its upper half.
        const backoff = Math.min(MAX_MS, BASE_MS * 2 ** (event.attempts - 1));
        const wait = event.nextAttemptAt!.getTime() - at;
        assert.ok(wait >= backoff / 2 && wait < backoff, `waits ${wait} ms after attempt ${event.attempts}`);
      }
    }
    const failing = await failingEvents();
    assert.equal(failing.length, FAILING);
    for (const event of failing) {
      assert.deepEqual([event.status, event.attempts], ['DEAD', MAX_ATTEMPTS]);
      assert.equal(reads(orderNrOf(event)), MAX_ATTEMPTS, 'noon asked once per attempt, and no more');
    }
  });

  test('webhookEvents lists the DEAD ones, and a replay once noon knows the order applies it', async () => {
    const listed: any = dataOf(
      await gw!.graphql(
        `{ webhookEvents(source: NOON, status: DEAD, first: 200) { nodes { id status attempts lastError nextAttemptAt } } }`,
      ),
    ).webhookEvents;
    assert.equal(listed.nodes.length, FAILING);
    assert.ok(
      listed.nodes.every(
        (event: any) => event.attempts === MAX_ATTEMPTS && event.nextAttemptAt === null && event.lastError !== null,
      ),
    );

    noon.control.clearFaults();
    const [dead] = listed.nodes;
    const replayed: any = dataOf(
      await gw!.graphql(`mutation ($id: ID!) { replayWebhookEvent(id: $id) { status attempts lastError } }`, {
        id: dead.id,
      }),
    ).replayWebhookEvent;
    assert.deepEqual(replayed, { status: 'PROCESSED', attempts: 1, lastError: null });
    const event = (await gw!.gateway.store.findWebhookEvent(WEBHOOK_EVENT_ID.stored(dead.id)))!;
    const announced = await gw!.gateway.store.orderEventsAfter(0, { orderId: `NOON:${orderNrOf(event)}` }, 10);
    assert.deepEqual(
      announced.map((orderEvent) => orderEvent.type),
      ['CREATED'],
    );
  });
});
