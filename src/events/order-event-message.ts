import type { OrderEvent } from '../store/callback-store.js';

/** An OrderEvent as it travels on the bus: the moment as an ISO string, so it crosses Redis as JSON unchanged. */
export type OrderEventMessage = Omit<OrderEvent, 'occurredAt'> & { occurredAt: string };

export function toOrderEventMessage(event: OrderEvent): OrderEventMessage {
  return { ...event, occurredAt: event.occurredAt.toISOString() };
}

export function fromOrderEventMessage(message: OrderEventMessage): OrderEvent {
  return { ...message, occurredAt: new Date(message.occurredAt) };
}
