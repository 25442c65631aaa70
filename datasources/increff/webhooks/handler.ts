import { createHash, randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { withPackedShipment, withSellerCancellation, withShippingLabel, withStep } from '../fulfilment-progress.js';
import { atpLevels } from '../mapping.js';
import type { HandoverNotification, PackOrderResponse } from '../wire.js';
import type { GatewayEvents } from '../../../src/events/gateway-events.js';
import type { Logger } from '../../../src/logger.js';
import type { WebhookEvent } from '../../../src/store/callback-store.js';
import type { WebhookEndpoint, WebhookHandler } from '../../../src/domain/ports/webhook-handler.js';
import { ChannelCredentials } from './channel-credentials.js';
import { judgeInventoryUpdate, type JudgedInventoryUpdate } from './inventory-update.js';
import { IncreffOrderProgress } from './order-progress.js';
import { CREDENTIAL_TOKEN_HEADER, INCREFF_WEBHOOK_PATHS } from './paths.js';
import {
  handoverNotification,
  packOrderBody,
  readJson,
  readQuery,
  sellerCancellationBody,
  shippingLabelQuery,
  type HandoverBody,
  type PackOrderBody,
  type SellerCancellationBody,
  type ShippingLabelQueryBody,
} from './schemas.js';
import { shippingLabel } from './shipping-label.js';

export interface IncreffWebhookSettings {
  /** INCREFF_WEBHOOK_TOKEN: what Get Credential's static header must carry; the credentials' signing key derives from it. */
  token: string;
  /** How long a credential handed out by Get Credential is good for. */
  credentialTtlSeconds: number;
  /** Named on every shipping label the gateway answers. */
  transporter: string;
}

/**
 * One touchpoint Increff calls: how its request is read (throwing MalformedWebhook), recognised again, answered and
 * applied. `answer` and `dedupeKey` see only the request, so a repeat is recognised and answered the same.
 */
interface Touchpoint<Request> {
  /** The stored event's type: the touchpoint's name on Increff's pages. */
  type: string;
  method: WebhookEndpoint['method'];
  url: string;
  read(raw: string): Request;
  dedupeKey(request: Request): string;
  answer(request: Request): unknown;
  apply(request: Request, event: WebhookEvent): Promise<void>;
}

/** A short digest of what identifies a call without an id of its own. */
function digest(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/**
 * The endpoints Increff calls on the channel (docs/increff.md, "Webhooks"): Pack Order, Get Shipping Label,
 * Handover Notification, Seller Cancellation and Inventory Update (location-wise ATP), each at its own URL under
 * `/webhooks/increff`, authenticated by the credential Increff fetched from Get Credential. Each call is checked,
 * stored once and answered; its effect on the stored INCREFF order (or the stock it announces) follows.
 */
export class IncreffWebhookHandler implements WebhookHandler {
  readonly source = 'increff' as const;
  /** Increff's calls carry JSON bodies (docs/increff.md, "Webhooks"); Get Shipping Label is a GET with none. */
  readonly mediaTypes = ['application/json'];
  readonly endpoints: WebhookEndpoint[];
  readonly exchanges: FastifyPluginAsync;
  private readonly credentials: ChannelCredentials;
  private readonly progress: IncreffOrderProgress;
  private readonly appliers = new Map<string, (raw: string, event: WebhookEvent) => Promise<void>>();

  constructor(
    private readonly events: GatewayEvents,
    private readonly settings: IncreffWebhookSettings,
    private readonly logger: Logger,
    /** The moment credentials are issued and judged; a test may fix it. */
    now?: () => Date,
  ) {
    this.credentials = new ChannelCredentials(settings.token, settings.credentialTtlSeconds, now);
    this.progress = new IncreffOrderProgress(events, logger);
    this.endpoints = [
      this.endpoint(this.pack()),
      this.endpoint(this.label()),
      this.endpoint(this.handover()),
      this.endpoint(this.sellerCancellation()),
      this.endpoint(this.inventoryUpdate()),
    ];
    this.exchanges = this.getCredential();
  }

  authenticate(request: FastifyRequest): Promise<boolean> {
    return this.credentials.verify(request.headers.authorization);
  }

  async process(event: WebhookEvent): Promise<void> {
    const apply = this.appliers.get(event.type);
    if (apply === undefined) throw new Error(`no Increff touchpoint stores events of type ${event.type}`);
    await apply(event.body, event);
  }

  private endpoint<Request>(touchpoint: Touchpoint<Request>): WebhookEndpoint {
    this.appliers.set(touchpoint.type, (raw, event) => touchpoint.apply(touchpoint.read(raw), event));
    return {
      method: touchpoint.method,
      url: touchpoint.url,
      identify: (raw) => {
        const request = touchpoint.read(raw);
        return { type: touchpoint.type, dedupeKey: touchpoint.dedupeKey(request), answer: touchpoint.answer(request) };
      },
    };
  }

  /** Idempotent on `shipmentId`, as the page asks: a repeat is the same stored event and gets the same answer. */
  private pack(): Touchpoint<PackOrderBody> {
    return {
      type: 'PackOrder',
      method: 'POST',
      url: INCREFF_WEBHOOK_PATHS.pack,
      read: (raw) => readJson(packOrderBody, raw),
      dedupeKey: (pack) => `pack:${pack.shipmentId}`,
      answer: ({ orderCode, locationCode, shipmentId }): PackOrderResponse => ({ orderCode, locationCode, shipmentId }),
      apply: (pack, event) =>
        this.progress.apply(
          event,
          pack.orderCode,
          (order) => withPackedShipment(order, pack.shipmentId, event.receivedAt),
          `PackOrder: shipment ${pack.shipmentId} packed at ${pack.locationCode}`,
        ),
    };
  }

  /** A GET: the query string is what is stored. A reprint of the same shipment's label is the same event. */
  private label(): Touchpoint<ShippingLabelQueryBody> {
    return {
      type: 'GetShippingLabel',
      method: 'GET',
      url: INCREFF_WEBHOOK_PATHS.shippingLabel,
      read: (raw) => readQuery(shippingLabelQuery, raw),
      dedupeKey: (query) => `label:${query.shipmentId}`,
      answer: (query) => shippingLabel(query, this.settings.transporter),
      apply: (query, event) => {
        const { awbNumber, transporter } = shippingLabel(query, this.settings.transporter);
        return this.progress.apply(
          event,
          query.orderCode,
          (order) => withShippingLabel(order, query.shipmentId, { awbNumber, transporter }, event.receivedAt),
          `GetShippingLabel: shipment ${query.shipmentId} labelled ${awbNumber} (${transporter})`,
        );
      },
    };
  }

  /** The same orders handed over at the same location again are the same handover. */
  private handover(): Touchpoint<HandoverBody> {
    return {
      type: 'HandoverNotification',
      method: 'POST',
      url: INCREFF_WEBHOOK_PATHS.handover,
      read: (raw) => readJson(handoverNotification, raw),
      dedupeKey: (handover) => `handover:${handover.locationCode}:${digest([...new Set(handover.orderCodes)].sort())}`,
      answer: ({ locationCode, orderCodes }): Pick<HandoverNotification, 'locationCode' | 'orderCodes'> => ({
        locationCode,
        orderCodes,
      }),
      apply: async (handover, event) => {
        const by = handover.transporter ? ` to ${handover.transporter}` : '';
        for (const orderCode of new Set(handover.orderCodes)) {
          await this.progress.apply(
            event,
            orderCode,
            (order) => withStep(order, 'HANDED_OVER', event.receivedAt),
            `HandoverNotification: handed over at ${handover.locationCode}${by}`,
          );
        }
      },
    };
  }

  /** Absolute quantities: the same quantities again are the same cancellation; larger ones a new one. */
  private sellerCancellation(): Touchpoint<SellerCancellationBody> {
    return {
      type: 'SellerCancellation',
      method: 'PUT',
      url: INCREFF_WEBHOOK_PATHS.sellerCancellation,
      read: (raw) => readJson(sellerCancellationBody, raw),
      dedupeKey: (cancellation) =>
        `seller-cancellation:${cancellation.orderCode}:${digest(
          cancellation.orderItems.map((item) => `${item.orderItemCode}=${item.cancelledQuantity}`).sort(),
        )}`,
      answer: ({ orderCode }) => ({ orderCode }),
      apply: (cancellation, event) =>
        this.progress.apply(
          event,
          cancellation.orderCode,
          (order) => {
            const { order: cancelled, unknownItems } = withSellerCancellation(
              order,
              cancellation.orderItems,
              event.receivedAt,
            );
            if (unknownItems.length > 0) {
              this.logger.warn(
                { webhookEvent: event.id, orderCode: cancellation.orderCode, unknownItems },
                'Increff cancelled items the stored order does not have; left out',
              );
            }
            return cancelled;
          },
          `SellerCancellation: ${cancellation.orderItems.map((item) => `${item.orderItemCode} ${item.cancelledQuantity} cancelled`).join(', ')}`,
        ),
    };
  }

  /**
   * Absolute counts, announced live (stock has no stored history). Never deduplicated: the batch carries no id, and
   * the same counts sent again later (stock back where it was) are news; a redelivery announces the same counts
   * twice, which is harmless.
   */
  private inventoryUpdate(): Touchpoint<JudgedInventoryUpdate> {
    return {
      type: 'InventoryUpdate',
      method: 'PUT',
      url: INCREFF_WEBHOOK_PATHS.inventory,
      read: judgeInventoryUpdate,
      dedupeKey: () => `inventory:${randomUUID()}`,
      answer: (batch) => batch.answer,
      apply: async (batch) => {
        if (batch.accepted.length > 0) this.events.inventoryChanged(atpLevels(batch.locationCode, batch.accepted));
      },
    };
  }

  /**
   * Get Credential: Increff calls it after a 401, with the static `authToken` header, and sends the header pairs it
   * answers on every later call. Nothing is stored: it carries no event.
   */
  private getCredential(): FastifyPluginAsync {
    return async (app) => {
      app.get(INCREFF_WEBHOOK_PATHS.credential, async (request, reply) => {
        const token = request.headers[CREDENTIAL_TOKEN_HEADER.toLowerCase()];
        if (!this.credentials.tokenMatches(typeof token === 'string' ? token : undefined)) {
          request.log.warn({ source: this.source }, 'Get Credential refused: wrong or missing token');
          return reply.code(401).send({
            error: 'UNAUTHENTICATED',
            message: `Get Credential needs the ${CREDENTIAL_TOKEN_HEADER} header Increff is configured with`,
          });
        }
        request.log.info({ source: this.source }, 'Increff fetched a channel credential');
        return reply
          .code(200)
          .header('cache-control', 'no-store')
          .send(await this.credentials.issue());
      });
    };
  }
}
