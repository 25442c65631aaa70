/**
 * Fruugo Orders API v3: the payloads exactly as they travel, per seed 004 and section 3 of
 * shared/reference/marketplaces.md. Where both are silent (the order's JSON schema, the status enum, the order
 * download's callback) the choices are written in docs/fruugo.md, and the sandbox simulator follows them.
 *
 * Paths are relative to `https://order-api.fruugo.com`. Every call answers 202 Accepted and the result arrives
 * later, by POST to the retailer's webhook, in a callback envelope whose payload is a string in a loose notation
 * (datasources/fruugo/webhooks/loose-payload.ts reads it; `callbacks.ts` checks what it read against the types below).
 */

/** The header that ties a call to its callback: ours when we send one, else Fruugo's, echoed either way. */
export const CORRELATION_HEADER = 'X-Correlation-ID';

export const ORDER_PATHS = {
  search: '/v3/orders',
  confirm: '/v3/orders/confirm',
  ship: '/v3/orders/ship',
  cancel: '/v3/orders/cancel',
} as const;

/**
 * The status of one unit of an order line, as far as known. The seed shows `NOT_REPLACED`; the others are our
 * choice (docs/fruugo.md): `NOT_REPLACED` is Fruugo closing units itself (a customer's cancellation before
 * shipping), `CANCELLED` the retailer's cancel call. Fruugo's full list is not public, so payloads carry the
 * status as a string and the mapping copes with values outside this list.
 */
export type ItemStatus = 'PENDING' | 'CONFIRMED' | 'SHIPPED' | 'CANCELLED' | 'NOT_REPLACED' | 'RETURNED';
export const ITEM_STATUSES: readonly ItemStatus[] = [
  'PENDING',
  'CONFIRMED',
  'SHIPPED',
  'CANCELLED',
  'NOT_REPLACED',
  'RETURNED',
];

/**
 * The order as a whole, after Fruugo's legacy order download (its documented values): PENDING until anything
 * happened to it, PROCESSED after, EXCEPTION when Fruugo holds it for a manual correction. Carried as a string
 * in payloads, like ItemStatus.
 */
export type OrderStatus = 'PENDING' | 'PROCESSED' | 'EXCEPTION';
export const ORDER_STATUSES: readonly OrderStatus[] = ['PENDING', 'PROCESSED', 'EXCEPTION'];

/** Fruugo's documented cancellation reasons (reference 3). */
export type CancellationReason =
  | 'out_of_stock'
  | 'product_discontinued'
  | 'invalid_delivery_address'
  | 'customer_cancellation'
  | 'legislation_restriction'
  | 'other';
export const CANCELLATION_REASONS: readonly CancellationReason[] = [
  'out_of_stock',
  'product_discontinued',
  'invalid_delivery_address',
  'customer_cancellation',
  'legislation_restriction',
  'other',
];

// ---- Requests ----------------------------------------------------------------------------------------------

/** POST /v3/orders: orders whose last change falls in [dateFrom, dateTo], narrowed by the other fields. */
export interface SearchOrdersRequest {
  /** ISO-8601; required. */
  dateFrom: string;
  dateTo?: string;
  orderId?: string;
  productId?: string;
  skuId?: string;
  statuses?: OrderStatus[];
  /** ISO 3166-1 alpha-2, e.g. "AE". */
  customerCountries?: string[];
  paymentAmountMin?: number;
  paymentAmountMax?: number;
}

/** Units of one line to act on. */
export interface ItemQuantity {
  productId: string;
  skuId: string;
  quantity: number;
}

export interface ConfirmOrder {
  type: 'confirm';
  orderId: string;
  /** Omitted or empty: every pending unit of the order. */
  itemQuantities?: ItemQuantity[];
  messageToCustomer?: string;
  messageToFruugo?: string;
  /** ISO-8601. */
  estimatedShippingDate?: string;
}

