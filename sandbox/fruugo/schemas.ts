import { z } from 'zod';
import { CANCELLATION_REASONS, ORDER_STATUSES } from './wire.js';

// Request shapes of the Orders API v3 (reference 3). A mismatch is Fruugo's 400 array of field errors; the
// wording follows the seed's ("must not be null", "size must be between 1 and 200"), see validation.ts.

/** Fruugo takes up to 200 orders per call and up to 200 item quantities per order (seed 004's size rule). */
const MAX_PER_CALL = 200;
const SIZE = `size must be between 1 and ${MAX_PER_CALL}`;

const text = z.string().refine((value) => value.trim() !== '', 'must not be blank');
const dateTime = z.iso.datetime({ offset: true });
const message = z.string().max(1000, 'size must be between 0 and 1000').nullish();

const itemQuantity = z.object({
  productId: text,
  skuId: text,
  quantity: z.number().int('must be an integer').min(1, 'must be greater than or equal to 1'),
});

/** Omitted, null or empty: the whole order. */
const itemQuantities = z.array(itemQuantity).max(MAX_PER_CALL, SIZE).nullish();

function ordersBody<T extends z.ZodType>(order: T) {
  return z.object({ orders: z.array(order).min(1, SIZE).max(MAX_PER_CALL, SIZE) });
}

export const confirmBody = ordersBody(
  z.object({
    type: z.literal('confirm'),
    orderId: text,
    itemQuantities,
    messageToCustomer: message,
    messageToFruugo: message,
    estimatedShippingDate: dateTime.nullish(),
  }),
);

export const shipBody = ordersBody(
  z.object({
    type: z.literal('ship'),
    orderId: text,
    itemQuantities,
    trackingUrl: z.url().nullish(),
    trackingCode: z.string().max(100, 'size must be between 0 and 100').nullish(),
  }),
);

export const cancelBody = ordersBody(
  z.object({
    type: z.literal('cancel'),
    orderId: text,
    itemQuantities,
    messageToCustomer: message,
    messageToFruugo: message,
    cancellationReason: z.enum(CANCELLATION_REASONS),
  }),
);

const amount = z.number().min(0, 'must be greater than or equal to 0').nullish();

export const searchBody = z
  .object({
    dateFrom: dateTime,
    dateTo: dateTime.nullish(),
    orderId: z.string().nullish(),
    productId: z.string().nullish(),
    skuId: z.string().nullish(),
    statuses: z.array(z.enum(ORDER_STATUSES)).nullish(),
    customerCountries: z.array(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')).nullish(),
    paymentAmountMin: amount,
    paymentAmountMax: amount,
  })
  .superRefine((body, context) => {
    if (body.dateTo != null && Date.parse(body.dateTo) < Date.parse(body.dateFrom)) {
      context.addIssue({ code: 'custom', path: ['dateTo'], message: 'must not be before dateFrom' });
    }
    if (
      body.paymentAmountMin != null &&
      body.paymentAmountMax != null &&
      body.paymentAmountMax < body.paymentAmountMin
    ) {
      context.addIssue({
        code: 'custom',
        path: ['paymentAmountMax'],
        message: 'must not be less than paymentAmountMin',
      });
    }
  });

export type ConfirmBody = z.output<typeof confirmBody>;
export type ShipBody = z.output<typeof shipBody>;
export type CancelBody = z.output<typeof cancelBody>;
export type SearchBody = z.output<typeof searchBody>;

// The sandbox's own controls (/_sandbox), not Fruugo.

export const webhookBody = z.object({ url: z.url().nullable() });
export const newOrderBody = z
  .object({
    currencyCode: z.enum(['GBP', 'EUR', 'AED']).optional(),
    customerCountry: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
    lines: z
      .array(
        z.object({
          skuId: text,
          productId: text.optional(),
          quantity: z.number().int().min(1),
          itemPriceInclVat: z.number().positive().optional(),
        }),
      )
      .min(1)
      .optional(),
  })
  .default({});
