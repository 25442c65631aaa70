/**
 * What the Fruugo simulator sends and accepts on the wire: Fruugo Orders API v3 as seed 004 and section 3 of
 * shared/reference/marketplaces.md describe it, with the choices docs/fruugo.md makes where they are silent.
 *
 * The simulator's own description, written from the marketplace's side and shared with nothing in the gateway: a
 * field the gateway's client spells differently is a disagreement the tests see, not a match by construction.
 * The request bodies it accepts are checked by the zod schemas in schemas.ts; what it answers and posts is typed here.
 */

/** Ties a call to its callback: the caller's when it sent one, else a new one; echoed with the 202 and the callback. */
export const CORRELATION_HEADER = 'X-Correlation-ID';

/**
 * The status of one unit of an order line. The seed shows `NOT_REPLACED` (Fruugo closing units itself, as after a
 * customer's cancellation); `CANCELLED` is the retailer's cancel call; `RETURNED` appears in sample data only.
 */
export type ItemStatus = 'PENDING' | 'CONFIRMED' | 'SHIPPED' | 'CANCELLED' | 'NOT_REPLACED' | 'RETURNED';
/** Also the order in which a line's units are listed. */
export const ITEM_STATUSES: readonly ItemStatus[] = [
  'PENDING',
  'CONFIRMED',
  'SHIPPED',
  'CANCELLED',
  'NOT_REPLACED',
  'RETURNED',
];

/**
 * The order as a whole, after Fruugo's legacy order download: PENDING until anything happened to it, PROCESSED
 * after. EXCEPTION (held by Fruugo for a manual correction) is accepted as a search filter and never produced.
 */
export type OrderStatus = 'PENDING' | 'PROCESSED' | 'EXCEPTION';
export const ORDER_STATUSES: readonly OrderStatus[] = ['PENDING', 'PROCESSED', 'EXCEPTION'];

/** The cancellation reasons Fruugo documents; a cancel call naming another is a 400 field error. */
export const CANCELLATION_REASONS = [
  'out_of_stock',
  'product_discontinued',
  'invalid_delivery_address',
  'customer_cancellation',
  'legislation_restriction',
  'other',
] as const;

// ---- Requests (checked in schemas.ts) ---------------------------------------------------------------------

/** Units of one line that a confirm, ship or cancel call acts on. */
export interface ItemQuantity {
  productId: string;
  skuId: string;
  quantity: number;
}

// ---- Answers -----------------------------------------------------------------------------------------------

/** The 202 body of every call: the correlation id, also sent as the `X-Correlation-ID` header (docs/fruugo.md). */
export interface AcceptedResponse {
  correlationId: string;
}

/** One entry of a 400 answer (seed 004); the body is an array of them. */
export interface FieldError {
  type: 'field';
  field: string;
  message: string;
}

/** A refusal that is not about a field (401, 429, 5xx), in the same array: Fruugo documents none, so ours. */
export interface GeneralError {
  type: 'error';
  code: string;
  message: string;
}

export type ErrorBody = Array<FieldError | GeneralError>;

// ---- Callbacks ---------------------------------------------------------------------------------------------

/** One per call: confirm, ship and cancel answer `…ResponseList` as the seed shows; the download `OrderList`. */
export type CallbackType = 'ConfirmResponseList' | 'ShipResponseList' | 'CancelResponseList' | 'OrderList';

/** What the simulator POSTs to the retailer's webhook (seed 004): the payload is a string in Fruugo's loose notation. */
export interface CallbackEnvelope {
  value: {
    type: CallbackType;
    merchantId: number;
    correlationId: string;
    /** A ResponseListPayload or OrderListPayload written by loose-writer.ts. */
    payload: string;
  };
}

/** How many units of one line are in one status. */
export interface ItemStatusEntry {
  productId: string;
  skuId: string;
  quantity: number;
  status: ItemStatus;
}

/** The outcome of a confirm, ship or cancel call for one order (seed 004). */
export interface OrderResponse {
  success: boolean;
  /** `CODE - text`, e.g. `BD_ILLEGAL_FULFILMENT_STATUS_TRANSITION - confirmPurchaseOrder failed, …`; null on success. */
  errorMessage: string | null;
  orderId: string;
  /** The shipment a successful ship created; null otherwise. */
  shipmentId: string | null;
  /** Every unit of the order after the call, one entry per line and status present. */
  itemStatuses: ItemStatusEntry[];
}

export type TransactionType = 'confirm' | 'ship' | 'cancel';

/** The payload of ConfirmResponseList, ShipResponseList and CancelResponseList. */
export interface ResponseListPayload {
  transactionType: TransactionType;
  responses: OrderResponse[];
}

/** The payload of OrderList, after the pattern of the seed's. */
export interface OrderListPayload {
  transactionType: 'download';
  orders: FruugoOrder[];
}

export interface OrderLine {
  productId: string;
  skuId: string;
  skuName: string;
  /** Units ordered. */
  quantity: number;
  /** One unit, VAT included, a decimal in the order's currency. */
  itemPriceInclVat: number;
  itemVat: number;
  vatPercentage: number;
}

export interface ShipmentLine {
  productId: string;
  skuId: string;
  quantity: number;
}

export interface Shipment {
  shipmentId: string;
  /** ISO-8601. */
  shippingDate: string;
  trackingCode: string | null;
  trackingUrl: string | null;
  lines: ShipmentLine[];
}

/**
 * One order of the download. Field names after Fruugo's documented legacy order download (the v3 schema is not
 * public), in JSON; `itemStatuses` has the shape of the seed's callback.
 */
export interface FruugoOrder {
  orderId: string;
  customerOrderId: string;
  /** ISO-8601: when the customer ordered. */
  orderDate: string;
  /** ISO-8601: when Fruugo released the order to the retailer. */
  orderReleaseDate: string;
  /** ISO-8601: the last change of any kind; the download's dateFrom/dateTo filter on it. */
  lastModified: string;
  orderStatus: Exclude<OrderStatus, 'EXCEPTION'>;
  /** ISO 4217; one currency per order. */
  currencyCode: string;
  /** ISO 3166-1 alpha-2 of the shipping address. */
  customerCountry: string;
  customerLanguageCode: string;
  shippingMethod: string;
  shippingCostInclVAT: number;
  orderLines: OrderLine[];
  itemStatuses: ItemStatusEntry[];
  shipments: Shipment[];
}
