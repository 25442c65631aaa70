import { z } from 'zod';
import type { CallbackEnvelope, FruugoOrder, OrderListPayload, OrderResponse, ResponseListPayload } from './wire.js';

// Checks what arrives by callback against the wire types: the envelope as JSON, the payload after
// datasources/fruugo/webhooks/loose-payload.ts has read its notation. Ids are taken as strings even when written as
// numbers; statuses stay strings (Fruugo's lists are not public, see mapping.ts).

const id = z.union([z.string().min(1), z.number()]).transform(String);
const dateTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO-8601 date-time');
const nullable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? null);

const envelope: z.ZodType<CallbackEnvelope> = z.object({
  value: z.object({
    type: z.string().min(1),
    merchantId: z.number(),
    correlationId: z.string().min(1),
    payload: z.string(),
  }),
});

const itemStatus = z.object({
  productId: id,
  skuId: id,
  quantity: z.number().int().min(0),
  status: z.string().min(1),
});

const orderResponse: z.ZodType<OrderResponse> = z.object({
  success: z.boolean(),
  errorMessage: nullable(z.string()),
  orderId: id,
  shipmentId: nullable(id),
  itemStatuses: z.array(itemStatus).default([]),
});

const responseList: z.ZodType<ResponseListPayload> = z.object({
  transactionType: z.string(),
  responses: z.array(orderResponse),
});

const order: z.ZodType<FruugoOrder> = z.object({
  orderId: id,
  customerOrderId: id,
  orderDate: dateTime,
  orderReleaseDate: dateTime,
  lastModified: dateTime,
  orderStatus: z.string().min(1),
  currencyCode: z.string().regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code'),
  customerCountry: z.string(),
  customerLanguageCode: z.string(),
  shippingMethod: z.string(),
  shippingCostInclVAT: z.number(),
  orderLines: z.array(
    z.object({
      productId: id,
      skuId: id,
      skuName: z.string(),
      quantity: z.number().int().min(1),
      itemPriceInclVat: z.number(),
      itemVat: z.number(),
      vatPercentage: z.number(),
    }),
  ),
  itemStatuses: z.array(itemStatus),
  shipments: z.array(
    z.object({
      shipmentId: id,
      shippingDate: dateTime,
      trackingCode: nullable(z.string()),
      trackingUrl: nullable(z.string()),
      lines: z.array(z.object({ productId: id, skuId: id, quantity: z.number().int().min(1) })),
    }),
  ),
});

const orderList: z.ZodType<OrderListPayload> = z.object({
  transactionType: z.string(),
  orders: z.array(order),
});

/** A callback that does not have the shape its type promises; `issues` name each problem by path. */
export class CallbackFormatError extends Error {
  override readonly name = 'CallbackFormatError';

  constructor(
    what: string,
    readonly issues: string[],
  ) {
    super(`Fruugo ${what} does not have the expected shape: ${issues.join('; ')}`);
  }
}

function read<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new CallbackFormatError(
    what,
    result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  );
}

/** The JSON body POSTed to the webhook. */
export function readCallbackEnvelope(body: unknown): CallbackEnvelope {
  return read(envelope, body, 'callback envelope');
}

/** The payload of ConfirmResponseList, ShipResponseList or CancelResponseList, as loose-payload.ts read it. */
export function readResponseList(payload: unknown): ResponseListPayload {
  return read(responseList, payload, 'response list');
}

/** The payload of OrderList, as loose-payload.ts read it. */
export function readOrderList(payload: unknown): OrderListPayload {
  return read(orderList, payload, 'order list');
}
