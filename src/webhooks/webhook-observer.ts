import type { WebhookSource } from '../store/callback-store.js';

/**
 * Why the intake turned a request away, nothing stored: not the sender (401), a media type the sender does not use
 * (415), not a webhook of the sender (400, or its `malformedStatus`), over the body limit (413), or the store failed
 * (503, so the sender delivers it again).
 */
export type WebhookRefusal = 'unauthenticated' | 'media_type' | 'malformed' | 'too_large' | 'not_stored';

/** What the intake and the processor tell whoever counts webhooks (the gateway's metrics, src/metrics/). */
export interface WebhookObserver {
  /** Stored and acknowledged; `duplicate`: a redelivery of one stored before, answered again and stored nothing. */
  received(source: WebhookSource, duplicate: boolean): void;
  refused(source: WebhookSource, reason: WebhookRefusal): void;
  /** One attempt applied the event (PROCESSED). */
  applied(source: WebhookSource): void;
  /** One attempt failed: tried again later (FAILED), or `dead` after the last attempt allowed (DEAD). */
  failed(source: WebhookSource, dead: boolean): void;
}
