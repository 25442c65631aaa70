import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { Marketplace } from '../domain/marketplace.js';
import type { RateCounters } from '../rate-counters.js';
import type { Deadline } from './deadline.js';
import { pacedWindow, type PacedWindow } from './paced-window.js';
import { UpstreamError } from './upstream-error.js';

export interface RequestBudgetOptions {
  marketplace: Marketplace;
  /** Requests the marketplace takes per window (noon: 1,500 a minute); attempts count, retries included. */
  requests: number;
  /** The window, in whole seconds: 60 for a per-minute limit. */
  windowSeconds: number;
  /**
   * Whether the budget is spent at an even pace, in short windows that hold however the marketplace's own window is
   * placed (src/http/paced-window.ts), rather than all at once at the start of each of ours. A marketplace whose
   * window does not start with ours (noon's) needs it, or the burst that opens our next window lands in the end of
   * its current one and is answered 429.
   */
  paced?: boolean;
  /**
   * The largest share of the budget (1–100 %) one caller's operations may take in a window, so that a burst from one
   * key or token leaves room for the others. 100: no cap; turns still go round the callers who wait.
   */
  callerSharePercent: number;
  /** In this process, or in Redis so that every instance counts against one budget. */
  counters: RateCounters;
}

/** Who takes a turn: an operation's caller, or the gateway itself for webhooks and jobs (no deadline, no cap). */
const GATEWAY = '\u0000gateway';

interface Waiter {
  operation: string;
  deadline: Deadline | undefined;
  resolve: () => void;
  reject: (error: UpstreamError) => void;
}

/** Why a turn was not taken now, and when to ask again. */
interface Refusal {
  by: 'caller share' | 'budget';
  waitMs: number;
}

/**
 * A marketplace's request budget, spent by every call to it: noon allows 1,500 requests a minute to a partner,
 * whatever number of gateway instances make them; spent at an even pace where the marketplace's window is its own
 * (`paced`). With Redis counters the count is shared, so N instances together stay under it. A call takes a turn
 * before each attempt:
 * - when the budget has room and nobody waits, at once;
 * - otherwise it waits in line, and the line goes round the callers (one turn each in rotation, not first come first
 *   served), so a caller with a thousand calls waiting delays another's one call by at most one turn;
 * - a call that cannot have a turn before its operation's deadline fails at once with `UPSTREAM_RATE_LIMITED` and
 *   the wait it would have had, instead of holding the client until the deadline and then failing anyway.
 * Fairness is per instance (each keeps its own line); the count is the shared one.
 */
export class RequestBudget {
  private readonly budget: RateLimiterAbstract;
  private readonly callerShare: RateLimiterAbstract | undefined;
  /** Waiting calls by caller, in turn order: the caller served last moves to the end. */
  private readonly line = new Map<string, Waiter[]>();
  private serving = false;
  /** The windows the budget is counted in. */
  private readonly pace: PacedWindow;
  /** What one caller may take of a window. */
  private readonly sharePoints: number;

  constructor(private readonly options: RequestBudgetOptions) {
    const name = `upstream:${options.marketplace}`;
    this.pace = options.paced
      ? pacedWindow(options.requests, options.windowSeconds)
      : { points: options.requests, seconds: options.windowSeconds };
    const { points, seconds } = this.pace;
    this.budget = options.counters.counter(name, points, seconds);
    this.sharePoints = Math.max(1, Math.floor((points * options.callerSharePercent) / 100));
    this.callerShare =
      options.callerSharePercent >= 100
        ? undefined
        : options.counters.counter(`${name}:caller`, this.sharePoints, seconds);
  }

  /** Calls waiting in line for a turn, every caller's together. */
  get waiting(): number {
    let waiting = 0;
    for (const queue of this.line.values()) waiting += queue.length;
    return waiting;
  }

  /**
   * Resolves when the call may be sent; rejects with `UPSTREAM_RATE_LIMITED` when its turn would come after its
   * deadline. `deadline.caller` names whose turn it is; calls without a deadline are the gateway's own.
   */
  async take(operation: string, deadline?: Deadline): Promise<void> {
    const caller = deadline?.caller ?? GATEWAY;
    if (this.line.size === 0) {
      const refusal = await this.turn(caller);
      if (refusal === undefined) return;
      const late = this.tooLate(refusal, operation, deadline);
      if (late !== undefined) throw late;
    }
    return new Promise<void>((resolve, reject) => {
      const signal = deadline?.signal;
      // Out of the line when the deadline passes while waiting, so no turn is spent later on a call nobody awaits.
      const giveUp = () => {
        this.leave(caller, waiter);
        if (deadline !== undefined) reject(deadline.passed(this.options.marketplace, operation));
      };
      const waiter: Waiter = {
        operation,
        deadline,
        resolve: () => {
          signal?.removeEventListener('abort', giveUp);
          resolve();
        },
        reject: (error) => {
          signal?.removeEventListener('abort', giveUp);
          reject(error);
        },
      };
      signal?.addEventListener('abort', giveUp, { once: true });
      const queue = this.line.get(caller);
      if (queue === undefined) this.line.set(caller, [waiter]);
      else queue.push(waiter);
      void this.serve();
    });
  }

