import { z } from 'zod';
import { ASN_STATUSES, SHIPMENT_TYPES, STATUS_ACTIONS, STORAGE_TYPES } from './wire.js';

// Request shapes of the sandbox's routes; a mismatch is noon's 422 VALIDATION_ERROR (see validation.ts).

const text = z.string().min(1, 'must not be empty');
/** Inbound examples write countries upper case (AE, SA, EG). */
const countryCode = z.string().regex(/^[A-Z]{2}$/, 'must be an upper-case ISO 3166-1 alpha-2 code');
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine((value) => {
    // Date.parse rolls 2026-02-30 over to March instead of failing, so the round trip must give the same day.
    const parsed = Date.parse(`${value}T00:00:00Z`);
    return !Number.isNaN(parsed) && new Date(parsed).toISOString().startsWith(value);
  }, 'is not a calendar date');

function pageSize(defaultSize: number, max: number) {
  return z.coerce
    .number()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`)
    .default(defaultSize);
}

export const createShipmentBody = z.object({
  shipment_type: z.enum(SHIPMENT_TYPES),
  exref_nr: text.max(64, 'must be at most 64 characters'),
  country_code: countryCode,
});

export const updateItemsBody = z.object({
  asn_nr: text,
  items: z
    .array(
      z.object({
        partner_sku: text,
        qty: z.number().int('must be an integer').min(1, 'must be at least 1').max(2_147_483_647, 'must fit int32'),
        // Checked against the catalog per item (INVALID_STORAGE_TYPE), so any string passes here.
        storage_type: z.string(),
      }),
    )
    .min(1, 'must hold at least one item'),
});

export const deleteItemsBody = z.object({
  asn_nr: text,
  partner_skus: z.array(text).min(1, 'must hold at least one partner_sku'),
});

export const updateStatusBody = z.object({
  asn_nr: text,
  action: z.enum(STATUS_ACTIONS),
});

export const scheduleBody = z.object({
  asn_nr: text,
  dst_warehouse_code: text,
  schedule_date: calendarDate,
  schedule_slot: z.object({ start: time, end: time }),
});

export const listShipmentsQuery = z.object({
  next_token: z.string().optional(),
  page_size: pageSize(50, 200),
  'filter.status': z.enum(ASN_STATUSES).optional(),
  country_code: countryCode.optional(),
});

export const listShipmentItemsQuery = z.object({
  next_token: z.string().optional(),
  page_size: pageSize(1000, 1000),
});

export const eligibleItemsQuery = z.object({
  next_token: z.string().optional(),
  page_size: pageSize(100, 500),
  country_code: countryCode.optional(),
  storage_type: z.enum(STORAGE_TYPES).optional(),
  search: z.string().optional(),
});

export const loginBody = z.object({
  token: text,
  default_project_code: text,
});

export const receiveBody = z.object({
  status: z.enum(['RECEIVING', 'INBOUNDED']),
  qty_received: z.number().int('must be an integer').min(0, 'must not be negative').optional(),
});
