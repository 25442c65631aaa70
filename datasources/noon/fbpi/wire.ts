/**
 * noon FBPI (Fulfilled by Partner Integration) API: the payloads exactly as they travel on the wire (snake_case),
 * per seed 000 and section 1.2 of shared/reference/marketplaces.md. Values the public material does not spell out
 * are the choices written in docs/noon-fbpi.md; the sandbox simulator follows the same choices.
 *
 * All paths start with `<base>/fbpi/v1`. Country codes are lower case (`ae`, `sa`, `eg`), timestamps ISO-8601 UTC.
 */

/** Which noon marketplace the order was placed on. */
export type MpCode = 'noon' | 'namshi';

/** The marketplace's side of an item: still wanted by the customer, or cancelled (by the customer, noon or the partner). */
export type MpItemStatus = 'MP_ITEM_STATUS_UNSPECIFIED' | 'MP_ITEM_STATUS_CONFIRMED' | 'MP_ITEM_STATUS_CANCELLED';
export const MP_ITEM_STATUSES: readonly MpItemStatus[] = [
  'MP_ITEM_STATUS_UNSPECIFIED',
  'MP_ITEM_STATUS_CONFIRMED',
  'MP_ITEM_STATUS_CANCELLED',
];

/**
 * The partner's side of an item. Only `_SHIPPED` was seen; the reference describes acknowledged / out of stock /
 * shipped. `_UNSPECIFIED` (the protobuf zero value) is an item the partner has not acknowledged yet.
 */
export type IntegrationItemStatus =
  | 'INTEGRATION_ITEM_STATUS_UNSPECIFIED'
  | 'INTEGRATION_ITEM_STATUS_ACKNOWLEDGED'
  | 'INTEGRATION_ITEM_STATUS_OUT_OF_STOCK'
  | 'INTEGRATION_ITEM_STATUS_SHIPPED';
export const INTEGRATION_ITEM_STATUSES: readonly IntegrationItemStatus[] = [
  'INTEGRATION_ITEM_STATUS_UNSPECIFIED',
  'INTEGRATION_ITEM_STATUS_ACKNOWLEDGED',
  'INTEGRATION_ITEM_STATUS_OUT_OF_STOCK',
  'INTEGRATION_ITEM_STATUS_SHIPPED',
];

/** Why an item is MP_ITEM_STATUS_CANCELLED (values chosen; docs/noon-fbpi.md). */
export type CancellationReasonCode = 'CUSTOMER_CANCELLED' | 'OUT_OF_STOCK' | 'SHIPMENT_CANCELLED';

/** One line of an FBPI order: always one unit ("each line qty 1"). */
export interface FbpiOrderItem {
  mp_item_nr: string;
  partner_sku: string;
  mp_status: MpItemStatus;
  integration_status: IntegrationItemStatus;
  /** What the customer pays for this unit, tax included, in the order's `currency_code` (a JSON number). */
  delivered_invoice_price: number;
  /** Present only on cancelled items. */
  cancellation_reason_code?: CancellationReasonCode;
}

/** GET /v1/fbpi-order/{fbpi_order_nr}/get answers the order itself; ListFbpiOrders lists the same objects. */
export interface FbpiOrder {
  /** `NFBO…`, the number the order webhook carries. */
  fbpi_order_nr: string;
  mp_code: MpCode;
  /** The customer-facing order number on the marketplace. */
  mp_order_nr: string;
  /** Lower case: the marketplace country the order was placed in. */
  mp_country_code: string;
  customer_country_code: string;
  /** `STR…` */
  merchant_code: string;
  /** ISO 4217: AED for ae, SAR for sa, EGP for eg. */
  currency_code: string;
  warehouse_code: string;
  items: FbpiOrderItem[];
  /** ISO-8601 UTC. */
  order_created_at: string;
}

/** GET /v1/fbpi-order/{fbpi_order_nr}/customer-details/get — Latin script. */
export interface FbpiOrderCustomerData {
  first_name: string;
  last_name: string;
  city: string;
  administrative_division: string;
}

/** POST /v1/fbpi-orders/list?next_token= — the same body on every page; both bounds inclusive. */
export interface ListFbpiOrdersRequest {
  warehouse_code: string;
  created_after?: string;
  created_before?: string;
}

/** At most this many orders a page (reference 1.2). */
export const MAX_ORDERS_PER_PAGE = 50;

