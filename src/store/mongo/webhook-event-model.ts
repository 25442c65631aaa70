import { newRecordId } from '../record-ids.js';
import { Schema } from 'mongoose';
import { WebhookEventStatus, WebhookSource } from '../../domain/webhook-event.js';
import type { WebhookEvent } from '../callback-store.js';
import { textAllowingEmpty } from './text-path.js';

/**
 * A stored webhook event: the port's record, its id as `_id`, and its content key (when it has one) prefixed with its
 * source, `<source>:<content key>`: the index that keeps it unique per sender is over this one field, so that it can
 * be sparse (an index over two fields would hold every event without a key under the same null).
 */
export type WebhookEventDocument = Omit<WebhookEvent, 'id' | 'contentKey'> & { _id: string; contentKey?: string };

/** The document's `contentKey`: unique over every sender. */
export function sourceContentKey(source: string, contentKey: string): string {
  return `${source}:${contentKey}`;
}

export const webhookEventSchema = new Schema<WebhookEventDocument>(
  {
    // A UUID string as in the embedded store: ids read the same from either store, and an id that is not one of
    // ours (an operator's typo) is simply unknown instead of an ObjectId cast error.
    _id: { type: String, default: newRecordId },
    source: { type: String, enum: Object.values(WebhookSource), required: true },
    dedupeKey: { type: String, required: true },
    // Absent, never null, when the event has none: the sparse index leaves such documents out.
    contentKey: { type: String },
    type: { type: String, required: true },
    body: textAllowingEmpty('body'),
    receivedAt: { type: Date, required: true },
    status: { type: String, enum: Object.values(WebhookEventStatus), required: true, default: 'RECEIVED' },
    attempts: { type: Number, required: true, min: 0, default: 0 },
    lastError: { type: String, default: null },
    processedAt: { type: Date, default: null },
    // Absent from documents an earlier version wrote: the sweep takes such a FAILED one as due.
    nextAttemptAt: { type: Date, default: null },
  },
  { collection: 'webhookEvents', versionKey: false },
);
/** A redelivery is recognised by this index refusing its insert. */
webhookEventSchema.index({ source: 1, dedupeKey: 1 }, { unique: true, name: 'redelivery' });
/** The same event under another dedupe key (a Marketplacer body replayed with a new Idempotency-Key). */
webhookEventSchema.index({ contentKey: 1 }, { unique: true, sparse: true, name: 'sameContent' });
/** What was never attempted, oldest first (status RECEIVED, then receivedAt); and status-filtered listing. */
webhookEventSchema.index({ status: 1, receivedAt: 1, _id: 1 }, { name: 'unprocessed' });
/** The failed events whose backoff is over, the earliest due first (status FAILED, then nextAttemptAt). */
webhookEventSchema.index({ status: 1, nextAttemptAt: 1, _id: 1 }, { name: 'due' });
/** Operators' listing, newest first; a status filter walks `unprocessed` backwards. */
webhookEventSchema.index({ receivedAt: -1, _id: -1 }, { name: 'newest' });
webhookEventSchema.index({ source: 1, receivedAt: -1, _id: -1 }, { name: 'newestBySource' });

export function toWebhookEvent(stored: WebhookEventDocument): WebhookEvent {
  return {
    id: stored._id,
    source: stored.source,
    dedupeKey: stored.dedupeKey,
    contentKey: stored.contentKey === undefined ? null : stored.contentKey.slice(stored.source.length + 1),
    type: stored.type,
    body: stored.body,
    receivedAt: stored.receivedAt,
    status: stored.status,
    attempts: stored.attempts,
    lastError: stored.lastError ?? null,
    processedAt: stored.processedAt ?? null,
    nextAttemptAt: stored.nextAttemptAt ?? null,
  };
}
