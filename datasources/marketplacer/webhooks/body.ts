import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MalformedWebhook } from '../../../src/domain/ports/webhook-handler.js';

/** The object types whose webhooks the gateway takes (docs/marketplacer.md, "Webhooks"). */
export const WEBHOOK_TYPES = ['Invoice', 'Shipment', 'RefundRequest', 'Advert', 'Variant', 'Seller'] as const;
export type WebhookObjectType = (typeof WEBHOOK_TYPES)[number];

/** What the gateway reads of a delivery: which event, about which object. */
export interface MarketplacerWebhook {
  /** The event in Marketplacer's words: `create`, `update`, `destroy`, ... */
  eventName: string;
  type: WebhookObjectType;
  /** The object's global id: the gateway reads the object itself back from the Operator API. */
  objectId: string;
  /** The envelope's `id`: Marketplacer's id of this event (a WebhookEvent), the same on every retry; when sent. */
  eventId?: string;
}

/**
 * The envelope Marketplacer's own sample integrations read (the official one is NOT FOUND in the reference):
 * `{id, event_name, payload}`, where `payload` is the result of the GraphQL query registered with the webhook, run
 * for the object. The gateway needs only `node { __typename id }` of it, which is why the docs have operators
 * register exactly that query.
 */
const envelope = z.object({
  id: z.string().min(1).optional(),
  event_name: z.string().min(1),
  payload: z.object({
    data: z.object({
      node: z.object({ __typename: z.string().min(1), id: z.string().min(1) }),
    }),
  }),
});

function isWebhookType(type: string): type is WebhookObjectType {
  return (WEBHOOK_TYPES as readonly string[]).includes(type);
}

/** Reads a delivery's body; throws MalformedWebhook, saying what to fix, for one the gateway cannot use. */
export function readWebhook(rawBody: string): MarketplacerWebhook {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new MalformedWebhook('the body is not JSON');
  }
  const parsed = envelope.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
      .join('; ');
    throw new MalformedWebhook(
      `not a Marketplacer webhook the gateway can read (${problems}); register the webhook with the query ` +
        '`query ($id: ID!) { node(id: $id) { __typename id } }`',
    );
  }
  const { id: eventId, event_name: eventName, payload } = parsed.data;
  const { __typename: type, id: objectId } = payload.data.node;
  if (!isWebhookType(type)) {
    throw new MalformedWebhook(
      `${type} webhooks are not taken here; point only ${WEBHOOK_TYPES.join(', ')} webhooks at this URL`,
    );
  }
  return { eventName, type, objectId, eventId };
}

/**
 * What recognises a delivery by its content, whatever its `Idempotency-Key` (a header, which the signature does not
 * cover, so a captured body can be sent again under a new one): a digest of the envelope as read, its event id, event
 * name and object in a fixed order, so whitespace and key order do not matter. Only an envelope that names its own
 * event has one: without the event id, two updates of one object would read alike, and the second would be lost.
 */
export function contentKey(webhook: MarketplacerWebhook): string | undefined {
  if (webhook.eventId === undefined) return undefined;
  const canonical = JSON.stringify([webhook.eventId, webhook.eventName, webhook.type, webhook.objectId]);
  return `envelope:${createHash('sha256').update(canonical).digest('base64url')}`;
}
