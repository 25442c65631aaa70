import type { Attributes } from '@opentelemetry/api';
import type { WebhookEvent } from '../store/callback-store.js';

/** The gateway's own attributes of a webhook's spans: its intake and each attempt at applying it. */
export const WEBHOOK_ATTRIBUTES = {
  source: 'webhook.source',
  type: 'webhook.type',
  /** The stored event's id, which `webhookEvent(id:)` and the log lines name. */
  eventId: 'webhook.event_id',
  /** On the intake: the event had been stored before (a redelivery), and is not applied again. */
  duplicate: 'webhook.duplicate',
  /** On an application: which attempt, from 1. */
  attempt: 'webhook.attempt',
  /** On an application: PROCESSED, FAILED (tried again later) or DEAD; absent when nothing was owed any more. */
  outcome: 'webhook.outcome',
} as const;

/** What identifies a stored event on its spans. */
export function webhookEventAttributes(event: Pick<WebhookEvent, 'id' | 'source' | 'type'>): Attributes {
  return {
    [WEBHOOK_ATTRIBUTES.source]: event.source,
    [WEBHOOK_ATTRIBUTES.type]: event.type,
    [WEBHOOK_ATTRIBUTES.eventId]: event.id,
  };
}
