import type { SandboxClock } from './clock.js';

/** What every schedule of attempts has. */
interface AttemptOptions {
  /** Wait before the first attempt: a marketplace sends after the call that caused it, never within it. */
  firstDelayMs: number;
  /** Attempts in all (the first included) before a delivery is given up as failed. */
  maxAttempts: number;
  /** Limit of one attempt: a receiver that does not answer in time counts as a failed attempt. */
  timeoutMs: number;
  /**
   * Deliveries kept for `list`, `settled` and `resume`: beyond it the oldest are forgotten, whatever their state
   * (one scheduled is still attempted; one waiting never leaves). A bound on memory when `npm start` runs for days;
   * default none.
   */
  maxKept?: number;
}

/** The usual schedule: the wait doubles after each failed attempt. */
export interface WebhookSenderOptions extends AttemptOptions {
  /** Wait before the second attempt; each later wait doubles, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
}

/** A marketplace's own schedule (Marketplacer's retry_count⁴ seconds). */
export interface ScheduledSenderOptions extends AttemptOptions {
  /** The wait after the n-th failed attempt (n ≥ 1, a repeat at once counted) before the next one. */
  retryWaitMs(failedAttempts: number): number;
}

/** Where one attempt goes and the headers it carries besides `content-type`, read again before every attempt. */
export interface DeliveryTarget {
  url: string;
  headers: Record<string, string>;
  /** `POST` when omitted. A `GET` sends no body: what it asks travels in `url`. */
  method?: 'POST' | 'PUT' | 'GET';
}

/**
 * What a sender asks of the answers, beyond 2xx (Increff reads its channel's answers and fetches credentials;
 * Marketplacer gives up at a 4xx other than 429, which disables its webhook).
 */
export interface DeliveryRules<About, Target extends DeliveryTarget = DeliveryTarget> {
  /** Throws when a 2xx answer is one the sender cannot use: the attempt then fails with that reason, and is retried. */
  accept?(about: About, answer: string): void;
  /** After a failed attempt: whether to repeat it at once, once (e.g. after fetching a new credential on a 401). */
  againAtOnce?(about: About, status: number | null): Promise<boolean>;
  /**
   * After a failed attempt (and its repeat, if any), with the target it went to: whether the answer ends the
   * delivery at once, as failed, instead of retrying it. Default: never (every failure is retried while attempts
   * remain). It may act on what the answer says of the target, e.g. stop sending to it (`hold`).
   */
  givesUp?(about: About, status: number | null, target: Target): boolean;
}

export interface DeliveryAttempt {
  /** Sandbox time of the attempt's end. */
  at: Date;
  /** The receiver's HTTP status; null when it could not be reached or did not answer in time. */
  status: number | null;
  error: string | null;
}

/**
 * `waiting`: nowhere to send it (sent as soon as `resume` finds a target), or held (`hold`); `scheduled`: an
 * attempt is due or under way; `delivered`: the receiver answered 2xx; `failed`: every attempt failed, or the
 * rules gave it up.
 */
export type DeliveryState = 'waiting' | 'scheduled' | 'delivered' | 'failed';

/** One webhook and what became of it; `about` is what the simulator wants to remember of it. */
export interface Delivery<About> {
  about: About;
  /** The JSON body, the same bytes on every attempt. */
  body: string;
  state: DeliveryState;
  attempts: DeliveryAttempt[];
}

interface Entry<About> {
  delivery: Delivery<About>;
  settle: Array<(delivery: Delivery<About>) => void>;
  /** Held while an attempt was under way: it then waits instead of being retried. */
  held: boolean;
}

function copy<About>(delivery: Delivery<About>): Delivery<About> {
  return { ...delivery, attempts: delivery.attempts.map((attempt) => ({ ...attempt })) };
}

/**
 * Posts webhooks the way marketplaces do (or puts or gets them, as `target` says): after the call that caused them,
 * again after a growing wait while the receiver does not answer 2xx (or answers what `rules` do not accept, or
 * until they give it up), up to a bounded number of attempts (at least once, so a receiver may see one twice).
 * `target` says where each one goes at the time of each attempt, so a receiver registered or changed later is
 * honoured, and undefined holds it until `resume`. Waits are real time (the sandbox clock only stamps the
 * attempts), so tests keep them short through the options.
 */
export class WebhookSender<About, Target extends DeliveryTarget = DeliveryTarget> {
  private readonly entries: Array<Entry<About>> = [];
  private readonly timers = new Map<Entry<About>, NodeJS.Timeout>();
  private readonly underWay = new Map<Entry<About>, Promise<void>>();
  private readonly closing = new AbortController();
  /**
   * The timeouts of the requests under way. AbortSignal.any holds its sources weakly, so a timeout nothing else
   * holds may be collected before it fires, and its request then waits for ever (nodejs/node#57736).
   */
  private readonly timeouts = new Set<AbortSignal>();
  private readonly retryWaitMs: (failedAttempts: number) => number;

  constructor(
    private readonly clock: SandboxClock,
    private readonly options: WebhookSenderOptions | ScheduledSenderOptions,
    /** Where a delivery goes now, given its body (headers may sign it); undefined when nowhere yet. */
    private readonly target: (about: About, body: string) => Target | undefined,
    private readonly rules: DeliveryRules<About, Target> = {},
  ) {
    this.retryWaitMs =
      'retryWaitMs' in options
        ? (failedAttempts) => options.retryWaitMs(failedAttempts)
        : (failedAttempts) => Math.min(options.retryBaseMs * 2 ** (failedAttempts - 1), options.retryMaxMs);
  }

