import type { SandboxClock } from './clock.js';

export interface WebhookSenderOptions {
  /** Wait before the first attempt: a marketplace sends after the call that caused it, never within it. */
  firstDelayMs: number;
  /** Wait before the second attempt; each later wait doubles, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Attempts in all (the first included) before a delivery is given up as failed. */
  maxAttempts: number;
  /** Limit of one attempt: a receiver that does not answer in time counts as a failed attempt. */
  timeoutMs: number;
}

/** Where one attempt goes and the headers it carries besides `content-type`, read again before every attempt. */
export interface DeliveryTarget {
  url: string;
  headers: Record<string, string>;
  /** `POST` when omitted. A `GET` sends no body: what it asks travels in `url`. */
  method?: 'POST' | 'PUT' | 'GET';
}

/** What a sender asks of the answers, beyond 2xx (Increff reads its channel's answers and fetches credentials). */
export interface DeliveryRules<About> {
  /** Throws when a 2xx answer is one the sender cannot use: the attempt then fails with that reason, and is retried. */
  accept?(about: About, answer: string): void;
  /** After a failed attempt: whether to repeat it at once, once (e.g. after fetching a new credential on a 401). */
  againAtOnce?(about: About, status: number | null): Promise<boolean>;
}

export interface DeliveryAttempt {
  /** Sandbox time of the attempt's end. */
  at: Date;
  /** The receiver's HTTP status; null when it could not be reached or did not answer in time. */
  status: number | null;
  error: string | null;
}

/**
 * `waiting`: nowhere to send it yet (sent as soon as `resume` finds a target); `scheduled`: an attempt is due;
 * `delivered`: the receiver answered 2xx; `failed`: every attempt failed.
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
}

function copy<About>(delivery: Delivery<About>): Delivery<About> {
  return { ...delivery, attempts: delivery.attempts.map((attempt) => ({ ...attempt })) };
}

/**
 * Posts webhooks the way marketplaces do (or puts or gets them, as `target` says): after the call that caused them,
 * again after a growing wait while the receiver does not answer 2xx (or answers what `rules` do not accept), up to a
 * bounded number of attempts (at least once, so a receiver may see one
 * twice). `target` says where each one goes at the time of each attempt, so a receiver registered or changed
 * later is honoured, and undefined holds it until `resume`. Waits are real time (the sandbox clock only stamps
 * the attempts), so tests keep them short through the options.
 */
export class WebhookSender<About> {
  private readonly entries: Array<Entry<About>> = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly clock: SandboxClock,
    private readonly options: WebhookSenderOptions,
    private readonly target: (about: About) => DeliveryTarget | undefined,
    private readonly rules: DeliveryRules<About> = {},
  ) {}

  send(about: About, body: string): void {
    const entry: Entry<About> = { delivery: { about, body, state: 'waiting', attempts: [] }, settle: [] };
    this.entries.push(entry);
    if (this.target(about) !== undefined) this.schedule(entry, this.options.firstDelayMs);
  }

  /** Sends those waiting for a target that now have one (after the first delay). */
  resume(): void {
    for (const entry of this.entries) {
      if (entry.delivery.state === 'waiting' && this.target(entry.delivery.about) !== undefined) {
        this.schedule(entry, this.options.firstDelayMs);
      }
    }
  }

  /** Every delivery so far, oldest first. */
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

  /** Stops every pending attempt and waits for those under way. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.inFlight);
  }

  private schedule(entry: Entry<About>, delayMs: number): void {
    if (this.closed) return;
    entry.delivery.state = 'scheduled';
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const attempt = this.attempt(entry).finally(() => this.inFlight.delete(attempt));
      this.inFlight.add(attempt);
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(entry: Entry<About>): Promise<void> {
    const { delivery } = entry;
    const target = this.target(delivery.about);
    if (target === undefined) {
      delivery.state = 'waiting';
      return;
    }
    const status = await this.request(delivery, target);
    if (!this.succeeded(delivery) && (await this.rules.againAtOnce?.(delivery.about, status))) {
      const again = this.target(delivery.about);
      if (again !== undefined) await this.request(delivery, again);
    }

    if (this.succeeded(delivery)) return this.finish(entry, 'delivered');
    if (delivery.attempts.length >= this.options.maxAttempts) return this.finish(entry, 'failed');
    const wait = Math.min(this.options.retryBaseMs * 2 ** (delivery.attempts.length - 1), this.options.retryMaxMs);
    this.schedule(entry, wait);
  }

  /** One HTTP request, recorded as an attempt, answering its status; a 2xx answer the rules do not accept is recorded as failed. */
  private async request(delivery: Delivery<About>, target: DeliveryTarget): Promise<number | null> {
    const method = target.method ?? 'POST';
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(target.url, {
        method,
        headers: method === 'GET' ? target.headers : { ...target.headers, 'content-type': 'application/json' },
        body: method === 'GET' ? undefined : delivery.body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = response.status;
      const answer = await response.text();
      if (response.ok) this.rules.accept?.(delivery.about, answer);
    } catch (cause) {
      const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
      error = status === null ? reason : `unusable answer: ${reason}`;
    }
    delivery.attempts.push({ at: this.clock.now(), status, error });
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
