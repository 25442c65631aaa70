import { createHmac } from 'node:crypto';
import { globalId, type WebhookEnvelope } from './wire.js';
import type { SandboxClock } from '../shared/clock.js';
import {
  WebhookSender,
  type DeliveryAttempt as WebhookAttempt,
  type DeliveryTarget,
} from '../shared/webhook-sender.js';

export type { WebhookAttempt };

/** The object types the operator portal offers webhooks for, of those this simulator models. */
export const WEBHOOK_OBJECT_TYPES = ['Advert', 'Variant', 'Invoice', 'Shipment', 'RefundRequest', 'Seller'] as const;
export type WebhookObjectType = (typeof WEBHOOK_OBJECT_TYPES)[number];

/** What happened to the object, in the envelope's `event_name`. */
export type WebhookEventName = WebhookEnvelope['event_name'];

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

/**
 * `scheduled`: an attempt is due or under way; `delivered`: answered 2xx; `failed`: every attempt failed, or the
 * receiver answered a 4xx that disabled the webhook; `disabled`: the webhook was disabled (or removed) before this
 * event got through.
 */
export type DeliveryState = 'scheduled' | 'delivered' | 'failed' | 'disabled';

/** What the simulator remembers of one webhook event. */
interface WebhookEvent {
  /** `Marketplacer-Sequence`: the order in which the events happened. */
  sequence: number;
  idempotencyKey: string;
  type: WebhookObjectType;
  eventName: WebhookEventName;
  /** The object's global id. */
  objectId: string;
}

/** One webhook event and its delivery. */
export interface WebhookDelivery extends WebhookEvent {
  /** The body, exactly as sent (and signed). */
  body: string;
  state: DeliveryState;
  attempts: WebhookAttempt[];
}

export interface WebhookOptions {
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

/** Where an event goes: the webhook registered at the time of the attempt, whose refusal disables it. */
interface WebhookTarget extends DeliveryTarget {
  webhook: Registered;
}

/** A 4xx other than 429: the receiver refuses the webhook itself, not this one delivery. */
function refuses(status: number | null): status is number {
  return status !== null && status >= 400 && status < 500 && status !== 429;
}

/**
 * Marketplacer's webhook delivery, as the reference describes it: each event POSTed as
 * `{id, event_name, payload}` (payload: the registered query's result for the object), signed with the HMAC key,
 * with `Idempotency-Key`, `Marketplacer-Sequence` and `Marketplacer-Vertical`, through the shared WebhookSender: a
 * 2xx delivers; a network error, a timeout, a 5xx or a 429 is tried again after retry_count⁴ seconds (bounded), up
 * to `maxAttempts`; any other 4xx disables the webhook, and nothing more is sent until it is enabled again.
 * Events the webhook does not take wait in the sender, which is never told to resume them: they are `disabled`.
 * Waits are real time (the sandbox clock only stamps attempts), so tests shorten them through the options.
 */
export class Webhooks {
  private webhook: Registered | undefined;
  private sequence = 0;
  private readonly sender: WebhookSender<WebhookEvent, WebhookTarget>;

  constructor(
    clock: SandboxClock,
    private readonly options: WebhookOptions,
    /** Runs a registered query for one object (the simulator's own API, with every scope). */
    private readonly payloadOf: (query: string, objectId: string) => unknown,
  ) {
    const { maxAttempts, retryMinMs, retryMaxMs, timeoutMs } = options;
    this.sender = new WebhookSender<WebhookEvent, WebhookTarget>(
      clock,
      {
        firstDelayMs: 0,
        retryWaitMs: (retries) => Math.min(Math.max(retries ** 4 * 1000, retryMinMs), retryMaxMs),
        maxAttempts,
        timeoutMs,
        maxKept: MAX_DELIVERIES,
      },
      (event, body) => this.target(event, body),
      {
        givesUp: (event, status, { webhook }) => {
          if (!refuses(status)) return false;
          // Unless the operator registered another webhook meanwhile: the refusal was not its own.
          if (webhook === this.webhook)
            this.disable(webhook, `the receiver answered ${status} to event ${event.sequence}`);
          return true;
        },
      },
    );
  }

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
    if (this.webhook === undefined) this.sender.hold();
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
    return this.sender.list().map(({ about, body, state, attempts }) => ({
      ...about,
      body,
      state: state === 'waiting' ? 'disabled' : state,
      attempts,
    }));
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
    const envelope: WebhookEnvelope = {
      id: globalId('WebhookEvent', sequence),
      event_name: eventName,
      payload: this.payloadOf(webhook.query, objectId),
    };
    const body = JSON.stringify(envelope);
    const idempotencyKey = Buffer.from(`${this.options.vertical}:${sequence}`, 'utf8').toString('base64');
    this.sender.send({ sequence, idempotencyKey, type, eventName, objectId }, body);
  }

  /** Stops every pending attempt and abandons those under way. */
  close(): Promise<void> {
    return this.sender.close();
  }

  /** The enabled webhook, with the event's headers; none while it is disabled or removed. */
  private target(event: WebhookEvent, body: string): WebhookTarget | undefined {
    const webhook = this.webhook;
    if (webhook === undefined || !webhook.enabled) return undefined;
    const headers: Record<string, string> = {
      'user-agent': 'Marketplacer Client/1.0.0',
      'idempotency-key': event.idempotencyKey,
      'marketplacer-sequence': String(event.sequence),
      'marketplacer-vertical': this.options.vertical,
    };
    if (webhook.hmacKey !== '') {
      headers['marketplacer-hmac-256'] = createHmac('sha256', webhook.hmacKey).update(body, 'utf8').digest('base64');
    }
    return { url: webhook.url, headers, webhook };
  }

  /** Nothing more is sent until the webhook is enabled again, and events still to be sent never are. */
  private disable(webhook: Registered, reason: string): void {
    webhook.enabled = false;
    webhook.disabledReason = reason;
    this.sender.hold();
  }
}
