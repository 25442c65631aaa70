import type { SandboxClock } from '../shared/clock.js';

/** The touchpoints where Increff calls the channel, each at its own "Client's URL". */
export type ChannelTouchpoint = 'pack' | 'shippingLabel' | 'handover' | 'sellerCancellation' | 'inventory';

/**
 * How the tenant is set up to call the channel, as in Increff's UI: each touchpoint's URL, Get Credential's URL,
 * and the static headers sent on Get Credential. The other calls carry the headers Get Credential answered.
 */
export interface IncreffChannel {
  urls: Record<ChannelTouchpoint | 'credential', string>;
  credentialHeaders: Record<string, string>;
}

export interface ChannelCallOptions {
  /** Wait before the first attempt: Increff calls after the step that causes it, never within it. */
  firstDelayMs: number;
  /** Wait before the second attempt; each later wait doubles, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Attempts in all (the first included) before a call is given up as failed. */
  maxAttempts: number;
  /** Limit of one attempt: a channel that does not answer in time counts as a failed attempt. */
  timeoutMs: number;
}

export interface CallAttempt {
  /** Sandbox time of the attempt's end. */
  at: Date;
  /** The channel's HTTP status; null when it could not be reached or did not answer in time. */
  status: number | null;
  /** Why the attempt failed: the transport's error, or an answer the touchpoint cannot use. */
  error: string | null;
}

/**
 * `waiting`: no channel connected yet, or an earlier call about the same order not settled yet (sent as soon as
 * neither holds); `scheduled`: an attempt is due; `delivered`: the channel answered 2xx (with an answer Increff can
 * use); `failed`: every attempt failed.
 */
export type CallState = 'waiting' | 'scheduled' | 'delivered' | 'failed';

export interface ChannelCall {
  touchpoint: ChannelTouchpoint;
  method: 'GET' | 'POST' | 'PUT';
  /** The order it is about, when one. */
  orderCode: string | null;
  /** The JSON body (POST, PUT) or the query parameters (GET); null until a call made when it leaves does. */
  request: unknown;
  state: CallState;
  /** Every HTTP request made for it, a retry after Get Credential included. */
  attempts: CallAttempt[];
  /** The channel's 2xx answer, parsed (null for an empty one); undefined until delivered. */
  answer: unknown;
}

/** What to send: the answer is handed to `accept`, which throws when Increff could not use it (the call is retried). */
export interface NewChannelCall {
  touchpoint: ChannelTouchpoint;
  method: ChannelCall['method'];
  orderCode: string | null;
  /** The request, or how to make it when the call leaves (from what the earlier calls about the order answered). */
  request: Record<string, unknown> | (() => Record<string, unknown>);
  accept?(answer: unknown): void;
}

interface Entry {
  call: ChannelCall;
  make: (() => Record<string, unknown>) | undefined;
  accept: ((answer: unknown) => void) | undefined;
  /** The call about the same order sent just before; this one leaves once that one settled. */
  after: Entry | undefined;
}

function settled(entry: Entry | undefined): boolean {
  return entry === undefined || entry.call.state === 'delivered' || entry.call.state === 'failed';
}

function copy(call: ChannelCall): ChannelCall {
  return { ...call, attempts: call.attempts.map((attempt) => ({ ...attempt })), answer: structuredClone(call.answer) };
}

function reason(cause: unknown): string {
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}

/**
 * Increff's calls to the channel: sent after the step that causes them, one order's calls one after the other (its
 * label only once its pack settled), with the headers Get Credential answered;
 * a 401 makes it call Get Credential and try again at once with the new headers; any other failure (no answer, a
 * status that is not 2xx, an answer it cannot use) is tried again after a growing wait, up to a bounded number of
 * attempts. Waits are real time (the sandbox clock only stamps the attempts), so tests keep them short.
 */