export interface ShipOrder {
  type: 'ship';
  orderId: string;
  /** Omitted or empty: every confirmed unit of the order. */
  itemQuantities?: ItemQuantity[];
  trackingUrl?: string;
  trackingCode?: string;
}

export interface CancelOrder {
  type: 'cancel';
  orderId: string;
  /** Empty: the whole order (every unit not shipped yet). */
  itemQuantities?: ItemQuantity[];
  messageToCustomer?: string;
  messageToFruugo?: string;
  cancellationReason: CancellationReason;
}

/** The body of confirm, ship and cancel: `{orders: [...]}`, each order with its own `type`. */
export interface OrdersRequest<T> {
  orders: T[];
}

// ---- Answers -----------------------------------------------------------------------------------------------

/**
 * The 202 body. Fruugo documents only that the correlation id comes back with the 202; the simulator puts it
 * both in the `X-Correlation-ID` header and in this body (docs/fruugo.md).
 */
export interface AcceptedResponse {
  correlationId: string;
}

/** One entry of a 400 answer (seed 004): the body is an array of them. */
export interface FieldError {
  type: 'field';
  field: string;
  message: string;
}

/**
 * Refusals that are not about a field (401, 429, 5xx): undocumented, so the simulator answers this shape (our
 * choice) in the same array as field errors.
 */
export interface GeneralError {
  type: 'error';
  code: string;
  message: string;
}

export type ErrorBody = Array<FieldError | GeneralError>;

// ---- Callbacks ---------------------------------------------------------------------------------------------

/** `OrderList` (the order download's answer) is our name; the seed shows the `…ResponseList` pattern. */
export type CallbackType = 'ConfirmResponseList' | 'ShipResponseList' | 'CancelResponseList' | 'OrderList';
export const CALLBACK_TYPES: readonly CallbackType[] = [
  'ConfirmResponseList',
  'ShipResponseList',
  'CancelResponseList',
  'OrderList',
];

/**
 * What Fruugo POSTs to the webhook. `payload` is a string in the loose notation (see the module comment). `type`
 * is one of CALLBACK_TYPES as far as known.
 */
export interface CallbackEnvelope {
  value: {
    type: string;
    merchantId: number;
    correlationId: string;
    payload: string;
  };
}

export interface ItemStatusEntry {
  productId: string;
  skuId: string;
  quantity: number;
  /** An ItemStatus as far as known. */
  status: string;
}

/** The outcome for one order of a confirm, ship or cancel call (seed 004). */
export interface OrderResponse {
  success: boolean;
  /** `CODE - text`, e.g. `BD_ILLEGAL_FULFILMENT_STATUS_TRANSITION - confirmPurchaseOrder failed, …`; null on success. */
  errorMessage: string | null;
  orderId: string;
  /** The shipment a successful ship created; null otherwise. */
  shipmentId: string | null;
  /** Every unit of the order after the call, grouped by line and status. */
  itemStatuses: ItemStatusEntry[];
}

export type TransactionType = 'confirm' | 'ship' | 'cancel';

/** The payload of ConfirmResponseList, ShipResponseList and CancelResponseList. */
export interface ResponseListPayload {
  /** A TransactionType as far as known. */
  transactionType: string;
  responses: OrderResponse[];
}

/** The payload of OrderList (our choice, after the pattern of the seed's). */
export interface OrderListPayload {
  /** `download`. */
  transactionType: string;
  orders: FruugoOrder[];
}

export interface OrderLine {
  productId: string;
  skuId: string;
  skuName: string;
  /** Units ordered. */
  quantity: number;
  /** Price of one unit including VAT, a decimal in the order's currency. */
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
 * One order in the download callback. The v3 schema is not public: the field names follow Fruugo's documented
 * legacy order download (orderId, customerOrderId, orderDate, orderReleaseDate, orderStatus, skuName,
 * itemPriceInclVat, shippingCostInclVAT…), in JSON; `itemStatuses` has the shape of the seed's callback.
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
  /** An OrderStatus as far as known. */
  orderStatus: string;
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
