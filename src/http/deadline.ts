import type { Marketplace } from '../domain/marketplace.js';
import { UpstreamError } from './upstream-error.js';

/**
 * The time by which one GraphQL operation (REQUEST_DEADLINE_MS from its start) must have what it asked of the
 * marketplaces. Every upstream call it makes is held to it: an attempt ends when the deadline passes if its own
 * timeout has not ended it first, a retry whose wait would end after it is not made, a wait the call cannot cut
 * short (rate limit, a shared login) is given up at it, and a call that would start after it fails at once.
 * Webhooks and jobs, which no client waits for, make their calls without one.
 */
export class Deadline {
  // Set by restart(), which the constructor calls.
  private endsAt!: number;
  /** Made when first asked for: most operations (a cached read, `__typename`) never call a marketplace. */
  private aborts: AbortSignal | undefined;

  /**
   * Starts now; `budgetMs` is what the operation has. `caller` names who the operation runs for (an API key's name,
   * a token's subject, or the address of an anonymous caller): each marketplace's request budget gives turns round
   * callers and caps each one's share by it (src/http/request-budget.ts).
   */
  constructor(
    readonly budgetMs: number,
    readonly caller?: string,
  ) {
    this.restart();
  }

  /** Aborts when the deadline passes: what `fetch` is given, with the attempt's own timeout. */
  get signal(): AbortSignal {
    if (this.aborts === undefined) {
      const remaining = this.remainingMs();
      this.aborts =
        remaining === 0
          ? AbortSignal.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))
          : AbortSignal.timeout(Math.ceil(remaining));
    }
    return this.aborts;
  }

  /** Milliseconds left; 0 once the deadline has passed. */
  remainingMs(): number {
    return Math.max(0, this.endsAt - performance.now());
  }

  /**
   * The whole budget again, from now. A subscription is one operation that lives for hours; each of its events is
   * resolved (an order read from its marketplace) under a deadline of its own, restarted when the event arrives.
   */
  restart(): void {
    this.endsAt = performance.now() + this.budgetMs;
    this.aborts = undefined;
  }

  /** Throws `passed`'s error when no time is left for a call (as AbortSignal's `throwIfAborted`). */
  throwIfPassed(marketplace: Marketplace, operation: string): void {
    if (this.remainingMs() === 0) throw this.passed(marketplace, operation);
  }

  /** The error of a call to `marketplace` for `operation` that the deadline stopped before it was sent. */
  passed(marketplace: Marketplace, operation: string): UpstreamError {
    return new UpstreamError({
      marketplace,
      kind: 'deadline',
      code: 'UPSTREAM_TIMEOUT',
      httpStatus: 504,
      message: `${marketplace} was not asked for ${operation}: the operation's ${this.budgetMs} ms deadline had passed`,
    });
  }
}

/**
 * What `waiting` resolves with, or the deadline's `passed` error when the deadline comes first: for a wait the call
 * cannot cut short itself, such as a rate limiter's queue or a login other calls share. What `waiting` does after
 * that is left to finish on its own. Without a deadline, `waiting` as it is.
 */
export function withinDeadline<T>(
  waiting: Promise<T>,
  deadline: Deadline | undefined,
  marketplace: Marketplace,
  operation: string,
): Promise<T> {
  if (deadline === undefined) return waiting;
  const { signal } = deadline;
  if (signal.aborted) return Promise.reject(deadline.passed(marketplace, operation));
  return new Promise<T>((resolve, reject) => {
    const giveUp = () => reject(deadline.passed(marketplace, operation));
    signal.addEventListener('abort', giveUp, { once: true });
    waiting.then(resolve, reject).finally(() => signal.removeEventListener('abort', giveUp));
  });
}
