import { createHmac } from 'node:crypto';
import { globalId } from '../../../datasources/marketplacer/global-id.js';
import type { SandboxClock } from '../shared/clock.js';

/** The object types the operator portal offers webhooks for, of those this simulator models. */
export const WEBHOOK_OBJECT_TYPES = ['Advert', 'Variant', 'Invoice', 'Shipment', 'RefundRequest', 'Seller'] as const;
export type WebhookObjectType = (typeof WEBHOOK_OBJECT_TYPES)[number];

/** What happened to the object, in the envelope's `event_name`. */
export type WebhookEventName = 'create' | 'update';

/** The operator's webhook, as registered in the portal (Configuration → Webhooks). */
export interface WebhookRegistration {
  url: string;
  /** Signs every delivery (`Marketplacer-HMAC-256`); unsigned when absent, as a webhook without a key is. */
  hmacKey?: string;
  /**
   * The object types sent to this URL; default all. (Marketplacer registers one webhook per type; the simulator
   * keeps one URL for several, which is what a receiver sees either way.)
   */
  types?: readonly WebhookObjectType[];
  /** The GraphQL query run for the object (`$id`) to make the payload; default {@link DEFAULT_WEBHOOK_QUERY}. */
  query?: string;
}

/** The registered webhook as the portal shows it. */
export interface WebhookState {
  url: string;
  types: WebhookObjectType[];
  query: string;
  signed: boolean;
  /** False once a receiver answered a 4xx other than 429, until enabled again. */
  enabled: boolean;
  /** Why it was disabled; null while enabled. */
  disabledReason: string | null;
}

export interface WebhookAttempt {
  /** Sandbox time of the attempt's end. */
  at: Date;
  /** The receiver's HTTP status; null when it could not be reached or did not answer in time. */
  status: number | null;
  error: string | null;
}

/**
 * `scheduled`: an attempt is due; `delivered`: answered 2xx; `failed`: every attempt failed, or the receiver
 * answered a 4xx that disabled the webhook; `disabled`: the webhook was disabled before this event got through.
 */
export type DeliveryState = 'scheduled' | 'delivered' | 'failed' | 'disabled';

/** One webhook event and its delivery. */
export interface WebhookDelivery {
  /** `Marketplacer-Sequence`: the order in which the events happened. */
  sequence: number;
  idempotencyKey: string;
  type: WebhookObjectType;
  eventName: WebhookEventName;
  /** The object's global id. */
  objectId: string;
  /** The body, exactly as sent (and signed). */
  body: string;
  state: DeliveryState;
  attempts: WebhookAttempt[];
}

export interface WebhookSenderOptions {
  /** `Marketplacer-Vertical`: the instance's name, also inside every Idempotency-Key. */
  vertical: string;
  /** Attempts per event, the first included (Marketplacer: 25 by default, 1–50). */
  maxAttempts: number;
  /** The wait after the n-th failed attempt is n⁴ seconds, kept within these bounds (Marketplacer: 60 s – 4 days). */
  retryMinMs: number;
  retryMaxMs: number;
  /** Limit of one attempt: a 2xx within it counts (Marketplacer: 30 s). */
  timeoutMs: number;
}

/** The payload a webhook sends when the operator registered no query of its own: the object's type and id. */
export const DEFAULT_WEBHOOK_QUERY = 'query ($id: ID!) { node(id: $id) { __typename id } }';

/** Entries kept for inspection; a bound on memory when `npm start` runs for days. */
const MAX_DELIVERIES = 10_000;

interface Registered extends Required<WebhookRegistration> {
  enabled: boolean;
  disabledReason: string | null;
}

function copy(delivery: WebhookDelivery): WebhookDelivery {
  return { ...delivery, attempts: delivery.attempts.map((attempt) => ({ ...attempt })) };
}

/**
 * Marketplacer's webhook delivery, as the reference describes it: each event POSTed as
 * `{id, event_name, payload}` (payload: the registered query's result for the object), signed with the HMAC key,
 * with `Idempotency-Key`, `Marketplacer-Sequence` and `Marketplacer-Vertical`. A 2xx delivers; a network error, a
 * timeout, a 5xx or a 429 is tried again after retry_count⁴ seconds (bounded), up to `maxAttempts`; any other
 * 4xx disables the webhook, and nothing more is sent until it is enabled again. Waits are real time (the sandbox
 * clock only stamps attempts), so tests shorten them through the options.
 */
export class WebhookSender {
  private webhook: Registered | undefined;
  private sequence = 0;
  private deliveries: WebhookDelivery[] = [];
  private readonly timers = new Map<WebhookDelivery, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly closing = new AbortController();

  constructor(
    private readonly clock: SandboxClock,
    private readonly options: WebhookSenderOptions,
    /** Runs a registered query for one object (the simulator's own API, with every scope). */
    private readonly payloadOf: (query: string, objectId: string) => unknown,
  ) {}

  /**
   * Registers the webhook, enabled, in place of any other: events still to be sent go to it. Undefined removes
   * it, and events still to be sent are dropped.
   */
  register(registration: WebhookRegistration | undefined): void {
    this.webhook = registration && {
      url: new URL(registration.url).toString(),
      hmacKey: registration.hmacKey ?? '',
      types: [...(registration.types ?? WEBHOOK_OBJECT_TYPES)],
      query: registration.query ?? DEFAULT_WEBHOOK_QUERY,
      enabled: true,
      disabledReason: null,
    };
    if (this.webhook === undefined) this.dropPending();
  }