  send(about: About, body: string): void {
    const entry: Entry<About> = { delivery: { about, body, state: 'waiting', attempts: [] }, settle: [], held: false };
    this.entries.push(entry);
    const { maxKept } = this.options;
    if (maxKept !== undefined && this.entries.length > maxKept) this.entries.splice(0, this.entries.length - maxKept);
    if (this.target(about, body) !== undefined) this.schedule(entry, this.options.firstDelayMs);
  }

  /** Sends those waiting that now have a target (after the first delay). */
  resume(): void {
    for (const entry of this.entries) {
      const { about, body, state } = entry.delivery;
      if (state === 'waiting' && this.target(about, body) !== undefined)
        this.schedule(entry, this.options.firstDelayMs);
    }
  }

  /**
   * Every delivery not settled waits (until `resume`): no attempt due is made; one under way still counts its
   * answer (delivered, or failed for good) but is not retried.
   */
  hold(): void {
    for (const [entry, timer] of this.timers) {
      clearTimeout(timer);
      entry.delivery.state = 'waiting';
    }
    this.timers.clear();
    for (const entry of this.underWay.keys()) entry.held = true;
  }

  /** Every delivery so far (the newest `maxKept`), oldest first. */
  list(): Array<Delivery<About>> {
    return this.entries.map((entry) => copy(entry.delivery));
  }

  /** The latest delivery `matching` once delivered or given up; rejects when there is none. */
  settled(matching: (about: About) => boolean, what: string): Promise<Delivery<About>> {
    const entry = this.entries.findLast((candidate) => matching(candidate.delivery.about));
    if (entry === undefined) return Promise.reject(new Error(`no webhook for ${what}`));
    const { state } = entry.delivery;
    if (state === 'delivered' || state === 'failed') return Promise.resolve(copy(entry.delivery));
    return new Promise((resolve) => entry.settle.push(resolve));
  }

  /** Stops every pending attempt and abandons those under way (not recorded). */
  async close(): Promise<void> {
    this.closing.abort();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.underWay.values());
  }

  private schedule(entry: Entry<About>, delayMs: number): void {
    if (this.closing.signal.aborted) return;
    entry.delivery.state = 'scheduled';
    entry.held = false;
    const timer = setTimeout(() => {
      this.timers.delete(entry);
      const attempt = this.attempt(entry).finally(() => this.underWay.delete(entry));
      this.underWay.set(entry, attempt);
    }, delayMs);
    this.timers.set(entry, timer);
  }

  private async attempt(entry: Entry<About>): Promise<void> {
    const { delivery } = entry;
    let target = this.target(delivery.about, delivery.body);
    if (target === undefined) {
      delivery.state = 'waiting';
      return;
    }
    let status = await this.request(delivery, target);
    if (this.closing.signal.aborted) return;
    if (!this.succeeded(delivery) && (await this.rules.againAtOnce?.(delivery.about, status))) {
      const again = this.target(delivery.about, delivery.body);
      if (again !== undefined) {
        target = again;
        status = await this.request(delivery, again);
      }
      if (this.closing.signal.aborted) return;
    }

    if (this.succeeded(delivery)) return this.finish(entry, 'delivered');
    if (this.rules.givesUp?.(delivery.about, status, target) || delivery.attempts.length >= this.options.maxAttempts) {
      return this.finish(entry, 'failed');
    }
    if (entry.held) delivery.state = 'waiting';
    else this.schedule(entry, this.retryWaitMs(delivery.attempts.length));
  }

  /**
   * One HTTP request, recorded as an attempt (unless abandoned by `close`), answering its status; a 2xx answer the
   * rules do not accept is recorded as failed.
   */
  private async request(delivery: Delivery<About>, target: DeliveryTarget): Promise<number | null> {
    const method = target.method ?? 'POST';
    let status: number | null = null;
    let error: string | null = null;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    this.timeouts.add(timeout);
    try {
      const response = await fetch(target.url, {
        method,
        headers: method === 'GET' ? target.headers : { ...target.headers, 'content-type': 'application/json' },
        body: method === 'GET' ? undefined : delivery.body,
        signal: AbortSignal.any([timeout, this.closing.signal]),
      });
      status = response.status;
      const answer = await response.text();
      if (response.ok) this.rules.accept?.(delivery.about, answer);
    } catch (cause) {
      const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
      error = status === null ? reason : `unusable answer: ${reason}`;
    } finally {
      this.timeouts.delete(timeout);
    }
    if (!this.closing.signal.aborted) delivery.attempts.push({ at: this.clock.now(), status, error });
    return status;
  }

  /** Whether the last attempt got a 2xx answer that was accepted. */
  private succeeded(delivery: Delivery<About>): boolean {
    const last = delivery.attempts.at(-1);
    return last !== undefined && last.error === null && last.status !== null && last.status >= 200 && last.status < 300;
  }

  private finish(entry: Entry<About>, state: 'delivered' | 'failed'): void {
    entry.delivery.state = state;
    for (const settle of entry.settle.splice(0)) settle(copy(entry.delivery));
  }
}
