/** Who sent a webhook; the same words as its route, `/webhooks/<source>`. */
export enum WebhookSource {
  noon = 'noon',
  fruugo = 'fruugo',
  increff = 'increff',
  marketplacer = 'marketplacer',
}

/**
 * Where a received webhook stands: stored and acknowledged (RECEIVED), applied (PROCESSED), or stored but not
 * applied because processing failed (FAILED, with the error; it is tried again).
 */
export enum WebhookEventStatus {
  RECEIVED = 'RECEIVED',
  PROCESSED = 'PROCESSED',
  FAILED = 'FAILED',
}

/** A webhook as it arrived, about to be stored: it is stored before it is acknowledged, and applied afterwards. */
export interface NewWebhookEvent {
  source: `${WebhookSource}`;
  /** What makes a redelivery recognisable (Fruugo: callback type + correlation id; noon: message_id; ...). */
  dedupeKey: string;
  /** The event's kind in the sender's words, e.g. `ConfirmResponseList`. */
  type: string;
  /** The raw body, exactly as received. */
  body: string;
  receivedAt: Date;
}

/** A stored webhook. */
export interface WebhookEvent extends NewWebhookEvent {
  id: string;
  status: `${WebhookEventStatus}`;
  /** Processing attempts so far. */
  attempts: number;
  lastError: string | null;
  processedAt: Date | null;
}
