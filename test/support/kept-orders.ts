import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Order } from '../../src/domain/order.js';
import { OrderEventOrigin, OrderEventType } from '../../src/domain/order-event.js';
import type { CallbackStore, NewOrderEvent, OrderEvent } from '../../src/store/callback-store.js';

/** An event announcing `order` as it stands, under a key of its own unless one is given. */
export function eventOf(order: Order, changes: Partial<NewOrderEvent> = {}): NewOrderEvent {
  return {
    key: `test:${randomUUID()}`,
    orderId: order.id,
    marketplace: order.marketplace,
    type: OrderEventType.UPDATED,
    status: order.status,
    origin: OrderEventOrigin.WEBHOOK,
    webhookEventId: null,
    message: null,
    occurredAt: order.updatedAt,
    ...changes,
  };
}

/** Keeps `order` in the store the one way the gateway does: as a change committed with its event. */
export async function keepOrder(store: CallbackStore, order: Order): Promise<OrderEvent> {
  const { version } = await store.orderState(order.id);
  const committed = await store.commitOrderChange({ basedOn: version, order, event: eventOf(order) });
  assert.equal(committed.outcome, 'COMMITTED');
  return committed.event;
}

/**
 * Commits `event` on whatever version its order has reached, deciding again when another change got in first, as
 * OrderEventLog.change does: answers the event stored, and whether it was stored before (the same key).
 */
export async function recordChange(
  store: CallbackStore,
  event: NewOrderEvent,
): Promise<{ event: OrderEvent; duplicate: boolean }> {
  for (;;) {
    const committed = await store.commitOrderChange({
      basedOn: (await store.orderState(event.orderId)).version,
      event,
    });
    if (committed.outcome !== 'CONFLICT')
      return { event: committed.event, duplicate: committed.outcome === 'DUPLICATE' };
  }
}
