import { Marketplace } from '../../../src/domain/marketplace.js';
import { orderId, type Order } from '../../../src/domain/order.js';
import { OrderEventOrigin, OrderEventType } from '../../../src/domain/order-event.js';
import type { GatewayEvents } from '../../../src/events/gateway-events.js';
import type { Logger } from '../../../src/logger.js';
import type { WebhookEvent } from '../../../src/store/callback-store.js';
import { KeyedTurns } from '../../../src/webhooks/keyed-turns.js';

/** What one stored Increff event does to one order: the order after it, the same object when nothing changes. */
export type OrderChange = (order: Order) => Order;

/**
 * Applies Increff's calls to the INCREFF orders the gateway keeps, and announces each change as an order event.
 *
 * - The order and its event are one commit (OrderEventLog.change): a gateway stopped before it applies the stored
 *   event again and finds the order as it was; stopped after, it finds the change made and announces nothing.
 * - One order's changes run one at a time in this process, and the commit's compare-and-set orders them across
 *   instances, so a handover applied while its pack is still being applied cannot overwrite it.
 * - An order this gateway did not push is not one of its orders: the call stays stored (for operators) and
 *   changes nothing; a warning says so.
 */
export class IncreffOrderProgress {
  private readonly turns = new KeyedTurns();

  constructor(
    private readonly events: GatewayEvents,
    private readonly logger: Logger,
  ) {}

  /** Applies `change` to the order `orderCode`, `message` saying in Increff's words what happened. */
  apply(event: WebhookEvent, orderCode: string, change: OrderChange, message: string): Promise<void> {
    const id = orderId(Marketplace.INCREFF, orderCode);
    return this.turns.run(id, async () => {
      await this.events.orders.change(id, ({ order }) => {
        if (order === undefined) {
          this.logger.warn(
            { webhookEvent: event.id, type: event.type, orderCode },
            'Increff reported on an order this gateway did not push; kept, not applied',
          );
          return undefined;
        }
        const next = change(order);
        if (next === order) return undefined;
        const type = next.status === order.status ? OrderEventType.UPDATED : OrderEventType.STATUS_CHANGED;
        return {
          order: next,
          event: {
            key: `webhook:${event.id}:${id}`,
            orderId: id,
            marketplace: Marketplace.INCREFF,
            type,
            status: next.status,
            origin: OrderEventOrigin.WEBHOOK,
            webhookEventId: event.id,
            message,
            occurredAt: next.updatedAt,
          },
        };
      });
    });
  }
}
