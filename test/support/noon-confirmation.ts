import type { LiveSubscription } from '../../support/subscriptions.js';

/** Every noon order event from `since` on, with the status each leaves the order in. */
export const NOON_ORDER_EVENTS = `subscription ($since: String) {
  orderEvents(marketplaces: [NOON], since: $since) { orderId type status }
}`;

/**
 * Waits, among what `subscription` (of NOON_ORDER_EVENTS) receives, for the event that says `orderId` is confirmed
 * (ACKNOWLEDGED). Which event says it depends on who is first: the mutation's STATUS_CHANGED; or, when noon's own
 * webhook about the new order is applied after noon confirmed it but before the mutation's change is committed, that
 * webhook's CREATED, already ACKNOWLEDGED, after which the mutation has nothing left to announce. Waiting for
 * STATUS_CHANGED alone hung in that second order, which load makes likelier (seen once in CI).
 */
export async function confirmationOf(subscription: LiveSubscription<any>, orderId: string): Promise<void> {
  for (;;) {
    const { data } = await subscription.next();
    if (data?.orderEvents.orderId === orderId && data.orderEvents.status === 'ACKNOWLEDGED') return;
  }
}