  /** Enables a disabled webhook again (the operator's switch in the portal); events missed meanwhile are not resent. */
  enable(): void {
    if (this.webhook === undefined) throw new Error('no webhook is registered');
    this.webhook.enabled = true;
    this.webhook.disabledReason = null;
  }

  state(): WebhookState | undefined {
    if (this.webhook === undefined) return undefined;
    const { url, types, query, hmacKey, enabled, disabledReason } = this.webhook;
    return { url, types: [...types], query, signed: hmacKey !== '', enabled, disabledReason };
  }

  /** Every event sent (or held by a disabled webhook) so far, oldest first. */
  list(): WebhookDelivery[] {
    return this.deliveries.map(copy);
  }

  /**
   * Something happened to an object: an event for the registered webhook, if it takes this type. The payload is
   * made now, so every attempt sends the same body.
   */
  announce(eventName: WebhookEventName, object: { kind: WebhookObjectType; legacyId: number }): void {
    const webhook = this.webhook;
    const type = object.kind;
    if (webhook === undefined || !webhook.types.includes(type)) return;
    const sequence = ++this.sequence;
    const objectId = globalId(object.kind, object.legacyId);
    const body = JSON.stringify({
      id: globalId('WebhookEvent', sequence),
      event_name: eventName,
      payload: this.payloadOf(webhook.query, objectId),
    });
    const delivery: WebhookDelivery = {
      sequence,
      idempotencyKey: Buffer.from(`${this.options.vertical}:${sequence}`, 'utf8').toString('base64'),
      type,
      eventName,
      objectId,
      body,
      state: webhook.enabled ? 'scheduled' : 'disabled',
      attempts: [],
    };
    this.deliveries.push(delivery);
    if (this.deliveries.length > MAX_DELIVERIES) this.deliveries = this.deliveries.slice(-MAX_DELIVERIES);
    if (webhook.enabled) this.schedule(delivery, 0);
  }

  /** Stops every pending attempt and abandons those under way. */
  async close(): Promise<void> {
    this.closing.abort();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.inFlight);
  }

  private schedule(delivery: WebhookDelivery, delayMs: number): void {
    if (this.closing.signal.aborted) return;
    const timer = setTimeout(() => {
      this.timers.delete(delivery);
      const attempt = this.attempt(delivery).finally(() => this.inFlight.delete(attempt));
      this.inFlight.add(attempt);
    }, delayMs);
    this.timers.set(delivery, timer);
  }

  private async attempt(delivery: WebhookDelivery): Promise<void> {
    const webhook = this.webhook;
    if (webhook === undefined || !webhook.enabled) {
      delivery.state = 'disabled';
      return;
    }
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: this.headers(delivery, webhook),
        body: delivery.body,
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.closing.signal]),
      });
      status = response.status;
      await response.arrayBuffer();
    } catch (cause) {
      error = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    }
    if (this.closing.signal.aborted) return;
    delivery.attempts.push({ at: this.clock.now(), status, error });

    if (status !== null && status >= 200 && status < 300) {
      delivery.state = 'delivered';
    } else if (status !== null && status >= 400 && status < 500 && status !== 429) {
      delivery.state = 'failed';
      // Unless the operator registered another webhook meanwhile: the refusal was not its own.
      if (webhook === this.webhook) this.disable(webhook, `the receiver answered ${status} to event ${delivery.sequence}`);
    } else if (delivery.attempts.length >= this.options.maxAttempts) {
      delivery.state = 'failed';
    } else if (this.webhook?.enabled) {
      this.schedule(delivery, this.retryWaitMs(delivery));
    } else {
      // Disabled (by another event's answer) or removed while this attempt was under way.
      delivery.state = 'disabled';
    }
  }

  /** retry_count⁴ seconds, within the configured bounds. */
  private retryWaitMs(delivery: WebhookDelivery): number {
    const retries = delivery.attempts.length;
    return Math.min(Math.max(retries ** 4 * 1000, this.options.retryMinMs), this.options.retryMaxMs);
  }

  /** A 4xx other than 429 disables the webhook: nothing more is sent until it is enabled again. */
  private disable(webhook: Registered, reason: string): void {
    webhook.enabled = false;
    webhook.disabledReason = reason;
    this.dropPending();
  }

  /** Events waiting for their next attempt are not sent. */
  private dropPending(): void {
    for (const [delivery, timer] of this.timers) {
      clearTimeout(timer);
      delivery.state = 'disabled';
    }
    this.timers.clear();
  }

  private headers(delivery: WebhookDelivery, webhook: Registered): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Marketplacer Client/1.0.0',
      'idempotency-key': delivery.idempotencyKey,
      'marketplacer-sequence': String(delivery.sequence),
      'marketplacer-vertical': this.options.vertical,
    };
    if (webhook.hmacKey !== '') {
      headers['marketplacer-hmac-256'] = createHmac('sha256', webhook.hmacKey).update(delivery.body, 'utf8').digest('base64');
    }
    return headers;
  }
}
