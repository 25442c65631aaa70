import { z } from 'zod';
import { MAX_NOON_LOGISTICS_AWBS, SANDBOX_ORDER_ITEM_STATUSES, UPDATE_ORDER_ITEM_STATUSES } from './wire.js';
import { MAX_SANDBOX_ORDER_ITEMS } from './fbpi-orders.js';

// Request shapes of the FBPI routes; a mismatch is noon's 422 VALIDATION_ERROR (see validation.ts).

const text = z.string().min(1, 'must not be empty');
/** FBPI, pricing and AWB calls write countries lower case (ae, sa, eg). */
export const lowerCountryCode = z
  .string()
  .regex(/^[a-z]{2}$/, 'must be a lower-case ISO 3166-1 alpha-2 code (ae, sa, eg)');
/** ISO-8601 UTC (`Z`), with or without fractions of a second. */
const instant = z.iso.datetime({ message: 'must be an ISO-8601 UTC timestamp, e.g. 2026-03-09T14:30:00Z' });

/** The same value twice in one list would make the outcome depend on which one noon read last. */
function unique<T>(values: readonly T[], key: (value: T) => string): boolean {
  return new Set(values.map(key)).size === values.length;
}

const awbs = z
  .array(z.object({ courier: text, awb_nr: text }))
  .min(1, 'must hold at least one AWB')
  .refine((list) => unique(list, (awb) => `${awb.courier}\u0000${awb.awb_nr}`), 'must not repeat an AWB');

const shipmentReference = {
  warehouse_code: text,
  integration_shipment_nr: text.max(64, 'must be at most 64 characters'),
};

export const listOrdersQuery = z.object({ next_token: z.string().optional() });

export const listOrdersBody = z
  .object({ warehouse_code: text, created_after: instant.optional(), created_before: instant.optional() })
  .refine(
    (body) =>
      !body.created_after || !body.created_before || Date.parse(body.created_after) <= Date.parse(body.created_before),
    { message: 'created_after must not be later than created_before', path: ['created_after'] },
  );

export const updateOrderBody = z.object({
  fbpi_order_nr: text,
  items: z
    .array(z.object({ mp_item_nr: text, status: z.enum(UPDATE_ORDER_ITEM_STATUSES) }))
    .refine((items) => unique(items, (item) => item.mp_item_nr), 'must not repeat an mp_item_nr')
    .default([]),
});

export const createShipmentBody = z.object({
  ...shipmentReference,
  fbpi_order_nr: text,
  awbs,
  items: z
    .array(z.object({ mp_item_nr: text }))
    .min(1, 'must hold at least one item')
    .refine((items) => unique(items, (item) => item.mp_item_nr), 'must not repeat an mp_item_nr'),
});

export const shipmentReferenceBody = z.object(shipmentReference);

export const addCourierAwbsBody = z.object({ ...shipmentReference, awbs });

export const noonLogisticsAwbsBody = z.object({
  country_code: lowerCountryCode,
  qty: z
    .number()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(MAX_NOON_LOGISTICS_AWBS, `must be at most ${MAX_NOON_LOGISTICS_AWBS}`),
});

export const sandboxOrderBody = z.object({
  warehouse_code: text,
  idempotency_key: text.max(10, 'must be at most 10 characters'),
  items: z
    .array(z.object({ status: z.enum(SANDBOX_ORDER_ITEM_STATUSES), partner_sku: text.optional() }))
    .min(1, 'must hold at least one item')
    .max(MAX_SANDBOX_ORDER_ITEMS, `must hold at most ${MAX_SANDBOX_ORDER_ITEMS} items`),
  country_code: lowerCountryCode.optional(),
});

// The sandbox's own controls (/_sandbox), not noon's API.

export const placeOrderBody = z.object({
  country_code: lowerCountryCode.optional(),
  items: z
    .array(z.object({ status: z.enum(SANDBOX_ORDER_ITEM_STATUSES).optional(), partner_sku: text.optional() }))
    .min(1, 'must hold at least one item')
    .max(MAX_SANDBOX_ORDER_ITEMS, `must hold at most ${MAX_SANDBOX_ORDER_ITEMS} items`)
    .optional(),
});

export const customerCancelBody = z.object({
  mp_item_nrs: z.array(text).min(1, 'must name at least one item').optional(),
});
