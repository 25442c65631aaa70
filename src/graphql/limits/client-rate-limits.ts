import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateCounters } from '../../rate-counters.js';

/** What a caller spends each minute: operations, and their cost. */
export type Budget = 'operations' | 'cost';

/** The budgets are per minute, in fixed windows that start at a caller's first spend. */
const WINDOW_SECONDS = 60;

/**
 * Each caller's budgets a minute (README, Limits), counted by the gateway's rate counters: in this process, or with
 * REDIS_URL in Redis, so that every instance spends from one budget per caller. While Redis is away each instance
 * counts on its own (src/rate-counters.ts): callers are still answered and still limited, at worst to the limit times
 * the number of instances.
 */
export class ClientRateLimits {
  /**
   * One counter per budget and ceiling. A caller always meets the same one, its limits being configuration; in Redis
   * they would share its count anyway, the ceiling being checked here.
   */
  private readonly counters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly store: RateCounters) {}

  /**
   * Spends `points` of `caller`'s `budget`, which holds `perMinute`: undefined when there were enough, else how many
   * milliseconds until the budget is renewed (the points are counted either way).
   */
  async spend(budget: Budget, caller: string, points: number, perMinute: number): Promise<number | undefined> {
    try {
      await this.counter(budget, perMinute).consume(caller, points);
      return undefined;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return rejection.msBeforeNext;
      throw rejection;
    }
  }

  private counter(budget: Budget, perMinute: number): RateLimiterAbstract {
    const id = `${budget}:${perMinute}`;
    let counter = this.counters.get(id);
    if (counter === undefined) {
      counter = this.store.counter(`caller-${budget}`, perMinute, WINDOW_SECONDS);
      this.counters.set(id, counter);
    }
    return counter;
  }
}
