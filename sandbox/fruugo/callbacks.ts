import { CORRELATION_HEADER, type CallbackEnvelope, type CallbackType } from './wire.js';
import type { SandboxClock } from '../shared/clock.js';
import {
  WebhookSender,
  type Delivery,
  type DeliveryTarget,
  type WebhookSenderOptions,
} from '../shared/webhook-sender.js';

export type { DeliveryAttempt, DeliveryState as CallbackState } from '../shared/webhook-sender.js';

export interface CallbackOptions extends WebhookSenderOptions {
  /** Stamped on every envelope (`merchantId`). */
  merchantId: number;
}

/** What the dispatcher remembers of a callback besides its delivery. */
interface CallbackIdentity {
  type: CallbackType;
  correlationId: string;
  envelope: CallbackEnvelope;
}

export type SentCallback = CallbackIdentity & Omit<Delivery<CallbackIdentity>, 'about' | 'body'>;

function sent({ about, state, attempts }: Delivery<CallbackIdentity>): SentCallback {
  return { ...about, state, attempts };
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
 * with the correlation id as a header, retried while the receiver does not answer 2xx (see WebhookSender).
 * Callbacks made before a webhook URL is set wait for one.
 */
export class CallbackDispatcher {
  private readonly sender: WebhookSender<CallbackIdentity>;

  constructor(
    clock: SandboxClock,
    private readonly options: CallbackOptions,
    private url: string | undefined,
  ) {
    this.sender = new WebhookSender(clock, options, (callback) => this.target(callback));
  }

  webhookUrl(): string | undefined {
    return this.url;
  }

  /** Where callbacks go from now on; those waiting for a URL leave at once (after the first delay). */
  setWebhookUrl(url: string | undefined): void {
    this.url = url;
    this.sender.resume();
  }

  send(type: CallbackType, correlationId: string, payload: string): void {
    const envelope: CallbackEnvelope = { value: { type, merchantId: this.options.merchantId, correlationId, payload } };
    this.sender.send({ type, correlationId, envelope }, JSON.stringify(envelope));
  }

  /** Every callback so far, oldest first. */
  list(): SentCallback[] {
    return this.sender.list().map(sent);
  }

  /** The latest callback of this correlation id once delivered or given up. */
  async settled(correlationId: string): Promise<SentCallback> {
    return sent(
      await this.sender.settled(
        (callback) => callback.correlationId === correlationId,
        `correlation id ${correlationId}`,
      ),
    );
  }

  /** Stops every pending attempt and abandons those under way. */
  close(): Promise<void> {
    return this.sender.close();
  }

  private target(callback: CallbackIdentity): DeliveryTarget | undefined {
    if (this.url === undefined) return undefined;
    const { target, authorization } = splitCredentials(this.url);
    return {
      url: target,
      headers: {
        [CORRELATION_HEADER]: callback.correlationId,
        ...(authorization === undefined ? {} : { authorization }),
      },
    };
  }
}
