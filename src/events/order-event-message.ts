import type { OrderEvent } from '../store/callback-store.js';
import type { Publication } from './publication.js';

/** An OrderEvent as it travels on the bus: the moment as an ISO string, so it crosses Redis as JSON unchanged. */
export type OrderEventMessage = Omit<OrderEvent, 'occurredAt'> & { occurredAt: string };

export function toOrderEventMessage(event: OrderEvent): OrderEventMessage {
  return { ...event, occurredAt: event.occurredAt.toISOString() };
}

/** The event a message carries, without what travels beside it (its publication's `traceparent`). */
export function fromOrderEventMessage({
  traceparent: _publication,
  ...message
}: OrderEventMessage & Publication): OrderEvent {
  return { ...message, occurredAt: new Date(message.occurredAt) };
}
