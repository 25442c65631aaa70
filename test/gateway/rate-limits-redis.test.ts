import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { ownRedisAndMongo } from '../support/own-redis-and-mongo.js';

// Per-client rate limits with REDIS_URL (README, Limits): two gateway instances spend from one budget per caller in
// a Redis of this test's own, which it then kills. REDIS_URL needs MONGODB_URI: the instances share a store too
// (FerretDB unless MONGODB_URI is set).
const { redis, mongo, skip } = await ownRedisAndMongo();
after(async () => {
  await redis?.kill();
  await mongo?.release();
});

/** The HTTP status of one operation of the anonymous caller at 127.0.0.1 on `gw`. */
async function statusOn(gw: TestGateway): Promise<number> {
  return (await gw.graphql(`{ __typename }`)).status;
}

describe(
  'per-client rate limits across two instances sharing a Redis (RATE_LIMIT_REQUESTS_PER_MINUTE=4)',
  { skip },
  () => {
    let first: TestGateway;
    let second: TestGateway;
    before(async () => {
      const env = {
        REDIS_URL: redis!.url,
        MONGODB_URI: mongo!.databaseUri('-rate-limits'),
        RATE_LIMIT_REQUESTS_PER_MINUTE: '4',
      };
      first = await startTestGateway({ env });
      second = await startTestGateway({ env, noon: first.noon });
    });
    after(async () => {
      await second?.close();
      await first?.close();
    });

    test("a caller's operations on both instances are counted against one budget", async () => {
      assert.deepEqual(
        [await statusOn(first), await statusOn(second), await statusOn(first), await statusOn(second)],
        [200, 200, 200, 200],
      );
      // Each instance has answered only 2 of this caller's operations: the budget it exhausted is the shared one.
      assert.equal(await statusOn(first), 429);
      assert.equal(await statusOn(second), 429);
    });

    test('Redis away: each instance counts its callers on its own, and answers them', async () => {
      await redis!.kill();
      // The shared budget is spent (above), but it cannot be read: each instance gives the caller its own 4 a minute,
      // neither refusing everything nor letting everything through.
      for (const gw of [first, second]) {
        assert.deepEqual(
          [await statusOn(gw), await statusOn(gw), await statusOn(gw), await statusOn(gw), await statusOn(gw)],
          [200, 200, 200, 200, 429],
        );
      }
    });
  },
);
