import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from './logger.js';

/**
 * Where the gateway's rate limits count: in this process, or in Redis so that every instance counts against the
 * same numbers (a marketplace's budget is the marketplace's, not one instance's). rate-limiter-flexible does the
 * counting either way; this only chooses its store.
 */
export interface RateCounters {
  /**
   * A counter allowing `points` per window of `windowSeconds` (whole seconds, as Redis expires keys) for each key,
   * named so that counters of different limits never share keys.
   */
  counter(name: string, points: number, windowSeconds: number): RateLimiterAbstract;
  /** Closes the Redis connection, if any. */
  close(): Promise<void>;
}

/** Counters of this process alone: one instance, or tests. */
export function processRateCounters(): RateCounters {
  return {
    counter: (name, points, windowSeconds) =>
      new RateLimiterMemory({ keyPrefix: name, points, duration: windowSeconds }),
    close: async () => {},
  };
}

/** The prefix of every key the gateway keeps in Redis for rate limits. */
const KEY_PREFIX = 'mgw:rate:';

/**
 * Counters in Redis at `url`, shared by every instance using it. While Redis is away each counter falls back to
 * one of this process (rate-limiter-flexible's insurance limiter) instead of failing the calls: the limits then
 * hold per instance, so N instances may together take up to N times a shared budget until Redis is back. Resolves
 * once the first connection is made or has failed, so that a gateway with Redis up counts there from its first call.
 */
export async function redisRateCounters(url: string, log: Logger): Promise<RateCounters> {
  const redis = new Redis(url, {
    // A count that cannot reach Redis now goes to the insurance counter now, rather than waiting for a reconnection.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
  });
  // ioredis tries again every 2 s at most while Redis is away, each try an error: one warning per outage is enough.
  let failing = false;
  redis.on('ready', () => {
    if (failing) log.info('Redis is back: rate limits count across instances again');
    failing = false;
  });
  redis.on('error', (error: Error) => {
    if (!failing)
      log.warn({ err: error }, 'Redis unreachable: rate limits count in this instance alone until it is back');
    failing = true;
  });
  await new Promise<void>((resolve) => {
    redis.once('ready', resolve);
    redis.once('error', () => resolve());
  });
  return {
    counter: (name, points, windowSeconds) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: KEY_PREFIX + name,
        points,
        duration: windowSeconds,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration: windowSeconds }),
      }),
    close: async () => {
      redis.disconnect();
    },
  };
}
