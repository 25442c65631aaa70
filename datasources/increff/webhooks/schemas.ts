import { z } from 'zod';
import { MAX_SKUS_PER_INVENTORY_UPDATE } from '../wire.js';
import { MalformedWebhook } from '../../../src/domain/ports/webhook-handler.js';

// What the gateway checks of Increff's calls: the fields it reads, strictly; everything else is let through (and
// stored, since the raw request is), because Increff's pages leave most of these payloads open and a call refused
// over a field the gateway never reads would be a failure for nothing.

const text = z.string().trim().min(1, 'must not be empty');
/** Increff's integer ids arrive as JSON numbers; a GET's as text. Either way a whole number ≥ 0. */
const integerId = z.preprocess(
  (value) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value),
  z
    .number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a whole number') })
    .int('must be a whole number')
    .min(0, 'must not be negative')
    .max(Number.MAX_SAFE_INTEGER, 'is too large'),
);

export const packOrderBody = z.looseObject({
  orderCode: text,
  locationCode: text,
  shipmentId: integerId,
});

export type PackOrderBody = z.output<typeof packOrderBody>;

export const shippingLabelQuery = z.looseObject({
  orderCode: text,
  shipmentId: integerId,
  shipmentCode: text.optional(),
  locationCode: text.optional(),
  arePackBoxLabelsRequired: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
});

export type ShippingLabelQueryBody = z.output<typeof shippingLabelQuery>;

export const handoverNotification = z.looseObject({
  locationCode: text,
  orderCodes: z.array(text).min(1, 'must name at least one order'),
  transporter: z.string().optional(),
});

export type HandoverBody = z.output<typeof handoverNotification>;

export const sellerCancellationBody = z
  .looseObject({
    orderCode: text,
    locationCode: z.string().optional(),
    orderItems: z
      .array(
        z.looseObject({
          channelSkuCode: text,
          cancelledQuantity: z.number().int('must be a whole number').min(0, 'must not be negative'),
          orderItemCode: text,
        }),
      )
      .min(1, 'must hold at least one item'),
  })
  .superRefine((body, context) => {
    const seen = new Set<string>();
    body.orderItems.forEach((item, index) => {
      if (seen.has(item.orderItemCode)) {
        context.addIssue({
          code: 'custom',
          path: ['orderItems', index, 'orderItemCode'],
          message: `repeats ${item.orderItemCode}`,
        });
      }
      seen.add(item.orderItemCode);
    });
  });

export type SellerCancellationBody = z.output<typeof sellerCancellationBody>;

/** The batch as a whole; each row is judged on its own (inventory-update.ts), so one bad row fails alone. */
export const inventoryUpdateBody = z.looseObject({
  locationCode: text,
  inventories: z
    .array(z.unknown())
    .min(1, 'must hold at least one SKU')
    .max(MAX_SKUS_PER_INVENTORY_UPDATE, `must hold at most ${MAX_SKUS_PER_INVENTORY_UPDATE} SKUs`),
});

export const atpRow = z.looseObject({
  channelSkuCode: text,
  quantity: z.number().int('must be a whole number').min(0, 'must not be negative'),
  channelSerialNo: z.string().optional(),
  minExpiry: z.iso.date({ message: 'must be YYYY-MM-DD' }).optional(),
});

/** A missing field reads "is required"; zod's own wording is kept for every other problem. */
function required(issue: { code?: string; input?: unknown }): string | undefined {
  return issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined;
}

/** `field: problem; field: problem`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = z.core.toDotPath(issue.path);
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
}

/** The value checked against `schema`, or the issues (for a row judged on its own). */
export function check<S extends z.ZodType>(schema: S, value: unknown): z.ZodSafeParseResult<z.output<S>> {
  return schema.safeParse(value, { error: required });
}

/** The value checked against `schema`; MalformedWebhook naming every problem otherwise. */
export function checked<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = check(schema, value);
  if (!result.success) throw new MalformedWebhook(describeIssues(result.error));
  return result.data;
}

/** A JSON body checked against `schema`. */
export function readJson<S extends z.ZodType>(schema: S, raw: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new MalformedWebhook('the body is not JSON');
  }
  return checked(schema, value);
}

/** A GET's query string checked against `schema` (a parameter given twice counts once, its last value). */
export function readQuery<S extends z.ZodType>(schema: S, raw: string): z.output<S> {
  return checked(schema, Object.fromEntries(new URLSearchParams(raw)));
}
