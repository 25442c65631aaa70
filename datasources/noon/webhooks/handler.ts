import type { FastifyRequest } from 'fastify';
import { Marketplace } from '../../../src/domain/marketplace.js';
import type { Order } from '../../../src/domain/order.js';
import { OrderEventOrigin, OrderEventType } from '../../../src/domain/order-event.js';
import type { OrderSource } from '../../../src/domain/ports/order-source.js';
import type { GatewayEvents } from '../../../src/events/gateway-events.js';
import type { OrderState, WebhookEvent } from '../../../src/store/callback-store.js';
import type { WebhookHandler, WebhookIdentity } from '../../../src/domain/ports/webhook-handler.js';
import { KeyedTurns } from '../../../src/webhooks/keyed-turns.js';
import { secretMatches } from '../../../src/webhooks/secret.js';
import { dedupeKey, readNoonEvent } from './envelope.js';

/** noon's envelope carries an order number and little else: anything this large is not one of its events. */
const NOON_EVENT_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * noon's Event Notifications (docs/noon-fbpi.md, "Webhooks"). noon signs nothing: the destination carries static
 * credential headers (NOON_WEBHOOK_HEADERS), and every one must match. An `FBPI::ORDER_*` event names only the
 * order, so applying it reads the order from noon (a failed read leaves the event FAILED, to be tried again) and
 * announces it: CREATED when the gateway has announced nothing about the order before, STATUS_CHANGED when its
 * status differs from the last one announced (by a webhook or a mutation), UPDATED otherwise. Events of other types are stored
 * and applied as nothing: this gateway has nothing to do with them, and refusing would only make noon resend.
 */
export class NoonWebhookHandler implements WebhookHandler {
  readonly source = 'noon' as const;
  readonly bodyLimitBytes = NOON_EVENT_BODY_LIMIT_BYTES;
  /** noon posts its events as JSON (docs/noon-fbpi.md, "What the simulator sends"). */
  readonly mediaTypes = ['application/json'];
  /** Two events of one order (created, then acknowledged at once) are applied in turn, never side by side. */
  private readonly turns = new KeyedTurns();

  constructor(
    private readonly events: GatewayEvents,
    /** The FBPI orders of the configured warehouse, read the way GraphQL reads them. */
    private readonly orders: Pick<OrderSource, 'get'>,
    /** Header name (lower case) → value, as registered on noon's destination. */
    private readonly credentialHeaders: Readonly<Record<string, string>>,
  ) {}

  /** Every configured header must be present once with its value; each is compared, whatever the others gave. */
  authenticate(request: FastifyRequest): boolean {
    let authentic = true;
    for (const [name, value] of Object.entries(this.credentialHeaders)) {
      const presented = request.headers[name];
      authentic = secretMatches(typeof presented === 'string' ? presented : undefined, value) && authentic;
    }
    return authentic;
  }

  identify(rawBody: string): WebhookIdentity {
    const event = readNoonEvent(rawBody);
    return { type: event.envelope.event_type, dedupeKey: dedupeKey(event) };
  }

  async process(event: WebhookEvent): Promise<void> {
    const { orderNr } = readNoonEvent(event.body);
    if (orderNr === undefined) return;
    await this.turns.run(orderNr, () => this.announce(event, orderNr));
  }

  private async announce(event: WebhookEvent, orderNr: string): Promise<void> {
    const order = await this.orders.get(orderNr);
    await this.events.orders.change(order.id, (state) => ({
      event: {
        // One announcement per stored event and order: applying it again after a crash announces nothing twice.
        key: `webhook:${event.id}:${order.id}`,
        orderId: order.id,
        marketplace: Marketplace.NOON,
        type: changeType(order, state),
        status: order.status,
        origin: OrderEventOrigin.WEBHOOK,
        webhookEventId: event.id,
        message: event.type,
        occurredAt: new Date(),
      },
    }));
  }
}

/** What noon's event means to subscribers, judged against what they were told so far (webhooks and mutations). */
function changeType(order: Order, state: OrderState): OrderEventType {
  if (state.version === 0 && state.status === undefined) return OrderEventType.CREATED;
  return state.status === order.status ? OrderEventType.UPDATED : OrderEventType.STATUS_CHANGED;
}
