import { z } from 'zod';
import { MAX_SKUS_PER_SEARCH, ORDER_TYPES, PACK_TYPES, PAYMENT_METHODS, RETURN_ORDER_TYPES } from './wire.js';

// Request shapes of the simulated Increff; a mismatch is 400 BAD_DATA naming each field (see validation.ts).
// Fields the reference marks required (*) are required here; docs/increff.md lists the few choices on top.

const text = z.string().trim().min(1, 'must not be empty');
/** ISO-8601 with a zone (`Z` or `+04:00`): a warehouse in another zone must not guess. */
const moment = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time with a zone' });
const calendarDate = z.iso.date({ message: 'must be YYYY-MM-DD' });
const amount = z.number().min(0, 'must not be negative');
const units = (min: number) => z.number().int('must be an integer').min(min, `must be at least ${min}`);

/** Adds an issue at `<list>[i].<key>` for every entry whose key was already seen in the list. */
function uniqueWithin<T>(list: readonly T[], key: keyof T & string, at: string, context: z.RefinementCtx): void {
  const seen = new Set<unknown>();
  list.forEach((entry, index) => {
    if (seen.has(entry[key])) {
      context.addIssue({ code: 'custom', path: [at, index, key], message: `repeats ${String(entry[key])}` });
    }
    seen.add(entry[key]);
  });
}

export const address = z.object({
  name: text,
  line1: text,
  line2: z.string().optional(),
  line3: z.string().optional(),
  city: text,
  state: z.string().optional(),
  zip: z.string().optional(),
  country: text,
  email: z.string().optional(),
  phone: z.string().optional(),
});

const outwardOrderItem = z.object({
  channelSkuCode: text,
  orderItemCode: text,
  quantity: units(1),
  sellerDiscountPerUnit: amount.optional(),
  channelDiscountPerUnit: amount.optional(),
  sellingPricePerUnit: amount,
  shippingChargePerUnit: amount.optional(),
  minExpiry: calendarDate.optional(),
  giftOptions: z
    .object({
      giftwrapRequired: z.boolean().optional(),
      giftMessage: z.string().optional(),
      giftChargePerUnit: amount.optional(),
      giftDocument: z.string().optional(),
      giftDocumentFormat: z.string().optional(),
    })
    .optional(),
});

/**
 * Create Outward Order. The 2,500-item limit and the one-SKU-once rule have codes of their own (ITEM_LIMIT_EXCEEDED,
 * DUPLICATE_CHANNEL_SKU) and are checked after this shape.
 */
export const outwardOrderBody = z
  .object({
    parentOrderCode: z.string().optional(),
    locationCode: text.nullable().optional(),
    orderCode: text,
    orderTime: moment,
    orderType: z.enum(ORDER_TYPES),
    onHold: z.boolean(),
    isPriority: z.boolean().optional(),
    gift: z.boolean().optional(),
    qcStatus: z.string().optional(),
    dispatchByTime: moment,
    startProcessingTime: moment,
    paymentMethod: z.enum(PAYMENT_METHODS),
    isSplitRequired: z.boolean().optional(),
    taxBreakupForms: z
      .array(
        z.object({
          channelSkuId: text,
          baseSellingPricePerUnit: amount,
          taxItemForms: z.array(z.object({ type: text, rate: amount, taxPerUnit: amount })),
        }),
      )
      .optional(),
    packType: z.enum(PACK_TYPES).optional(),
    shippingAddress: address.optional(),
    billingAddress: address.optional(),
    orderItems: z.array(outwardOrderItem).min(1, 'must hold at least one item'),
  })
  .superRefine((order, context) => {
    if (order.isSplitRequired === true && order.locationCode != null) {
      context.addIssue({
        code: 'custom',
        path: ['locationCode'],
        message: 'must be null when isSplitRequired is true',
      });
    }
    if (Date.parse(order.dispatchByTime) < Date.parse(order.startProcessingTime)) {
      context.addIssue({ code: 'custom', path: ['dispatchByTime'], message: 'must not be before startProcessingTime' });
    }
    uniqueWithin(order.orderItems, 'orderItemCode', 'orderItems', context);
  });

export type OutwardOrderBody = z.output<typeof outwardOrderBody>;

export const cancellationBody = z
  .object({
    locationCode: text.optional(),
    orderItems: z
      .array(z.object({ channelSkuCode: text, cancelledQuantity: units(0), orderItemCode: text }))
      .min(1, 'must hold at least one item'),
  })
  .superRefine((body, context) => uniqueWithin(body.orderItems, 'orderItemCode', 'orderItems', context));

export type CancellationBody = z.output<typeof cancellationBody>;

export const searchInventoryBody = z.object({
  channelSkuCodes: z
    .array(text)
    .min(1, 'must hold at least one SKU')
    .max(MAX_SKUS_PER_SEARCH, `must hold at most ${MAX_SKUS_PER_SEARCH} SKUs`),
});

const returnOrderItem = z.object({
  itemCode: text,
  reason: text,
  channelSkuCode: text,
  name: z.string().optional(),
  brand: z.string().optional(),
  color: z.string().optional(),
  category: z.string().optional(),
  subCategory: z.string().optional(),
  serialNumber: z.string().optional(),
  price: amount.optional(),
  finalAmountPaid: amount.optional(),
  imageUrl: z.string().optional(),
  storeCreditsUsed: amount.optional(),
  subTaxItemData: z.array(z.object({ type: text, rate: amount, amount })).optional(),
});

/** Create Return Order: one item per returned unit, item codes unique within the return. */
export const returnOrderBody = z
  .object({
    forwardOrderCode: text,
    returnOrderCode: text,
    locationCode: text,
    returnOrderTime: moment.optional(),
    returnOrderStatus: z.string().optional(),
    expectedDate: z.string().optional(),
    orderItems: z.array(returnOrderItem).min(1, 'must hold at least one item'),
    orderType: z.enum(RETURN_ORDER_TYPES),
    awbNumber: z.string().optional(),
    transporter: z.string().optional(),
    currencyCode: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code')
      .optional(),
    regionType: z.string().optional(),
    returnReason: z.string().optional(),
    sellerGstin: z.string().optional(),
    consigneeGstin: z.string().optional(),
    shipmentDimension: z
      .object({
        length: amount.optional(),
        breadth: amount.optional(),
        height: amount.optional(),
        weight: amount.optional(),
      })
      .optional(),
    dropAddress: address.optional(),
    pickupAddress: address.optional(),
    orderDetails: z
      .object({
        codValue: amount.optional(),
        invoiceNumber: z.string().optional(),
        invoiceTime: z.string().optional(),
        invoiceValue: amount.optional(),
        isCod: z.boolean().optional(),
        forwardShipmentNumber: z.string().optional(),
      })
      .optional(),
  })
  .superRefine((body, context) => uniqueWithin(body.orderItems, 'itemCode', 'orderItems', context));

export type ReturnOrderBody = z.output<typeof returnOrderBody>;

// The sandbox's own controls (/_sandbox), not Increff.

export const advanceOrderBody = z.object({ status: z.enum(['PACKED', 'INVOICED', 'HANDED_OVER']) });

export const setStockBody = z.object({ locationCode: text, channelSkuCode: text, quantity: units(0) });

export const sellerCancelBody = z.object({
  orderItems: z
    .array(z.object({ channelSkuCode: text, cancelledQuantity: units(0), orderItemCode: text }))
    .min(1)
    .optional(),
});

export const syncInventoryBody = z.object({ skus: z.array(text).min(1).optional() });
