import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../../logger.js';

/** What a caller spends each minute: operations, and their cost. */
export type Budget = 'requests' | 'cost';

/** The budgets are per minute, in fixed windows that start at a caller's first spend. */
const WINDOW_SECONDS = 60;

/** Redis keys are `marketplace-gateway:rate:<budget>:<caller>`, beside the event channels' `marketplace-gateway:`. */
const KEY_PREFIX = 'marketplace-gateway:rate';

/**
 * How long a Redis command of the limits may take before the instance counts on its own for that spend: a Redis
 * that hangs must not hold every operation.
 */
const REDIS_COMMAND_TIMEOUT_MS = 1000;

/**
 * Each caller's budgets a minute (README, Limits), through rate-limiter-flexible: in this process, or with REDIS_URL
 * in Redis, so every instance spends from one budget per caller.
 *
 * When Redis cannot be reached, each instance counts its callers on its own (rate-limiter-flexible's insurance
 * limiter, in memory) until Redis is back, and says so once per outage: callers are still answered and still
 * limited, at worst to the limit times the number of instances. We chose this over refusing every operation (a
 * Redis outage would take the gateway down with it) and over no limit at all while Redis is away.
 */
export class ClientRateLimits {
  /**
   * One limiter per budget and ceiling. A caller always meets the same one, its limits being configuration; in Redis
   * they would share its counter anyway, the ceiling being checked here.
   */
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  private constructor(
    private readonly make: (keyPrefix: string, points: number) => RateLimiterAbstract,
    private readonly redis: Redis | undefined,
  ) {}

  /** Counts in this process: one instance. */
  static inProcess(): ClientRateLimits {
    return new ClientRateLimits(
      (keyPrefix, points) => new RateLimiterMemory({ keyPrefix, points, duration: WINDOW_SECONDS }),
      undefined,
    );
  }

  /** Counts in the Redis at `url`, shared by every instance that uses it; in this process while it is away. */
  static throughRedis(url: string, log: Logger): ClientRateLimits {
    const redis = new Redis(url, {
      // A spend while Redis is away goes to the insurance limiter at once instead of waiting for a reconnection.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    });
    // ioredis tries again every 2 s at most while Redis is away, each try an error: one warning per outage is enough.
    let away = false;
    redis.on('error', (error: Error) => {
      if (!away) {
        log.warn(
          { err: error },
          'Redis unreachable for the per-client rate limits: each instance counts its callers on its own until it is back',
        );
      }
      away = true;
    });
    redis.on('ready', () => {
      if (away) log.info('Redis reachable again: per-client rate limits are shared by every instance again');
      away = false;
    });
    return new ClientRateLimits(
      (keyPrefix, points) =>
        new RateLimiterRedis({
          storeClient: redis,
          keyPrefix,
          points,
          duration: WINDOW_SECONDS,
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: WINDOW_SECONDS }),
        }),
      redis,
    );
  }

  /**
   * Spends `points` of `caller`'s `budget`, which holds `perMinute`: undefined when there were enough, else how many
   * milliseconds until the budget is renewed (the points are counted either way).
   */
  async spend(budget: Budget, caller: string, points: number, perMinute: number): Promise<number | undefined> {
    try {
      await this.limiter(budget, perMinute).consume(caller, points);
      return undefined;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return rejection.msBeforeNext;
      throw rejection;
    }
  }

  async close(): Promise<void> {
    // QUIT waits for Redis to answer; a Redis that is gone cannot, so the connection is dropped instead.
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }

  private limiter(budget: Budget, points: number): RateLimiterAbstract {
    const id = `${budget}:${points}`;
    let limiter = this.limiters.get(id);
    if (limiter === undefined) {
      limiter = this.make(`${KEY_PREFIX}:${budget}`, points);
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}
