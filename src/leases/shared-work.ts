import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Job } from '../domain/ports/job.js';
import type { Logger } from '../logger.js';
import type { ReadinessCheck } from '../plugins/health.js';
import type { StoreLocation } from '../store/open-store.js';
import { LeasedJob } from './leased-job.js';
import { RedisLease } from './redis-lease.js';

/** How the instances of one deployment share their scheduled work (README, "Several instances"). */
export interface SharedWork {
  /** `job` as this instance runs it: as it is when alone, or while it holds the job's lease. */
  share(job: Job): Job;
  /** What `/readyz` checks of it: Redis, when there is one. */
  checks: Record<string, ReadinessCheck>;
  /** Closes its Redis connection, if any; after the jobs have stopped (and given their leases back). */
  close(): Promise<void>;
}

/** One instance, no Redis: every job runs here. */
export function localWork(): SharedWork {
  return { share: (job) => job, checks: {}, close: async () => {} };
}

/** The prefix of every key the gateway keeps in Redis for leases. */
const KEY_PREFIX = 'mgw:lease:';

export interface RedisWorkOptions {
  /** REDIS_LEASE_TTL_MS. */
  ttlMs: number;
  /** The store the instances share: its identity scopes the leases (see `deploymentOf`). */
  store: StoreLocation;
  logger: Logger;
}

/**
 * Jobs run once across the instances using the Redis at `url`, each on the instance holding its lease (LeasedJob),
 * through one connection of their own. Resolves once the first connection is made or has failed, so that the first
 * claims, at start, find it ready. The connection fails a command at once while Redis is away (no offline queue) and
 * gives up one that Redis does not answer within a third of a TTL, so a claim never outlasts its turn.
 */
export async function redisWork(url: string, options: RedisWorkOptions): Promise<SharedWork> {
  const { ttlMs, logger } = options;
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: Math.max(1, Math.floor(ttlMs / 3)),
  });
  // Each job logs what an outage changes for it; ioredis's reconnection errors, every few seconds, say nothing more.
  redis.on('error', (error: Error) => logger.debug({ err: error }, 'Redis (leases) unreachable'));
  await new Promise<void>((resolve) => {
    redis.once('ready', resolve);
    redis.once('error', () => resolve());
  });
  const deployment = createHash('sha256').update(deploymentOf(options.store)).digest('hex').slice(0, 16);
  return {
    share: (job) =>
      new LeasedJob(job, {
        lease: new RedisLease(redis, `${KEY_PREFIX}${job.name}:${deployment}`, ttlMs),
        ttlMs,
        logger,
      }),
    checks: {
      redis: {
        // Not fatal: without Redis an instance still serves (rate limits count here alone, events of other instances
        // come from the store, every instance runs the jobs), and a Redis down for all would take every one out.
        fatal: false,
        async probe() {
          try {
            await redis.ping();
          } catch (error) {
            throw new Error(`Redis does not answer: ${(error as Error).message}`, { cause: error });
          }
        },
      },
    },
    close: async () => {
      redis.disconnect();
    },
  };
}

/**
 * Which deployment the work belongs to: its store, as the hosts and database of MONGODB_URI (credentials and options
 * left out, which may differ between instances of one deployment). Two deployments sharing a Redis (staging and
 * production, or the tests) each run their own jobs; the instances of one share them.
 */
export function deploymentOf(store: StoreLocation): string {
  if (store.kind === 'embedded') return store.file;
  const match = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]*)\/?([^?]*)/.exec(store.uri);
  return match === null ? store.uri : `${match[1]}/${match[2]}`;
}
