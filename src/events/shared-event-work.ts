import { readEachTime, SharedReads, type Reads } from '../../datasources/orders/reads.js';

/**
 * Order events whose reads and results are kept at once, at most: a bound on memory when events come faster than
 * they age out (a burst of webhooks, a subscriber replaying a long history). The oldest go first; a subscriber resolving one of
 * those later reads it again, which is correct, only not shared.
 */
const MOST_EVENTS_KEPT = 1000;

/** An order event, as a subscription's root value: the store's cursor names it on every instance and subscriber. */
export function cursorOf(event: unknown): number | undefined {
  const cursor = typeof event === 'object' && event !== null ? (event as { cursor?: unknown }).cursor : undefined;
  return typeof cursor === 'number' ? cursor : undefined;
}

/**
 * What resolving one order event costs, done once for all its subscribers.
 *
 * - Its reads (`of`): 500 subscribers selecting `order { lines { inventory } }` cost the marketplaces one read of the
 *   order and one stock read per marketplace, as one subscriber does (issue 13: it was one each per subscriber).
 *   Sharing reads is by event only, never by caller: what is shared is a marketplace's answer, and each subscriber's
 *   datasource asks its own marketplace scope before it reads (datasources/orders/reads.ts).
 * - Its results (`result`): subscribers running the same operation with the same sharing key (the document, its
 *   variables and what the caller may see: src/graphql/shared-event-results.ts) get the one result it was executed
 *   to, instead of executing the event once each (issue 14: at 100 subscribers and 500 events a second the
 *   executions, with type-graphql's argument checks, were a tenth of the gateway's CPU).
 *
 * Both are kept for `lifetimeMs` from the first (REQUEST_DEADLINE_MS, as long as resolving one event may take): every
 * subscriber of a live event resolves it within that, so they all see the order as one read found it; a subscriber
 * resolving the event later (a `since` replay) reads it anew, as it stands then. Stock and ASN events resolve nothing
 * upstream and have no cursor to name them by, so each subscriber resolves those alone.
 */
export class SharedEventWork {
  private readonly events = new Map<
    number,
    { reads: SharedReads; results: Map<string, Promise<unknown>>; until: number }
  >();

  constructor(
    /** Measured as deadlines are (src/http/deadline.ts), not on the gateway's Clock, which tests may stop. */
    private readonly lifetimeMs: number,
    /** False only where a benchmark measures the gateway without sharing (bench/subscribers.ts). */
    private readonly enabled = true,
  ) {}

  /** The reads for resolving `event` (a subscription's root value). */
  of(event: unknown): Reads {
    return this.kept(event)?.reads ?? readEachTime;
  }

  /**
   * The result of `event` for the subscribers sharing `key`: the first to ask runs `execute`, the others within the
   * lifetime get what it settles to. An event without a cursor, a subscriber without a key, or a gateway without
   * sharing, executes each time.
   */
  result<Result>(event: unknown, key: string | undefined, execute: () => Promise<Result>): Promise<Result> {
    if (key === undefined) return execute();
    const kept = this.kept(event);
    if (kept === undefined) return execute();
    let result = kept.results.get(key) as Promise<Result> | undefined;
    if (result === undefined) kept.results.set(key, (result = execute()));
    return result;
  }

  private kept(event: unknown) {
    const cursor = cursorOf(event);
    if (!this.enabled || cursor === undefined) return undefined;
    const now = performance.now();
    const kept = this.events.get(cursor);
    if (kept !== undefined && kept.until > now) return kept;
    this.forgetOld(now);
    const fresh = {
      reads: new SharedReads(),
      results: new Map<string, Promise<unknown>>(),
      until: now + this.lifetimeMs,
    };
    // Inserted last, so the map stays in order of creation, which forgetOld relies on.
    this.events.delete(cursor);
    this.events.set(cursor, fresh);
    return fresh;
  }

  /** Drops events past their lifetime, and the oldest beyond MOST_EVENTS_KEPT. */
  private forgetOld(now: number): void {
    for (const [cursor, kept] of this.events) {
      if (kept.until > now && this.events.size < MOST_EVENTS_KEPT) return;
      this.events.delete(cursor);
    }
  }
}
