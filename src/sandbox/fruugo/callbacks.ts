import { CORRELATION_HEADER, type CallbackEnvelope, type CallbackType } from '../../../datasources/fruugo/wire.js';
import type { SandboxClock } from '../shared/clock.js';

export interface CallbackOptions {
  /** Stamped on every envelope (`merchantId`). */
  merchantId: number;
  /** Wait before the first attempt: Fruugo answers after the call, never within it. */
  firstDelayMs: number;
  /** Wait before the second attempt; each later wait doubles, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Attempts in all (the first included) before a callback is given up as failed. */
  maxAttempts: number;
  /** Limit of one attempt: a receiver that does not answer in time counts as a failed attempt. */
  timeoutMs: number;
}

export interface DeliveryAttempt {
  /** Sandbox time of the attempt's end. */
  at: Date;
  /** The receiver's HTTP status; null when it could not be reached or did not answer in time. */
  status: number | null;
  error: string | null;
}

/**
 * `waiting`: no webhook URL yet (sent as soon as one is set); `scheduled`: an attempt is due; `delivered`: the
 * receiver answered 2xx; `failed`: every attempt failed.
 */
export type CallbackState = 'waiting' | 'scheduled' | 'delivered' | 'failed';

export interface SentCallback {
  type: CallbackType;
  correlationId: string;
  envelope: CallbackEnvelope;
  state: CallbackState;
  attempts: DeliveryAttempt[];
}

interface Entry {
  callback: SentCallback;
  settle: Array<(callback: SentCallback) => void>;
}

function copy(callback: SentCallback): SentCallback {
  return { ...callback, attempts: callback.attempts.map((attempt) => ({ ...attempt })) };
}

/**
 * A webhook URL registered with credentials (`https://user:secret@host/path`) is called without them in the URL
 * and with them as HTTP Basic, as HTTP clients do with such URLs: the way a retailer protects its endpoint when the
 * sender offers no signature.
 */
function splitCredentials(url: string): { target: string; authorization: string | undefined } {
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return { target: url, authorization: undefined };
  const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = '';
  parsed.password = '';
  return { target: parsed.toString(), authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/**
 * Posts callbacks to the retailer's webhook, the way Fruugo answers every v3 call: later, in the seed's envelope,
 * again after a growing wait while the receiver does not answer 2xx, up to a bounded number of attempts.
 * Waits are real time (the sandbox clock only stamps the attempts), so tests keep them short through the options.
 */
export class CallbackDispatcher {
  private readonly entries: Entry[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly clock: SandboxClock,
    private readonly options: CallbackOptions,
    private url: string | undefined,
  ) {}

  webhookUrl(): string | undefined {
    return this.url;
  }

  /** Where callbacks go from now on; those waiting for a URL leave at once (after the first delay). */
  setWebhookUrl(url: string | undefined): void {
    this.url = url;
    if (url === undefined) return;
    for (const entry of this.entries) {
      if (entry.callback.state === 'waiting') this.schedule(entry, this.options.firstDelayMs);
    }
  }

  send(type: CallbackType, correlationId: string, payload: string): void {
    const envelope: CallbackEnvelope = { value: { type, merchantId: this.options.merchantId, correlationId, payload } };
    const entry: Entry = { callback: { type, correlationId, envelope, state: 'waiting', attempts: [] }, settle: [] };
    this.entries.push(entry);
    if (this.url !== undefined) this.schedule(entry, this.options.firstDelayMs);
  }

  /** Every callback so far, oldest first. */
  list(): SentCallback[] {
    return this.entries.map((entry) => copy(entry.callback));
  }

  /** The latest callback of this correlation id once delivered or given up. */
  settled(correlationId: string): Promise<SentCallback> {
    const entry = this.entries.findLast((candidate) => candidate.callback.correlationId === correlationId);
    if (entry === undefined) return Promise.reject(new Error(`no callback for correlation id ${correlationId}`));
    const { state } = entry.callback;
    if (state === 'delivered' || state === 'failed') return Promise.resolve(copy(entry.callback));
    return new Promise((resolve) => entry.settle.push(resolve));
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
    entry.callback.state = 'scheduled';
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const attempt = this.attempt(entry).finally(() => this.inFlight.delete(attempt));
      this.inFlight.add(attempt);
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(entry: Entry): Promise<void> {
    const { callback } = entry;
    const url = this.url;
    if (url === undefined) {
      callback.state = 'waiting';
      return;
    }
    let status: number | null = null;
    let error: string | null = null;
    try {
      const { target, authorization } = splitCredentials(url);
      const response = await fetch(target, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [CORRELATION_HEADER]: callback.correlationId,
          ...(authorization === undefined ? {} : { authorization }),
        },
        body: JSON.stringify(callback.envelope),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = response.status;
      await response.arrayBuffer();
    } catch (cause) {
      error = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    }
    callback.attempts.push({ at: this.clock.now(), status, error });

    if (status !== null && status >= 200 && status < 300) return this.finish(entry, 'delivered');
    if (callback.attempts.length >= this.options.maxAttempts) return this.finish(entry, 'failed');
    const wait = Math.min(this.options.retryBaseMs * 2 ** (callback.attempts.length - 1), this.options.retryMaxMs);
    this.schedule(entry, wait);
  }

  private finish(entry: Entry, state: 'delivered' | 'failed'): void {
    entry.callback.state = state;
    for (const settle of entry.settle.splice(0)) settle(copy(entry.callback));
  }
}
