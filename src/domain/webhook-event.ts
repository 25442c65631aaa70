import { Marketplace } from './marketplace.js';

/**
 * Who sent a webhook. Its name is the sender's `Marketplace` (what the API shows); its value is the words of its
 * route, `/webhooks/<value>`, which is also what the store keeps.
 */
export enum WebhookSource {
  NOON = 'noon',
  FRUUGO = 'fruugo',
  INCREFF = 'increff',
  MARKETPLACER = 'marketplacer',
}

/** The marketplace that sends webhooks as `source`: its access scope is the webhook's. */
export function senderMarketplace(source: `${WebhookSource}`): Marketplace {
  return Marketplace[source.toUpperCase() as keyof typeof Marketplace];
}

/**
 * Where a received webhook stands: stored and acknowledged, not attempted yet (RECEIVED; also after a replay),
 * applied (PROCESSED), stored but not applied because an attempt failed (FAILED, with the error; it is tried again at
 * its `nextAttemptAt`), or given up after the last attempt allowed (DEAD: tried no more until an operator replays it).
 */
export enum WebhookEventStatus {
  RECEIVED = 'RECEIVED',
  PROCESSED = 'PROCESSED',
  FAILED = 'FAILED',
  DEAD = 'DEAD',
}

/** A webhook as it arrived, about to be stored: it is stored before it is acknowledged, and applied afterwards. */
export interface NewWebhookEvent {
  source: `${WebhookSource}`;
  /** What makes a redelivery recognisable (Fruugo: callback type + correlation id; noon: message_id; ...). */
  dedupeKey: string;
  /**
   * A second key, from the content (Marketplacer: a digest of the body): an event with the dedupe key or the content
   * key of one stored before, from the same sender, is that event again. Absent where the sender's key suffices.
   */
  contentKey?: string;
  /** The event's kind in the sender's words, e.g. `ConfirmResponseList`. */
  type: string;
  /** The raw body, exactly as received. */
  body: string;
  receivedAt: Date;
}

/** A stored webhook. */
export interface WebhookEvent extends Omit<NewWebhookEvent, 'contentKey'> {
  /** A UUID the store gives it; the API shows it as `WEBHOOK_EVENT_ID` does (src/domain/stored-ids.ts). */
  id: string;
  /** Its content key; null when it was stored without one. */
  contentKey: string | null;
  status: `${WebhookEventStatus}`;
  /** Processing attempts so far (since it arrived, or since its last replay). */
  attempts: number;
  lastError: string | null;
  processedAt: Date | null;
  /**
   * When it is owed its next attempt: its arrival (or replay) while RECEIVED, the end of its backoff while FAILED;
   * null once PROCESSED or DEAD, as nothing more is owed.
   */
  nextAttemptAt: Date | null;
}
