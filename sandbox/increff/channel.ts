import type { SandboxClock } from '../shared/clock.js';
import {
  WebhookSender,
  type DeliveryAttempt,
  type DeliveryState,
  type DeliveryTarget,
  type WebhookSenderOptions,
} from '../shared/webhook-sender.js';

export type { DeliveryAttempt as CallAttempt } from '../shared/webhook-sender.js';

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

export type ChannelCallOptions = WebhookSenderOptions;

/**
 * `waiting`: no channel connected yet, or an earlier call about the same order not settled yet; `scheduled`: an
 * attempt is due; `delivered`: the channel answered 2xx, with an answer Increff can use; `failed`: every attempt
 * failed.
 */
export type CallState = DeliveryState;

export interface ChannelCall {
  touchpoint: ChannelTouchpoint;
  method: 'GET' | 'POST' | 'PUT';
  /** The order it is about, when one. */
  orderCode: string | null;
  /** The JSON body (POST, PUT) or the query parameters (GET); null until a call made when it leaves does. */
  request: Record<string, unknown> | null;
  state: CallState;
  /** Every HTTP request made for it, a repeat after Get Credential included. */
  attempts: DeliveryAttempt[];
  /** The channel's accepted answer, parsed (null for an empty one); undefined until delivered. */
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

/** One call as the sender carries it; `request` and `answer` are filled in as it goes. */
interface Call {
  id: number;
  touchpoint: ChannelTouchpoint;
  method: ChannelCall['method'];
  orderCode: string | null;
  request: Record<string, unknown> | null;
  answer: unknown;
  accept: ((answer: unknown) => void) | undefined;
}

/**
 * Increff's calls to the channel, through the shared WebhookSender (retries after a growing wait while the channel
 * does not answer 2xx): sent after the step that causes them, one order's calls one after the other (its label only
 * once its pack settled), with the headers Get Credential answered. A 401 makes it call Get Credential with the
 * static headers and repeat the call at once with the new headers; an answer the touchpoint cannot use (a label
 * without an AWB) counts as a failed attempt.
 */
export class ChannelCaller {
  private readonly sender: WebhookSender<Call>;
  private readonly calls: Call[] = [];
  /** Per order: when its last call settles (the next one leaves then). */
  private readonly lastOfOrder = new Map<string, Promise<void>>();
  /** What Get Credential answered last: sent on every call. */
  private headers: Record<string, string> = {};
  /** The Get Credential call under way, shared by every call that met a 401 meanwhile. */
  private refreshing: Promise<boolean> | undefined;
  private readonly fetches: DeliveryAttempt[] = [];
  private nextId = 1;

  constructor(
    private readonly clock: SandboxClock,
    private readonly options: ChannelCallOptions,
    private channel: IncreffChannel | undefined,
  ) {
    this.sender = new WebhookSender<Call>(clock, options, (call) => this.target(call), {
      accept: (call, text) => {
        const answer: unknown = text === '' ? null : JSON.parse(text);
        call.accept?.(answer);
        call.answer = answer;
      },
      againAtOnce: async (_call, status) =>
        status === 401 && this.channel !== undefined && (await this.refreshCredential(this.channel)),
    });
  }

  connected(): boolean {
    return this.channel !== undefined;
  }

  /** Where calls go from now on; those waiting for a channel leave at once (after the first delay). */
  connect(channel: IncreffChannel | undefined): void {
    this.channel = channel;
    this.sender.resume();
  }

  /** Replaces the headers Get Credential answered (a test's stale or revoked credential). */
  setHeaders(headers: Record<string, string>): void {
    this.headers = { ...headers };
  }

  send(newCall: NewChannelCall): void {
    const { request, accept, ...about } = newCall;
    const call: Call = { id: this.nextId++, ...about, request: null, answer: undefined, accept };
    this.calls.push(call);
    const leave = async () => {
      call.request = typeof request === 'function' ? request() : request;
      this.sender.send(call, call.method === 'GET' ? '' : JSON.stringify(call.request));
      await this.sender.settled((each) => each === call, `${call.touchpoint} call ${call.id}`);
    };
    if (call.orderCode === null) return void leave();
    const settled = (this.lastOfOrder.get(call.orderCode) ?? Promise.resolve()).then(leave);
    this.lastOfOrder.set(call.orderCode, settled);
  }

  /** Every call so far, oldest first. */
  list(): ChannelCall[] {
    const deliveries = new Map(this.sender.list().map((delivery) => [delivery.about.id, delivery]));
    return this.calls.map((call) => {
      const delivery = deliveries.get(call.id);
      return {
        touchpoint: call.touchpoint,
        method: call.method,
        orderCode: call.orderCode,
        request: structuredClone(call.request),
        state: delivery?.state ?? 'waiting',
        attempts: delivery?.attempts ?? [],
        answer: delivery?.state === 'delivered' ? structuredClone(call.answer) : undefined,
      };
    });
  }

  /** Every Get Credential call so far, oldest first. */
  credentialFetches(): DeliveryAttempt[] {
    return this.fetches.map((attempt) => ({ ...attempt }));
  }

  /** Stops every pending attempt and abandons those under way. */
  close(): Promise<void> {
    return this.sender.close();
  }

  private target(call: Call): DeliveryTarget | undefined {
    if (this.channel === undefined) return undefined;
    const url = new URL(this.channel.urls[call.touchpoint]);
    if (call.method === 'GET') {
      for (const [name, value] of Object.entries(call.request ?? {})) url.searchParams.set(name, String(value));
    }
    return { url: url.toString(), headers: { ...this.headers }, method: call.method };
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
        if (
          typeof pairs !== 'object' ||
          pairs === null ||
          Array.isArray(pairs) ||
          !Object.values(pairs).every((value) => typeof value === 'string')
        ) {
          throw new Error('Get Credential must answer a JSON object of header names and string values');
        }
        this.headers = pairs as Record<string, string>;
      }
    } catch (cause) {
      error = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    }
    this.fetches.push({ at: this.clock.now(), status, error });
    return status !== null && status >= 200 && status < 300 && error === null;
  }
}
