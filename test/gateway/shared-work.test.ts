import assert from 'node:assert/strict';
import { WEBHOOK_EVENT_ID } from '../../src/domain/stored-ids.js';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFruugoSandbox, type FruugoSandbox } from '../../sandbox/fruugo/index.js';
import { startNoonSandbox, type NoonSandbox } from '../../sandbox/noon/index.js';
import { eventually } from '../../support/eventually.js';
import { NOON_WEBHOOK_HEADERS, noonEnv, postGraphql } from '../../support/gateway.js';
import { GatewayProcess, simulatedMarketplacesEnv } from '../../support/gateway-process.js';
import { ownRedisAndMongo } from '../support/own-redis-and-mongo.js';

// Two gateway processes on one store (FerretDB unless MONGODB_URI is set) and a Redis of this test's own share their
// scheduled work (README, "Several instances"): Fruugo's order download and the webhook retry sweep run on one of
// them, the other takes them over when it is killed, and noon's budget holds for both together.
const { redis, mongo, skip } = await ownRedisAndMongo();

/** The shortest download interval FRUUGO_ORDER_DOWNLOAD_SECONDS allows. */
const INTERVAL_MS = 10_000;
/** REDIS_LEASE_TTL_MS: a killed holder's leases run out this long after its last renewal. */
const TTL_MS = 5000;
/**
 * noon's budget as the simulator enforces it here: 300 requests in a fixed window of 10 s. The gateway paces noon's
 * 1,500 a minute at 24 a second, counted in Redis for all instances together: any 10 s meets at most 11 of those
 * windows of a second (264 calls), and calls whose turn came just before it but were sent late on a loaded machine, at
 * most one window's 24 more. Two instances pacing apart would send 480.
 */
const NOON_WINDOW = { ratePerMinute: 300, rateWindowSeconds: 10 };
/** Attempts a failing webhook gets (WEBHOOK_MAX_ATTEMPTS): the first where it arrived, the others by sweeps. */
const ATTEMPTS = 6;
/** How long the flood's lookups may wait for their turn: two of the simulator's windows. */
const DEADLINE_MS = 20_000;
/** Lookups each instance is sent at once: far more than noon's budget serves within their deadline. */
const FLOOD = 300;

type LogLine = Record<string, unknown>;

