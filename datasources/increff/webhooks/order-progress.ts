import { Marketplace } from '../../../src/domain/marketplace.js';
import { orderId, type Order } from '../../../src/domain/order.js';
import { OrderEventOrigin, OrderEventType } from '../../../src/domain/order-event.js';
import type { GatewayEvents } from '../../../src/events/gateway-events.js';
import type { Logger } from '../../../src/logger.js';
import type { CallbackStore, WebhookEvent } from '../../../src/store/callback-store.js';
import { KeyedTurns } from '../../../src/webhooks/keyed-turns.js';

/** What one stored Increff event does to one order: the order after it, the same object when nothing changes. */
export type OrderChange = (order: Order) => Order;

/**
 * Applies Increff's calls to the INCREFF orders the gateway keeps, and announces each change as an order event.
 *
 * - Announced, then saved: a gateway stopped between the two applies the event again (it is not settled yet); the
 *   change is worked out again from the unsaved order, its event key (stored event + order + type) finds the
 *   announcement already made, and the save follows. Saved first, the announcement would be lost instead.
 * - One order's changes run one at a time (in this process), so a handover applied while its pack is still being
 *   applied cannot overwrite it.
 * - An order this gateway did not push is not one of its orders: the call stays stored (for operators) and
 *   changes nothing; a warning says so.
 */
export class IncreffOrderProgress {
  private readonly turns = new KeyedTurns();

  constructor(
    private readonly store: CallbackStore,
    private readonly events: GatewayEvents,
    private readonly logger: Logger,
  ) {}

  /** Applies `change` to the order `orderCode`, `message` saying in Increff's words what happened. */
  apply(event: WebhookEvent, orderCode: string, change: OrderChange, message: string): Promise<void> {
    const id = orderId(Marketplace.INCREFF, orderCode);
    return this.turns.run(id, async () => {
      const order = await this.store.findOrder(id);
      if (order === undefined) {
        this.logger.warn(
          { webhookEvent: event.id, type: event.type, orderCode },
          'Increff reported on an order this gateway did not push; kept, not applied',
        );
        return;
      }
      const next = change(order);
      if (next === order) return;
      const type = next.status === order.status ? OrderEventType.UPDATED : OrderEventType.STATUS_CHANGED;
      await this.events.orders.record({
        key: `webhook:${event.id}:${id}:${type}`,
        orderId: id,
        marketplace: Marketplace.INCREFF,
        type,
        status: next.status,
        origin: OrderEventOrigin.WEBHOOK,
        webhookEventId: event.id,
        message,
        occurredAt: next.updatedAt,
      });
      await this.store.saveOrder(next);
    });
  }
}
