import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { MarketplacerClient } from '../client.js';
import { MarketplacerInventorySource } from '../inventory-source.js';
import { MarketplacerOrderSource } from '../order-source.js';
import { Marketplace } from '../../../src/domain/marketplace.js';
import { OrderEventOrigin, OrderEventType } from '../../../src/domain/order-event.js';
import { OrderStatus } from '../../../src/domain/order-status.js';
import type { GatewayEvents } from '../../../src/events/gateway-events.js';
import type { Logger } from '../../../src/logger.js';
import type { WebhookEvent } from '../../../src/store/callback-store.js';
import {
  MalformedWebhook,
  type WebhookHandler,
  type WebhookIdentity,
} from '../../../src/domain/ports/webhook-handler.js';
import { KeyedTurns } from '../../../src/webhooks/keyed-turns.js';
import { contentKey, readWebhook, type MarketplacerWebhook } from './body.js';
import { isSignature, SIGNATURE_HEADER, signatureMatches } from './signature.js';

/** Marketplacer's name for one delivery of one event, the same on every retry of it (reference 4). */
const IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * A delivery names its object and event (about 200 bytes with the registered query): anything this large is not
 * one. Tight, because a body is read before its signature can be checked.
 */
const MARKETPLACER_WEBHOOK_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Marketplacer's operator webhooks (docs/marketplacer.md, "Webhooks"): signed with the webhook's HMAC key
 * (`Marketplacer-HMAC-256`), recognised again by `Idempotency-Key`. The body only names the object; applying an
 * event reads the object back from the Operator API, so a late or retried event announces what is true now.
 *
 * Marketplacer disables a webhook that is answered a 4xx other than 429, so a signed body the gateway cannot read is
 * answered 500: nothing is stored, Marketplacer keeps the delivery (with this answer) in its webhook log and retries
 * it, and every later event still arrives.
 */
export class MarketplacerWebhookHandler implements WebhookHandler {
  readonly source = 'marketplacer' as const;
  readonly malformedStatus = 500;
  readonly bodyLimitBytes = MARKETPLACER_WEBHOOK_BODY_LIMIT_BYTES;
  /** Marketplacer posts JSON (docs/marketplacer.md, "The simulator's webhooks": `Content-Type: application/json`). */
  readonly mediaTypes = ['application/json'];
  /**
   * Order events are applied one at a time (in this process), so each reads the invoice after the one before it
   * and compares with the status that one announced: an order's history never steps back to an older state.
   */
  private readonly orderWork = new KeyedTurns();

  constructor(
    private readonly events: GatewayEvents,
    private readonly client: MarketplacerClient,
    private readonly secret: string,
    private readonly logger: Logger,
  ) {}

  /** Before the body: a delivery without a signature is no one's. The signature itself is checked in verifyBody. */
  authenticate(request: FastifyRequest): boolean {
    return isSignature(request.headers[SIGNATURE_HEADER]);
  }

  verifyBody(request: FastifyRequest, rawBody: string): boolean {
    return signatureMatches(request.headers[SIGNATURE_HEADER], rawBody, this.secret);
  }

  /**
   * Recognised again by `Idempotency-Key` (every retry of a delivery carries the same), and by the event its body
   * names, so a captured body sent again under a new key is the event stored the first time.
   */
  identify(rawBody: string, headers: IncomingHttpHeaders): WebhookIdentity {
    const webhook = readWebhook(rawBody);
    const idempotencyKey = headers[IDEMPOTENCY_HEADER];
    if (typeof idempotencyKey !== 'string' || idempotencyKey.trim() === '') {
      throw new MalformedWebhook('no Idempotency-Key header: every Marketplacer delivery carries one');
    }
    return {
      type: `${webhook.type}.${webhook.eventName}`,
      dedupeKey: idempotencyKey.trim(),
      contentKey: contentKey(webhook),
    };
  }

  async process(event: WebhookEvent): Promise<void> {
    const webhook = readWebhook(event.body);
    const log = this.logger.child({ webhookEvent: event.id, type: event.type });
    switch (webhook.type) {
      case 'Invoice':
      case 'Shipment':
      case 'RefundRequest': {
        // One queue for all: a Shipment's or RefundRequest's invoice is only known once it has been read.
        return this.orderWork.run('orders', () => this.announceOrder(event, webhook, log));
      }
      case 'Advert':
      case 'Variant': {
        const levels = await new MarketplacerInventorySource(this.client, log).levelsOfNode(webhook.objectId);
        if (levels.length === 0) log.info('no stock to announce: the object is gone, or its variants have no SKU');
        else this.events.inventoryChanged(levels);
        return;
      }
      case 'Seller':
        // Stored for the record; a seller's details are part of no order and no stock level.
        log.info('seller webhook stored; it changes no order or stock');
        return;
    }
  }

  /**
   * One order event per state of the invoice: keyed by its revision, so a re-applied event, and the second of the
   * Shipment and Invoice webhooks of one shipment, announce nothing again. An event applied again after the invoice
   * changed announces that change (the invoice as it is now), which the later webhook about it then finds announced.
   */
  private async announceOrder(event: WebhookEvent, webhook: MarketplacerWebhook, log: Logger): Promise<void> {
    const found = await new MarketplacerOrderSource(this.client, log).orderOfNode(webhook.objectId);
    // Marketplacer just named the object: not finding it is worth failing for (the event stays FAILED, and is tried again).
    if (found === undefined) throw new Error(`Marketplacer knows no ${webhook.type} ${webhook.objectId}`);
    const { order, revision } = found;
    const invoiceCreated = webhook.type === 'Invoice' && webhook.eventName === 'create';
    await this.events.orders.change(order.id, (state) => {
      // An invoice starts ACKNOWLEDGED (orders arrive paid), so that is what an order the gateway announced nothing
      // about is compared with.
      const previous = state.status ?? OrderStatus.ACKNOWLEDGED;
      // CREATED only while nothing is announced about the order: an Invoice create applied again after the invoice
      // moved on (a gateway stopped between announcing it and settling the webhook) announces the move, not a second
      // CREATED.
      const created = invoiceCreated && state.version === 0;
      return {
        event: {
          key: `webhook:marketplacer:${order.id}:${revision}`,
          orderId: order.id,
          marketplace: Marketplace.MARKETPLACER,
          type: created
            ? OrderEventType.CREATED
            : order.status !== previous
              ? OrderEventType.STATUS_CHANGED
              : OrderEventType.UPDATED,
          status: order.status,
          origin: OrderEventOrigin.WEBHOOK,
          webhookEventId: event.id,
          message: event.type,
          // Marketplacer's own time of the change.
          occurredAt: order.updatedAt,
        },
      };
    });
  }
}