  private leave(caller: string, waiter: Waiter): void {
    const queue = this.line.get(caller);
    if (queue === undefined) return;
    const at = queue.indexOf(waiter);
    if (at >= 0) queue.splice(at, 1);
    if (queue.length === 0) this.line.delete(caller);
  }

  /** Gives turns round the callers in line until nobody waits; one loop at a time. */
  private async serve(): Promise<void> {
    if (this.serving) return;
    this.serving = true;
    try {
      while (this.line.size > 0) {
        let soonestMs = Number.POSITIVE_INFINITY;
        let served = false;
        for (const caller of [...this.line.keys()]) {
          const waiter = this.line.get(caller)?.[0];
          if (waiter === undefined) continue;
          const refusal = await this.turn(caller);
          if (refusal === undefined) {
            // By identity: the waiter may have left at its deadline while the turn was taken.
            this.leave(caller, waiter);
            // The caller goes to the back of the line with what it still has waiting.
            const rest = this.line.get(caller);
            if (rest !== undefined) {
              this.line.delete(caller);
              this.line.set(caller, rest);
            }
            waiter.resolve();
            served = true;
            continue;
          }
          soonestMs = Math.min(soonestMs, refusal.waitMs);
          this.dropTooLate(caller, refusal);
          // The budget itself is spent: nobody else can go either until it has room again.
          if (refusal.by === 'budget') break;
        }
        if (!served && this.line.size > 0) await sleep(Number.isFinite(soonestMs) ? soonestMs : 1);
      }
    } finally {
      this.serving = false;
    }
  }

  /** Takes one turn for `caller`, or says why not and for how long. */
  private async turn(caller: string): Promise<Refusal | undefined> {
    const share = caller === GATEWAY ? undefined : this.callerShare;
    if (share !== undefined) {
      const refused = await refusal(share.consume(caller));
      if (refused !== undefined) return { by: 'caller share', waitMs: refused };
    }
    const refused = await refusal(this.budget.consume(this.options.marketplace));
    if (refused === undefined) return undefined;
    // The caller's share was not spent after all.
    if (share !== undefined) await share.reward(caller).catch(() => undefined);
    return { by: 'budget', waitMs: refused };
  }

  /**
   * Fails the waiters of `caller` whose deadline comes before their turn: the wait `refused` gives, and a window more
   * for each window's worth of the caller's calls ahead of it (at best its share of a window each), so a flood's calls
   * that cannot be served in time are refused now rather than one window before their deadline.
   */
  private dropTooLate(caller: string, refused: Refusal): void {
    const perWindow = caller !== GATEWAY && this.callerShare !== undefined ? this.sharePoints : this.pace.points;
    let ahead = 0;
    for (const waiter of [...(this.line.get(caller) ?? [])]) {
      const windowsAhead = Math.floor(ahead / perWindow);
      const wait = { ...refused, waitMs: refused.waitMs + windowsAhead * this.pace.seconds * 1000 };
      const late = this.tooLate(wait, waiter.operation, waiter.deadline);
      if (late === undefined) {
        ahead += 1;
        continue;
      }
      this.leave(caller, waiter);
      waiter.reject(late);
    }
  }

  /** The error of a call whose turn, `refused.waitMs` away, would come after its deadline; else undefined. */
  private tooLate(refused: Refusal, operation: string, deadline: Deadline | undefined): UpstreamError | undefined {
    if (deadline === undefined || refused.waitMs < deadline.remainingMs()) return undefined;
    const { marketplace, requests, windowSeconds } = this.options;
    const budget = `${marketplace}'s budget of ${requests} requests per ${windowSeconds} s${this.options.paced ? ` (${this.pace.points} per ${this.pace.seconds} s, paced)` : ''}`;
    const whose =
      refused.by === 'budget'
        ? `${budget} is spent`
        : `this caller's share (${this.options.callerSharePercent} %) of ${budget} is spent`;
    return new UpstreamError({
      marketplace,
      kind: 'budget',
      code: 'UPSTREAM_RATE_LIMITED',
      httpStatus: 429,
      retryAfterMs: refused.waitMs,
      message: `${marketplace} was not asked for ${operation}: ${whose} for ${Math.ceil(refused.waitMs / 1000)} s more, past the operation's ${deadline.budgetMs} ms deadline`,
    });
  }
}

/** Undefined when the point was consumed, else the milliseconds before the counter has room. */
async function refusal(consuming: Promise<RateLimiterRes>): Promise<number | undefined> {
  try {
    await consuming;
    return undefined;
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(1, error.msBeforeNext);
    throw error;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
