import { patternId } from './ids.js';

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

/** A stored webhook's id: a UUID the store gives it (src/store). */
export const WEBHOOK_EVENT_ID = patternId(
  'a webhook event id',
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  36,
  'a UUID, as webhookEvents lists it',
);

/** A stored webhook. */
export interface WebhookEvent extends Omit<NewWebhookEvent, 'contentKey'> {
  /** WEBHOOK_EVENT_ID. */
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