export class ChannelCaller {
  private readonly entries: Entry[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  /** What Get Credential answered last: sent on every call. */
  private headers: Record<string, string> = {};
  /** The Get Credential call under way, shared by every call that met a 401 meanwhile. */
  private refreshing: Promise<boolean> | undefined;
  private readonly fetches: CallAttempt[] = [];
  private closed = false;

  constructor(
    private readonly clock: SandboxClock,
    private readonly options: ChannelCallOptions,
    private channel: IncreffChannel | undefined,
  ) {}

  connected(): boolean {
    return this.channel !== undefined;
  }

  /** Where calls go from now on; those waiting for a channel leave at once (after the first delay). */
  connect(channel: IncreffChannel | undefined): void {
    this.channel = channel;
    if (channel === undefined) return;
    for (const entry of this.entries) {
      if (entry.call.state === 'waiting' && settled(entry.after)) this.schedule(entry, this.options.firstDelayMs);
    }
  }

  /** Replaces the headers Get Credential answered (a test's stale or revoked credential). */
  setHeaders(headers: Record<string, string>): void {
    this.headers = { ...headers };
  }

  send(call: NewChannelCall): void {
    const earlier = call.orderCode === null ? undefined : this.entries.findLast((entry) => entry.call.orderCode === call.orderCode);
    const entry: Entry = {
      call: {
        touchpoint: call.touchpoint,
        method: call.method,
        orderCode: call.orderCode,
        request: typeof call.request === 'function' ? null : call.request,
        state: 'waiting',
        attempts: [],
        answer: undefined,
      },
      make: typeof call.request === 'function' ? call.request : undefined,
      accept: call.accept,
      after: settled(earlier) ? undefined : earlier,
    };
    this.entries.push(entry);
    if (this.channel !== undefined && entry.after === undefined) this.schedule(entry, this.options.firstDelayMs);
  }

  /** Every call so far, oldest first. */
  list(): ChannelCall[] {
    return this.entries.map((entry) => copy(entry.call));
  }

  /** Every Get Credential call so far, oldest first. */
  credentialFetches(): CallAttempt[] {
    return this.fetches.map((attempt) => ({ ...attempt }));
  }

  /** Stops every pending attempt and waits for those under way. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.inFlight);
  }

  private schedule(entry: Entry, delayMs: number): void {
    if (this.closed) return;
    entry.call.state = 'scheduled';
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const attempt = this.attempt(entry).finally(() => this.inFlight.delete(attempt));
      this.inFlight.add(attempt);
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(entry: Entry): Promise<void> {
    const { call } = entry;
    const channel = this.channel;
    if (channel === undefined) {
      call.state = 'waiting';
      return;
    }
    if (entry.make !== undefined) {
      call.request = entry.make();
      entry.make = undefined;
    }
    let outcome = await this.request(call, channel);
    if (outcome.status === 401 && (await this.refreshCredential(channel))) outcome = await this.request(call, channel);
    if (outcome.status !== null && outcome.status >= 200 && outcome.status < 300) {
      try {
        const answer: unknown = outcome.text === '' ? null : JSON.parse(outcome.text);
        entry.accept?.(answer);
        call.answer = answer;
        return this.finish(entry, 'delivered');
      } catch (cause) {
        call.attempts.at(-1)!.error = `unusable answer: ${reason(cause)}`;
      }
    }
    if (call.attempts.length >= this.options.maxAttempts) return this.finish(entry, 'failed');
    this.schedule(entry, Math.min(this.options.retryBaseMs * 2 ** (call.attempts.length - 1), this.options.retryMaxMs));
  }

  /** Settles the call, and lets the next call about the same order leave. */
  private finish(entry: Entry, state: 'delivered' | 'failed'): void {
    entry.call.state = state;
    const next = this.entries.find((candidate) => candidate.after === entry);
    if (next !== undefined && this.channel !== undefined) this.schedule(next, this.options.firstDelayMs);
  }

  /** One HTTP request for the call, recorded as an attempt. */
  private async request(call: ChannelCall, channel: IncreffChannel): Promise<{ status: number | null; text: string }> {
    let status: number | null = null;
    let error: string | null = null;
    let text = '';
    try {
      const url = new URL(channel.urls[call.touchpoint]);
      const init: RequestInit = { method: call.method, headers: { ...this.headers }, signal: AbortSignal.timeout(this.options.timeoutMs) };
      if (call.method === 'GET') {
        for (const [name, value] of Object.entries(call.request as Record<string, unknown>)) url.searchParams.set(name, String(value));
      } else {
        init.headers = { ...this.headers, 'content-type': 'application/json' };
        init.body = JSON.stringify(call.request);
      }
      const response = await fetch(url, init);
      status = response.status;
      text = await response.text();
    } catch (cause) {
      error = reason(cause);
    }
    call.attempts.push({ at: this.clock.now(), status, error });
    return { status, text };
  }

  private refreshCredential(channel: IncreffChannel): Promise<boolean> {
    this.refreshing ??= this.fetchCredential(channel).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Get Credential: `GET` with the static headers; a JSON map of strings becomes the headers of every later call. */
  private async fetchCredential(channel: IncreffChannel): Promise<boolean> {
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(channel.urls.credential, {
        method: 'GET',
        headers: channel.credentialHeaders,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = response.status;
      const text = await response.text();
      if (response.ok) {
        const pairs: unknown = JSON.parse(text);
        if (typeof pairs !== 'object' || pairs === null || Array.isArray(pairs) || !Object.values(pairs).every((value) => typeof value === 'string')) {
          throw new Error('Get Credential must answer a JSON object of header names and string values');
        }
        this.headers = pairs as Record<string, string>;
      }
    } catch (cause) {
      error = reason(cause);
    }
    this.fetches.push({ at: this.clock.now(), status, error });
    return status !== null && status >= 200 && status < 300 && error === null;
  }
}