export interface ListFbpiOrdersResponse {
  /** Newest first by order_created_at (then fbpi_order_nr). */
  orders: FbpiOrder[];
  /** "" on the last page (null and absent are read the same way). */
  next_token: string | null;
}

/** The only item status UpdateOrder takes: the item is cancelled on noon's side. */
export type UpdateOrderItemStatus = 'UPDATE_ORDER_REQUEST_ITEM_STATUS_OUT_OF_STOCK';
export const UPDATE_ORDER_ITEM_STATUSES: readonly UpdateOrderItemStatus[] = [
  'UPDATE_ORDER_REQUEST_ITEM_STATUS_OUT_OF_STOCK',
];

/**
 * POST /v1/fbpi-order/update — the acknowledgement: the items listed are out of stock (cancelled), every other
 * unacknowledged item is acknowledged. No items: acknowledge the whole order.
 */
export interface UpdateOrderRequest {
  fbpi_order_nr: string;
  items: Array<{ mp_item_nr: string; status: UpdateOrderItemStatus }>;
}

/** `{}`: the answer of every FBPI call that changes something. */
export type EmptyResponse = Record<string, never>;

/** The courier name of noon's own logistics; any other value is the partner's own courier. */
export const NOON_COURIER = 'noon';

/** An airway bill: noon logistics (`courier: "noon"`, a number from GetNoonLogisticsAWBs) or the partner's courier. */
export interface Awb {
  courier: string;
  awb_nr: string;
}

/** A shipment is named by the partner's own number, unique within the warehouse. */
export interface ShipmentReference {
  warehouse_code: string;
  integration_shipment_nr: string;
}

/** POST /v1/shipment/create — list only the lines being shipped (partial shipments allowed), each one unit. */
export interface CreateShipmentRequest extends ShipmentReference {
  fbpi_order_nr: string;
  awbs: Awb[];
  items: Array<{ mp_item_nr: string }>;
}

/** POST /v1/shipment/get (body: ShipmentReference) */
export interface GetShipmentResponse {
  fbpi_order_nr: string;
  awbs: Awb[];
  items: Array<{ mp_item_nr: string; partner_sku: string }>;
}

/** POST /v1/shipment/courier-awbs/add */
export interface AddShipmentCourierAwbsRequest extends ShipmentReference {
  awbs: Awb[];
}

/** POST /v1/shipment/noon-logistics-awbs/get */
export interface GetNoonLogisticsAwbsRequest {
  country_code: string;
  /** 1 to MAX_NOON_LOGISTICS_AWBS. */
  qty: number;
}

export const MAX_NOON_LOGISTICS_AWBS = 1000;

export interface GetNoonLogisticsAwbsResponse {
  awb_nrs: string[];
}

/** The item statuses a sandbox order may be created with ("confirmed / cancelled"). */
export type SandboxOrderItemStatus = 'MP_ITEM_STATUS_CONFIRMED' | 'MP_ITEM_STATUS_CANCELLED';
export const SANDBOX_ORDER_ITEM_STATUSES: readonly SandboxOrderItemStatus[] = [
  'MP_ITEM_STATUS_CONFIRMED',
  'MP_ITEM_STATUS_CANCELLED',
];

/** POST /v1/sandbox-order/create — a test order; the same idempotency_key gives back the same order. */
export interface CreateSandboxOrderRequest {
  warehouse_code: string;
  /** At most 10 characters. */
  idempotency_key: string;
  /** partner_sku omitted: noon picks one of the partner's SKUs. */
  items: Array<{ status: SandboxOrderItemStatus; partner_sku?: string }>;
  /** Default `ae`. */
  country_code?: string;
}

export interface CreateSandboxOrderResponse {
  fbpi_order_nr: string;
}

/** The refusals of the FBPI API (codes chosen; docs/noon-fbpi.md), in noon's `{"detail":{...}}` body. */
export type FbpiErrorCode =
  | 'ORDER_NOT_FOUND'
  | 'ORDER_ITEM_NOT_FOUND'
  | 'INVALID_ITEM_STATUS'
  | 'INVALID_ORDER_STATUS'
  | 'WAREHOUSE_NOT_FOUND'
  | 'SHIPMENT_NOT_FOUND'
  | 'SHIPMENT_ALREADY_EXISTS'
  | 'INVALID_SHIPMENT_STATUS'
  | 'INVALID_AWB';
