import { createHash } from 'node:crypto';
import { z } from 'zod';
import { FBPI_ORDER_EVENT_PREFIX, type EventEnvelope } from './wire.js';
import { MalformedWebhook } from '../../../src/domain/ports/webhook-handler.js';

const envelopeSchema = z.object({
  event_schema_version: z.literal(1, { message: 'must be 1, the only version this gateway reads' }),
  event_type: z
    .string({ message: 'must be a string' })
    .regex(/^[A-Z0-9_]+::[A-Z0-9_]+$/, { message: 'must be NAMESPACE::EVENT_TYPE, e.g. FBPI::ORDER_SYNC' }),
  metadata: z.object(
    {
      published_at: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 timestamp' }),
      project_code: z.string({ message: 'must be a string' }).min(1, { message: 'must not be empty' }),
      message_id: z.string({ message: 'must be a string' }).min(1, { message: 'must not be empty' }).optional(),
    },
    { message: 'must be an object' },
  ),
  payload: z.record(z.string(), z.unknown(), { message: 'must be an object' }),
});

const orderPayloadSchema = z.object({
  order_nr: z.string({ message: 'must be a string (the FBPI order number)' }).min(1, { message: 'must not be empty' }),
});

/** An event read whole: its envelope, and the order it announces when it is an `FBPI::ORDER_*` event. */
export interface NoonEvent {
  envelope: EventEnvelope<Record<string, unknown>>;
  /** The fbpi_order_nr of an order event; undefined for every other event type. */
  orderNr: string | undefined;
}

function problems(error: z.ZodError, prefix: string[] = []): string {
  return error.issues
    .map((issue) => `${[...prefix, ...issue.path].join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Reads a body as noon's event envelope; throws MalformedWebhook naming every problem, for anything that is not
 * one. Order events must carry their order number; the payload of other event types is not looked into.
 */
export function readNoonEvent(rawBody: string): NoonEvent {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw new MalformedWebhook('the body is not JSON');
  }
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) throw new MalformedWebhook(`not a noon event envelope: ${problems(envelope.error)}`);
  if (!envelope.data.event_type.startsWith(FBPI_ORDER_EVENT_PREFIX))
    return { envelope: envelope.data, orderNr: undefined };
  const payload = orderPayloadSchema.safeParse(envelope.data.payload);
  if (!payload.success) {
    throw new MalformedWebhook(
      `${envelope.data.event_type} without its order: ${problems(payload.error, ['payload'])}`,
    );
  }
  return { envelope: envelope.data, orderNr: payload.data.order_nr };
}

/**
 * What makes a redelivery recognisable: noon's message_id. Without one (the docs call it optional), the event
 * type, publication time and payload together, which a redelivery repeats and another event does not, unless
 * noon published two events of the same type with the same payload at the same instant.
 */
export function dedupeKey({ envelope }: NoonEvent): string {
  const { message_id: messageId, published_at: publishedAt } = envelope.metadata;
  if (messageId !== undefined) return `message:${messageId}`;
  const payload = createHash('sha256').update(JSON.stringify(envelope.payload)).digest('base64url');
  return `published:${envelope.event_type}:${publishedAt}:${payload}`;
}
