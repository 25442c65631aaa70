import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually } from '../../support/eventually.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { createdAsn } from '../../support/inbound.js';
import { ownRedisAndMongo } from '../support/own-redis-and-mongo.js';

// /readyz (README, "Readiness"): each check by name; the store down is 503, Redis or a marketplace failing only
// degrades readiness.

interface Readiness {
  status: number;
  body: { status: string; checks: Record<string, { ready: boolean; breaker?: string; error?: string }> };
}

async function readiness(gw: TestGateway): Promise<Readiness> {
  const response = await fetch(`${gw.origin}/readyz`);
  return { status: response.status, body: (await response.json()) as Readiness['body'] };
}

const LOOKUP = `query ($asn: ID!) { inboundShipment(asnNumber: $asn) { status } }`;

describe("a marketplace's open circuit breaker degrades readiness, and its closing restores it", () => {
  let gw: TestGateway;
  before(async () => {
    // One failed call opens noon's breaker, and the first call 200 ms later tests noon again.
    gw = await startTestGateway({
      env: { HTTP_MAX_RETRIES: '0', HTTP_BREAKER_THRESHOLD: '1', HTTP_BREAKER_HALF_OPEN_MS: '200' },
    });
  });
  after(() => gw.close());

  test('open: 200, degraded, naming noon and its breaker; closed again by a call that succeeds: ready', async () => {
    const asn = await createdAsn(gw, 'AE', []);
    assert.equal((await readiness(gw)).body.status, 'ready');

    gw.noon.control.injectFault({ path: /^\/inbound\//, status: 500 });
    assert.equal((await gw.graphql(LOOKUP, { asn })).errors?.[0]?.extensions?.code, 'INTERNAL_ERROR');
    const degraded = await readiness(gw);
    assert.equal(degraded.status, 200);
    assert.equal(degraded.body.status, 'degraded');
    const { noon, ...others } = degraded.body.checks;
    assert.equal(noon?.ready, false);
    assert.equal(noon?.breaker, 'open');
    assert.match(noon?.error ?? '', /NOON's circuit breaker is open/);
    assert.deepEqual(Object.keys(others), ['store', 'fruugo', 'increff', 'marketplacer']);
    for (const [name, check] of Object.entries(others)) assert.equal(check.ready, true, name);

    // Its breaker stays open until a call tests noon (the probe makes none: a session is at hand).
    const answered = await eventually('a lookup after the breaker lets one through', async () => {
      const response = await gw.graphql(LOOKUP, { asn });
      return response.errors === undefined ? response : undefined;
    });
    assert.equal(answered.data?.inboundShipment?.status, 'CREATED');
    assert.deepEqual(await readiness(gw), {
      status: 200,
      body: {
        status: 'ready',
        checks: {
          store: { ready: true },
          noon: { ready: true, breaker: 'closed' },
          fruugo: { ready: true, breaker: 'closed' },
          increff: { ready: true, breaker: 'closed' },
          marketplacer: { ready: true, breaker: 'closed' },
        },
      },
    });
  });
});

// REDIS_URL needs MONGODB_URI: a MongoDB-protocol store (FerretDB unless MONGODB_URI is set) and a Redis of this
// test's own, both of which it stops.
const { redis, mongo, skip } = await ownRedisAndMongo();
after(async () => {
  await redis?.kill();
  await mongo?.release();
});

describe('readiness with REDIS_URL and MONGODB_URI', { skip }, () => {
  let gw: TestGateway;
  before(async () => {
    // A server not found within a second fails the call: the webhooks being applied when the store goes would
    // otherwise hold the gateway's close for the driver's 30 s per call.
    const MONGODB_URI = `${mongo!.databaseUri('-readiness')}?serverSelectionTimeoutMS=1000`;
    gw = await startTestGateway({ env: { REDIS_URL: redis!.url, MONGODB_URI } });
  });
  after(() => gw?.close());

  test('ready names the store and Redis; Redis down degrades it, naming redis, until it is back', async () => {
    const ready = await readiness(gw);
    assert.equal(ready.status, 200);
    assert.deepEqual(Object.keys(ready.body.checks), ['store', 'redis', 'noon', 'fruugo', 'increff', 'marketplacer']);
    assert.deepEqual(
      [ready.body.status, ready.body.checks.store, ready.body.checks.redis],
      ['ready', { ready: true }, { ready: true }],
    );

    await redis!.kill();
    try {
      const down = await readiness(gw);
      assert.equal(down.status, 200);
      assert.equal(down.body.status, 'degraded');
      assert.equal(down.body.checks.redis?.ready, false);
      assert.match(down.body.checks.redis?.error ?? '', /^Redis does not answer/);
      assert.equal(down.body.checks.store?.ready, true);
    } finally {
      await redis!.restart();
    }
    // ioredis reconnects within 2 s.
    await eventually(
      'ready again',
      async () => ((await readiness(gw)).body.status === 'ready' ? true : undefined),
      10_000,
    );
  });

  test('the store down is 503 naming store', async () => {
    await mongo!.release();
    const down = await readiness(gw);
    assert.equal(down.status, 503);
    assert.equal(down.body.status, 'not ready');
    assert.equal(down.body.checks.store?.ready, false);
    assert.match(down.body.checks.store?.error ?? '', /\S/);
    assert.equal(down.body.checks.redis?.ready, true);
  });
});
