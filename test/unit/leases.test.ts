import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import type { Job } from '../../src/domain/ports/job.js';
import { RedisLease } from '../../src/leases/redis-lease.js';
import { deploymentOf, redisWork, type SharedWork } from '../../src/leases/shared-work.js';
import type { StoreLocation } from '../../src/store/open-store.js';
import { eventually } from '../../support/eventually.js';
import { TestRedisServer } from '../support/redis-server.js';
import { testLogger } from '../support/silent-logger.js';

// The leases through which instances sharing a store and a Redis run each scheduled job once (README, "Several
// instances"), against a Redis of this test's own, which it kills for the outage.
const redis = await TestRedisServer.start();
if (!redis) console.log('SKIPPED: no redis-server binary (install Redis, or set REDIS_SERVER_BIN)');
const skip = redis === undefined ? 'no redis-server binary' : false;
after(() => redis?.kill());

/**
 * Long enough that a loaded machine answers a claim within a third of it (a claim that takes longer counts as
 * unanswered), short enough that a takeover is a second or two.
 */
const TTL_MS = 2000;
const STORE: StoreLocation = { kind: 'mongodb', uri: 'mongodb://db.example:27017/gateway' };

/** A job that counts its starts and says whether it runs. */
class CountingJob implements Job {
  readonly name = 'test-job';
  starts = 0;
  running = false;
  start(): void {
    this.starts += 1;
    this.running = true;
  }
  stop(): void {
    this.running = false;
  }
}

/** The names of the instances whose job runs now. */
function runningOn(instances: Record<string, CountingJob>): string[] {
  return Object.entries(instances)
    .filter(([, job]) => job.running)
    .map(([name]) => name);
}

describe('a lease in Redis', { skip }, () => {
  let client: Redis;
  before(() => {
    client = new Redis(redis!.url);
  });
  after(() => client.disconnect());

  test('is taken by one holder, renewed by it alone, and lost to another only once it has run out', async () => {
    const key = 'mgw:lease:test:expiry';
    const first = new RedisLease(client, key, 1000);
    const second = new RedisLease(client, key, 1000);
    assert.equal(await first.claim(), true, 'taken');
    assert.equal(await second.claim(), false, 'not taken from its holder');
    assert.equal(await first.claim(), true, 'renewed by its holder');
    assert.ok((await client.pttl(key)) > 0);
    // Not renewed: it runs out in Redis, and the next claim of another holder takes it.
    await eventually('the lease to run out', async () => ((await second.claim()) ? true : undefined));
    assert.equal(await first.claim(), false, 'its former holder has lost it');
    await first.release();
    assert.equal(await second.claim(), true, 'a release by a former holder gives back nothing');
    await second.release();
    assert.equal(await client.exists(key), 0, 'its holder gives it back');
  });
});

describe('jobs shared through leases', { skip }, () => {
  const opened: SharedWork[] = [];
  const stoppers: Array<() => void | Promise<void>> = [];
  after(async () => {
    for (const stop of stoppers) await stop();
    for (const work of opened) await work.close();
  });

  /** One instance's job, shared through a Redis connection of its own, as a gateway does. */
  async function instance(store: StoreLocation = STORE): Promise<{ job: CountingJob; shared: Job }> {
    const work = await redisWork(redis!.url, { ttlMs: TTL_MS, store, logger: testLogger });
    opened.push(work);
    const job = new CountingJob();
    const shared = work.share(job);
    stoppers.push(() => shared.stop());
    shared.start();
    return { job, shared };
  }

  test('run on one instance at a time; the holder keeps its lease; a clean stop hands it over at once', async () => {
    const a = await instance();
    await eventually('the job to start on A', async () => (a.job.running ? true : undefined));
    const b = await instance();
    // Three TTLs: the holder renews its lease many times over, and B never gets it.
    await sleep(3 * TTL_MS);
    assert.deepEqual(runningOn({ a: a.job, b: b.job }), ['a']);
    assert.equal(b.job.starts, 0);
    assert.equal(a.job.starts, 1, 'started once, never stopped and started again');

    await a.shared.stop();
    assert.equal(a.job.running, false);
    // Given back: B takes it at its next claim (a third of a TTL), not once it has run out.
    await eventually('B to take the job over', async () => (b.job.running ? true : undefined), TTL_MS);
    assert.deepEqual(runningOn({ a: a.job, b: b.job }), ['b']);
    await b.shared.stop();
  });

  test('a holder that stops claiming (it died) is taken over once its lease has run out', async () => {
    const a = await instance();
    await eventually('the job to start on A', async () => (a.job.running ? true : undefined));
    const b = await instance();
    // A's connection goes, its job neither stopped nor its lease given back: as a process killed.
    await opened.at(-2)!.close();
    await eventually('B to take the job over', async () => (b.job.running ? true : undefined), 2 * TTL_MS);
    await Promise.all([a.shared.stop(), b.shared.stop()]);
  });

  test('deployments on different stores each run their own job', async () => {
    const a = await instance();
    const b = await instance({ kind: 'mongodb', uri: 'mongodb://db.example:27017/staging' });
    await eventually('the job to run on both', async () => (a.job.running && b.job.running ? true : undefined));
    await Promise.all([a.shared.stop(), b.shared.stop()]);
  });

  test('while Redis is away every instance runs the job; when it is back, one again', async () => {
    const a = await instance();
    const b = await instance();
    const jobs = { a: a.job, b: b.job };
    await eventually('the job to run on one instance', async () => (runningOn(jobs).length === 1 ? true : undefined));
    await redis!.kill();
    try {
      // After a TTL without an answer, the one that did not hold the lease runs it too.
      await eventually(
        'the job to run on both',
        async () => (runningOn(jobs).length === 2 ? true : undefined),
        3 * TTL_MS,
      );
    } finally {
      await redis!.restart();
    }
    // ioredis reconnects within 2 s.
    await eventually(
      'the job to run on one instance again',
      async () => (runningOn(jobs).length === 1 ? true : undefined),
      10_000,
    );
    await Promise.all([a.shared.stop(), b.shared.stop()]);
  });
});

test('leases are scoped by the store: its hosts and database, not its credentials or options', () => {
  const of = (uri: string) => deploymentOf({ kind: 'mongodb', uri });
  assert.equal(of('mongodb://gw:secret@db1:27017,db2:27017/gateway?replicaSet=rs0'), 'db1:27017,db2:27017/gateway');
  assert.equal(of('mongodb://db1:27017,db2:27017/gateway'), of('mongodb://other:pw@db1:27017,db2:27017/gateway?w=1'));
  assert.notEqual(of('mongodb://db1:27017/gateway'), of('mongodb://db1:27017/staging'));
  assert.equal(of('mongodb+srv://gw:pw@cluster0.example.net/gateway'), 'cluster0.example.net/gateway');
});