/** What a gateway process has logged so far, one JSON object a line. */
function logOf(instance: GatewayProcess): LogLine[] {
  return instance.output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

/** Whether `instance` has logged taking the lease of `job`. */
const tookLease = (instance: GatewayProcess, job: string) =>
  logOf(instance).some((line) => line.job === job && line.msg === 'this instance holds the lease: it runs the job');

/** The download requests `instance` logged sending. */
const downloadsBy = (instance: GatewayProcess) =>
  logOf(instance).filter((line) => line.msg === 'asked Fruugo for changed orders').length;

describe('two gateway instances share their scheduled work through Redis', { skip }, () => {
  let noon: NoonSandbox;
  let fruugo: FruugoSandbox;
  let dataDir: string;
  const instances: GatewayProcess[] = [];
  let origins: string[];
  before(async () => {
    [noon, fruugo] = await Promise.all([startNoonSandbox(NOON_WINDOW), startFruugoSandbox({ orderCount: 1 })]);
    dataDir = await mkdtemp(join(tmpdir(), 'gateway-shared-work-'));
    const env = (name: string) =>
      simulatedMarketplacesEnv(join(dataDir, name), noon, fruugo, {
        ...noonEnv(noon),
        MONGODB_URI: mongo!.databaseUri('-shared-work'),
        REDIS_URL: redis!.url,
        LOG_LEVEL: 'info',
        REDIS_LEASE_TTL_MS: String(TTL_MS),
        FRUUGO_ORDER_DOWNLOAD_SECONDS: String(INTERVAL_MS / 1000),
        // A webhook that fails is tried 6 times, a moment apart: once where it arrived, then by the sweeps.
        WEBHOOK_MAX_ATTEMPTS: String(ATTEMPTS),
        WEBHOOK_RETRY_BASE_MS: '100',
        WEBHOOK_RETRY_MAX_MS: '200',
        // The flood below is one caller's; it is noon's budget that is measured, not the caller's limits.
        UPSTREAM_CALLER_SHARE_PERCENT: '100',
        RATE_LIMIT_REQUESTS_PER_MINUTE: '100000',
        RATE_LIMIT_COST_PER_MINUTE: '100000000',
        REQUEST_DEADLINE_MS: String(DEADLINE_MS),
      });
    instances.push(new GatewayProcess(env('a')), new GatewayProcess(env('b')));
    origins = await Promise.all(instances.map((instance) => instance.ready()));
  });
  after(async () => {
    await Promise.all(instances.map((instance) => instance.stop('SIGTERM')));
    await Promise.all([noon?.close(), fruugo?.close()]);
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
    await redis?.kill();
    await mongo?.release();
  });

  /** The download requests Fruugo received. */
  const downloads = () =>
    fruugo.control.requests().filter((request) => request.method === 'POST' && request.path === '/v3/orders').length;

  /** The instance holding `job`'s lease, and the other one. */
  function holderOf(job: string): { holder: GatewayProcess; other: GatewayProcess } {
    const holders = instances.filter((instance) => tookLease(instance, job));
    assert.equal(holders.length, 1, `one instance took the lease of ${job}`);
    return { holder: holders[0]!, other: instances.find((instance) => instance !== holders[0])! };
  }

  test("Fruugo's order download runs on one instance: every download Fruugo received, that one asked for", async () => {
    // The first at start, the next an interval later.
    await eventually('two downloads', async () => (downloads() >= 2 ? true : undefined), INTERVAL_MS + 10_000);
    const { holder, other } = holderOf('fruugo-order-download');
    await eventually('the holder to log each download', async () =>
      downloadsBy(holder) === downloads() ? true : undefined,
    );
    assert.equal(downloadsBy(other), 0, 'the other instance asked Fruugo for nothing');
  });

  test('the webhook retry sweep runs on one instance: a webhook that fails where it arrived is retried by the holder alone', async () => {
    await eventually('the sweep lease taken', async () =>
      instances.some((instance) => tookLease(instance, 'webhook-retry-sweep')) ? true : undefined,
    );
    const { holder, other } = holderOf('webhook-retry-sweep');
    // An order noon does not have: reading it fails every time.
    const event = {
      event_schema_version: 1,
      event_type: 'FBPI::ORDER_SYNC',
      metadata: { published_at: new Date().toISOString(), project_code: 'PRJ100001', message_id: randomUUID() },
      payload: { order_nr: 'NFBO999999999' },
    };
    const response = await fetch(`${origins[instances.indexOf(other)]}/webhooks/noon`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...NOON_WEBHOOK_HEADERS },
      body: JSON.stringify(event),
    });
    assert.equal(response.status, 200);
    // The receipt names the event as the API does; the log names the store's UUID.
    const id = WEBHOOK_EVENT_ID.stored(((await response.json()) as { id: string }).id);
    const attempts = (instance: GatewayProcess) =>
      logOf(instance)
        .filter((line) => line.webhookEvent === id && typeof line.attempt === 'number')
        .map((line) => line.attempt as number);
    await eventually(
      'its last attempt',
      async () => (attempts(holder).includes(ATTEMPTS) ? true : undefined),
      ATTEMPTS * 2000,
    );
    // Where it arrived it was applied at once, and never again: the other instance does not sweep. (The holder's
    // sweep may also find it while the first attempt is under way, as it may any event just received: applying it
    // twice changes nothing twice.)
    assert.ok(
      attempts(other).every((attempt) => attempt === 1),
      `attempts where it arrived: ${attempts(other).join(', ')}`,
    );
    for (let attempt = 2; attempt <= ATTEMPTS; attempt++)
      assert.ok(attempts(holder).includes(attempt), `retry ${attempt}`);
  });

  test("both instances flooding noon with lookups stay within noon's budget together: no 429 from noon", async () => {
    noon.control.resetRequests();
    const lookup = (origin: string, n: number) =>
      postGraphql<{ inboundShipment: { status: string } | null }>(
        `${origin}/graphql`,
        `query ($asn: ID!) { inboundShipment(asnNumber: $asn) { status } }`,
        { asn: `ASN${String(9_000_000_000 + n)}` },
      );
    const answers = await Promise.all(
      origins.map((origin) => Promise.all(Array.from({ length: FLOOD }, (_, n) => lookup(origin, n)))),
    );
    const statuses = noon.control.requests().map((request) => request.status);
    assert.equal(statuses.filter((status) => status === 429).length, 0, 'no 429 from noon');
    // More than one of noon's windows allows: the pace held over several of them, not one.
    assert.ok(statuses.length > NOON_WINDOW.ratePerMinute, `${statuses.length} calls reached noon`);
    for (const [index, answered] of answers.entries()) {
      // Each instance had noon's answers (the ASNs are unknown to it); what its turn came too late for, it refused.
      const codes = answered.map((answer) => answer.errors?.[0]?.extensions?.code);
      assert.ok(codes.includes('ASN_NOT_FOUND'), `instance ${index} reached noon: ${[...new Set(codes)].join(', ')}`);
    }
  });

  test("the download holder killed (SIGKILL), the other takes the download over within the lease's TTL and an interval", async () => {
    const { holder, other } = holderOf('fruugo-order-download');
    await holder.stop('SIGKILL');
    await eventually(
      'a download by the other instance',
      async () => (tookLease(other, 'fruugo-order-download') && downloadsBy(other) > 0 ? true : undefined),
      TTL_MS + INTERVAL_MS + 5000,
    );
  });
});
