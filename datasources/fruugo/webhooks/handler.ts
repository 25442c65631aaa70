import type { FastifyRequest } from 'fastify';
import { applyFruugoCallback } from '../callback-effects.js';
import { CallbackFormatError, readCallbackEnvelope, readOrderList, readResponseList } from '../callbacks.js';
import type { CallbackEnvelope } from '../wire.js';
import type { GatewayEvents } from '../../../src/events/gateway-events.js';
import type { CallbackStore, WebhookEvent } from '../../../src/store/callback-store.js';
import { basicPasswordMatches } from '../../../src/webhooks/basic-auth.js';
import { KeyedTurns } from '../../../src/webhooks/keyed-turns.js';
import {
  MalformedWebhook,
  type WebhookHandler,
  type WebhookIdentity,
} from '../../../src/domain/ports/webhook-handler.js';
import { LoosePayloadError, parseLoosePayload, type LooseValue } from './loose-payload.js';

/** A callback read whole: its envelope and its payload string parsed. */
interface ReadCallback {
  envelope: CallbackEnvelope['value'];
  payload: LooseValue;
}

/**
 * Fruugo's callbacks (seed 004): the answer to every Orders API call, and the orders of a download. Fruugo
 * documents no signature, so the endpoint is registered with Basic credentials (FRUUGO_WEBHOOK_SECRET as the
 * password). A callback is recognised again by its type and correlation id, and only a payload that parses is
 * stored: one that cannot be read is refused 400, so Fruugo sees the failure instead of it being lost later.
 */
export class FruugoWebhookHandler implements WebhookHandler {
  readonly source = 'fruugo' as const;
  /** Fruugo's callbacks are JSON envelopes (docs/fruugo.md, "Callbacks"; the simulator sends nothing else). */
  readonly mediaTypes = ['application/json'];
  /**
   * Fruugo's callbacks are applied one at a time: two downloads that both carry a new order (the periodic one and
   * one asked for) would otherwise both find it unknown and both announce it CREATED. A callback carries a batch of
   * orders, so the turns are the handler's, not an order's.
   */
  private readonly turns = new KeyedTurns();

  constructor(
    private readonly store: CallbackStore,
    private readonly events: GatewayEvents,
    private readonly secret: string,
    /** How deep a payload may nest (FRUUGO_CALLBACK_MAX_NESTING): a deeper one is refused at the door. */
    private readonly maxNesting: number,
  ) {}

  authenticate(request: FastifyRequest): boolean {
    return basicPasswordMatches(request.headers.authorization, this.secret);
  }

  identify(rawBody: string): WebhookIdentity {
    const { envelope } = read(rawBody, this.maxNesting);
    return { type: envelope.type, dedupeKey: `${envelope.type}:${envelope.correlationId}` };
  }

  process(event: WebhookEvent): Promise<void> {
    return this.turns.run('fruugo', () => this.apply(event));
  }

  private async apply(event: WebhookEvent): Promise<void> {
    const { envelope, payload } = read(event.body, this.maxNesting);
    await applyFruugoCallback(
      this.store,
      this.events.orders,
      { type: envelope.type, correlationId: envelope.correlationId, payload },
      { webhookEventId: event.id, at: new Date() },
    );
  }
}

/** Each callback type and the check its payload must pass, so one that would fail to apply is refused at the door. */
const PAYLOAD_CHECKS: Record<string, (payload: unknown) => unknown> = {
  OrderList: readOrderList,
  ConfirmResponseList: readResponseList,
  ShipResponseList: readResponseList,
  CancelResponseList: readResponseList,
};

function read(rawBody: string, maxNesting: number): ReadCallback {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw new MalformedWebhook('the body is not JSON');
  }
  try {
    const { value } = readCallbackEnvelope(body);
    const check = Object.hasOwn(PAYLOAD_CHECKS, value.type) ? PAYLOAD_CHECKS[value.type] : undefined;
    if (check === undefined) throw new MalformedWebhook(`unknown callback type ${value.type}`);
    const payload = parseLoosePayload(value.payload, maxNesting);
    check(payload);
    return { envelope: value, payload };
  } catch (error) {
    if (error instanceof CallbackFormatError || error instanceof LoosePayloadError)
      throw new MalformedWebhook(error.message);
    throw error;
  }
}
