/**
 * What the noon simulator accepts and sends on the wire (snake_case JSON): the identity service, FBN Inbound (seed
 * 001), FBPI orders and shipments (seed 000), the stock and pricing services, and Event Notifications, as section 1
 * of shared/reference/marketplaces.md describes them, with the choices docs/noon-inbound.md and docs/noon-fbpi.md
 * make where they are silent.
 *
 * The simulator's own description, written from the marketplace's side and shared with nothing in the gateway: a
 * field the gateway's client spells differently is a disagreement the tests see, not a match by construction.
 * Request bodies are checked by the zod schemas (schemas.ts, fbpi-schemas.ts, stock-schemas.ts,
 * destination-schemas.ts) and handed on as the request types below.
 */

// ---- Identity (every noon API) -----------------------------------------------------------------------------

export const LOGIN_PATH = '/identity/public/v1/api/login';
export const WHOAMI_PATH = '/identity/v1/whoami';

/** The service-account JSON key Seller Lab hands a partner ("API Users" → "Add Service Account"). */
export interface ServiceAccountKey {
  key_id: string;
  /** PEM, RSA. */
  private_key: string;
  /** e.g. `user@p123456.idp.noon.partners`. */
  channel_identifier: string;
  project_code: string;
  type: 'apijwt';
}

/** POST LOGIN_PATH: a 200 sets the `_npsid` session cookie (and `_nprt`) that later calls send. */
export interface LoginRequest {
  /** RS256 JWT signed with the key, claims sub = key_id, iat, jti. */
  token: string;
  default_project_code: string;
}

/** GET WHOAMI_PATH */
export interface WhoAmIResponse {
  user_code: string;
  username: string;
}

// ---- Errors (every noon API) -------------------------------------------------------------------------------

/** One entry of `detail.details`: a field error (VALIDATION_ERROR) or an item error (ITEM_VALIDATION_FAILED, …). */
export interface ErrorDetail {
  field?: string;
  partner_sku?: string;
  code?: string;
  message: string;
}

/** `{"detail":{"code","message","details"}}`: the body of every refusal (seed 001, Appendix C). */
export interface ErrorBody {
  detail: {
    code: string;
    message: string;
    details?: ErrorDetail[];
  };
}

/** `{}`: the answer of every FBPI and destination call that changes something. */
export type EmptyResponse = Record<string, never>;

// ---- FBN Inbound (paths under /inbound) --------------------------------------------------------------------

/** Appendix A of seed 001. */
export const ASN_STATUSES = [
  'ASN_STATUS_CREATED',
  'ASN_STATUS_SEALED',
  'ASN_STATUS_SCHEDULED',
  'ASN_STATUS_RECEIVING',
  'ASN_STATUS_INBOUNDED',
  'ASN_STATUS_CANCELED',
  'ASN_STATUS_EXPIRED',
] as const;
export type AsnStatus = (typeof ASN_STATUSES)[number];

/** Only FBN_GLOBAL is documented ("use for all ERP integrations"). */
export const SHIPMENT_TYPES = ['SHIPMENT_TYPE_FBN_GLOBAL'] as const;
export type ShipmentType = (typeof SHIPMENT_TYPES)[number];

/** Not documented: named after the pattern of the other enums. */
export const STORAGE_TYPES = ['STORAGE_TYPE_NON_BULKY', 'STORAGE_TYPE_BULKY'] as const;
export type StorageType = (typeof STORAGE_TYPES)[number];

/** The seed cites STATUS_ACTION_SEAL; the other two follow its pattern. */
export const STATUS_ACTIONS = ['STATUS_ACTION_SEAL', 'STATUS_ACTION_CANCEL', 'STATUS_ACTION_RESCHEDULE'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

/** Appendix B of seed 001. */
export type InboundErrorCode =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'WRONG_COUNTRY'
  | 'ASN_NOT_FOUND'
  | 'VALIDATION_ERROR'
  | 'ITEM_VALIDATION_FAILED'
  | 'ITEMS_LIMIT_EXCEEDED'
  | 'INVALID_ASN_STATUS'
  | 'CAPACITY_EXCEEDED'
  | 'CANNOT_CANCEL'
  | 'CANNOT_RESCHEDULE'
  | 'RATE_LIMIT_EXCEEDED'
  | 'INTERNAL_ERROR';

/** The per-item codes of Appendix B, in `details` of ITEM_VALIDATION_FAILED. */
export type InboundItemErrorCode =
  'PARTNER_SKU_NOT_FOUND' | 'INACTIVE_PSKU_CODE' | 'NO_MAPPED_PBARCODE' | 'INVALID_STORAGE_TYPE';

/** `HH:MM`, in the destination warehouse's local time. */
export interface ScheduleSlot {
  start: string;
  end: string;
}

/** An ASN as every inbound answer shows it. */
export interface ShipmentHeader {
  asn_nr: string;
  exref_nr: string;
  shipment_type: ShipmentType;
  status: AsnStatus;
  /** Upper case, as in the inbound examples. */
  country_code: string;
  /** null until scheduled. */
  dst_warehouse_code: string | null;
  expected_qty: number;
  /** `YYYY-MM-DD`, null until scheduled. */
  schedule_date: string | null;
  schedule_slot: ScheduleSlot | null;
  delivery_type: string | null;
  qty_received: number;
  qty_putaway: number;
  total_sku_count: number;
  /** ISO-8601 UTC. */
  created_at: string;
  updated_at: string;
}

/** `{shipment}`: the answer of create, get, item update and delete, status update and schedule. */
export interface ShipmentResponse {
  shipment: ShipmentHeader;
}

/** GET /v1/shipment/list */
export interface ListShipmentsResponse {
  shipments: ShipmentHeader[];
  /** "" on the last page. */
  next_token: string;
  total_count: number;
}

/** One item of GET /v1/catalog/items. */
export interface EligibleItem {
  partner_sku: string;
  sku: string;
  title: string;
  barcode: string;
  image_url: string;
  storage_type: StorageType;
}

export interface ListEligibleItemsResponse {
  items: EligibleItem[];
  /** null on the last page (the shipment list says "" instead). */
  next_token: string | null;
}

/** One item of an ASN. */
export interface ShipmentItem {
  partner_sku: string;
  sku: string;
  title: string;
  qty: number;
  storage_type: StorageType;
  image_url: string;
}

/** GET /v1/shipment/{asn_nr}/items */
export interface ListShipmentItemsResponse {
  items: ShipmentItem[];
  /** null on the last page. */
  next_token: string | null;
  total_sku_count: number;
}

export interface Warehouse {
  warehouse_code: string;
  name: string;
  address: string;
  city: string;
  location: { lat: number; lng: number };
}

/** GET /v1/shipment/{asn_nr}/schedule/slot_availability, for a SEALED ASN. */
export interface SlotAvailabilityResponse {
  warehouses: Array<{
    warehouse: Warehouse;
    days: Array<{ date: string; slots: ScheduleSlot[] }>;
  }>;
}

// ---- FBPI (paths under /fbpi/v1; countries lower case: ae, sa, eg) -----------------------------------------

/** Which noon marketplace the order was placed on. */
export type MpCode = 'noon' | 'namshi';

/** The marketplace's side of an item: wanted by the customer, or cancelled (by the customer, noon or the partner). */
export type MpItemStatus = 'MP_ITEM_STATUS_UNSPECIFIED' | 'MP_ITEM_STATUS_CONFIRMED' | 'MP_ITEM_STATUS_CANCELLED';

/** The partner's side of an item; `_UNSPECIFIED` (the protobuf zero value) until it is acknowledged. */
export type IntegrationItemStatus =
  | 'INTEGRATION_ITEM_STATUS_UNSPECIFIED'
  | 'INTEGRATION_ITEM_STATUS_ACKNOWLEDGED'
  | 'INTEGRATION_ITEM_STATUS_OUT_OF_STOCK'
  | 'INTEGRATION_ITEM_STATUS_SHIPPED';

/** Why an item is MP_ITEM_STATUS_CANCELLED (docs/noon-fbpi.md). */
export type CancellationReasonCode = 'CUSTOMER_CANCELLED' | 'OUT_OF_STOCK' | 'SHIPMENT_CANCELLED';

/** One line of an FBPI order: always one unit. */
export interface FbpiOrderItem {
  mp_item_nr: string;
  partner_sku: string;
  mp_status: MpItemStatus;
  integration_status: IntegrationItemStatus;
  /** What the customer pays for this unit, tax included, in the order's `currency_code` (a JSON number). */
  delivered_invoice_price: number;
  /** On cancelled items only. */
  cancellation_reason_code?: CancellationReasonCode;
}

/** GET /v1/fbpi-order/{fbpi_order_nr}/get, and each order of the list. */
export interface FbpiOrder {
  /** `NFBO…`: the number order events carry. */
  fbpi_order_nr: string;
  mp_code: MpCode;
  /** The customer-facing order number on the marketplace. */
  mp_order_nr: string;
  mp_country_code: string;
  customer_country_code: string;
  /** `STR…` */
  merchant_code: string;
  /** AED for ae, SAR for sa, EGP for eg. */
  currency_code: string;
  warehouse_code: string;
  items: FbpiOrderItem[];
  /** ISO-8601 UTC. */
  order_created_at: string;
}

/** GET /v1/fbpi-order/{fbpi_order_nr}/customer-details/get, in Latin script. */
export interface FbpiOrderCustomerData {
  first_name: string;
  last_name: string;
  city: string;
  administrative_division: string;
}

/** POST /v1/fbpi-orders/list: at most this many orders a page. */
export const MAX_ORDERS_PER_PAGE = 50;

export interface ListFbpiOrdersResponse {
  /** Newest first by order_created_at, then fbpi_order_nr. */
  orders: FbpiOrder[];
  /** "" on the last page. */
  next_token: string;
}

/** The only item status POST /v1/fbpi-order/update takes: the item is out of stock (cancelled on noon's side). */
export const UPDATE_ORDER_ITEM_STATUSES = ['UPDATE_ORDER_REQUEST_ITEM_STATUS_OUT_OF_STOCK'] as const;

/** The courier name of noon's own logistics; any other is the partner's own courier. */
export const NOON_COURIER = 'noon';

/** An airway bill: noon logistics (a number from noon-logistics-awbs) or the partner's courier. */
export interface Awb {
  courier: string;
  awb_nr: string;
}

/** A shipment is named by the partner's own number, unique within the warehouse. */
export interface ShipmentReference {
  warehouse_code: string;
  integration_shipment_nr: string;
}

/** POST /v1/shipment/create: the lines shipped (partial shipments allowed), each one unit. */
export interface CreateFbpiShipmentRequest extends ShipmentReference {
  fbpi_order_nr: string;
  awbs: Awb[];
  items: Array<{ mp_item_nr: string }>;
}

/** POST /v1/shipment/get (body: a ShipmentReference). */
export interface GetShipmentResponse {
  fbpi_order_nr: string;
  awbs: Awb[];
  items: Array<{ mp_item_nr: string; partner_sku: string }>;
}

/** POST /v1/shipment/noon-logistics-awbs/get: `qty` from 1 to this. */
export const MAX_NOON_LOGISTICS_AWBS = 1000;

export interface GetNoonLogisticsAwbsResponse {
  awb_nrs: string[];
}

/** The item statuses a sandbox order may be created with ("confirmed / cancelled"). */
export const SANDBOX_ORDER_ITEM_STATUSES = ['MP_ITEM_STATUS_CONFIRMED', 'MP_ITEM_STATUS_CANCELLED'] as const;
export type SandboxOrderItemStatus = (typeof SANDBOX_ORDER_ITEM_STATUSES)[number];

/** POST /v1/sandbox-order/create: a test order; the same idempotency_key gives back the same order. */
export interface CreateSandboxOrderRequest {
  warehouse_code: string;
  /** At most 10 characters. */
  idempotency_key: string;
  /** partner_sku omitted: noon picks one of the partner's SKUs. */
  items: Array<{ status: SandboxOrderItemStatus; partner_sku?: string | undefined }>;
  /** Default `ae`. */
  country_code?: string | undefined;
}

export interface CreateSandboxOrderResponse {
  fbpi_order_nr: string;
}

/** The FBPI refusals (docs/noon-fbpi.md), in the `{"detail":{...}}` body. */
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

// ---- Stock (/stock/v1) and pricing (/pricing/v1): one gRPC-style status per item ---------------------------

/**
 * The per-item result: `status_id` is the gRPC canonical code (0 OK, 3 INVALID_ARGUMENT, 5 NOT_FOUND,
 * 7 PERMISSION_DENIED, 9 FAILED_PRECONDITION); `status_code` names the reason in noon's words.
 */
export interface ItemStatus {
  status_id: number;
  status_code: ItemStatusCode;
  message: string;
  details: unknown[];
}

/** The per-item codes of both services (docs/noon-fbpi.md). */
export type ItemStatusCode =
  | 'OK'
  | 'PARTNER_SKU_NOT_FOUND'
  | 'INACTIVE_PSKU_CODE'
  | 'WAREHOUSE_NOT_FOUND'
  | 'FORBIDDEN'
  | 'INVALID_QTY'
  | 'INVALID_PROCESSING_TIME'
  | 'INVALID_COUNTRY_CODE'
  | 'NOT_SOLD_IN_COUNTRY'
  | 'INVALID_PRICE'
  | 'INVALID_MSRP'
  | 'NOTHING_TO_UPDATE';

/** The most items one stock or pricing call takes; more is 400 ITEMS_LIMIT_EXCEEDED. */
export const MAX_ITEMS_PER_CALL = 1000;

/** POST /stock/v1/stock-update: `qty` absolute, so a repeated call changes nothing. */
export interface StockUpdateRequest {
  items: Array<{
    warehouse_code: string;
    partner_sku: string;
    qty?: number | undefined;
    /** Whole days from order to hand-over, 0 to 30. */
    processing_time?: number | undefined;
  }>;
}

export interface StockUpdateResponse {
  items: Array<{ warehouse_code: string; partner_sku: string; status: ItemStatus }>;
}

/** POST /stock/v1/stock-list */
export interface StockListRequest {
  items: Array<{ warehouse_code: string; partner_sku: string }>;
}

export interface StockListItem {
  warehouse_code: string;
  partner_sku: string;
  status: ItemStatus;
  /** 0 for an item noon does not know (status says why). */
  qty: number;
  processing_time?: number;
  /** ISO-8601 UTC; absent until the stock was first set. */
  stock_updated_at?: string;
}

export interface StockListResponse {
  items: StockListItem[];
}

/** POST /pricing/v1/pricing/upsert: prices are JSON numbers in the country's currency (ae AED, sa SAR, eg EGP). */
export interface PriceUpsertRequest {
  items: Array<{
    partner_sku: string;
    country_code: string;
    price?: number | undefined;
    /** The "was" price shown struck through; not below `price`. */
    msrp?: number | undefined;
    is_active?: boolean | undefined;
  }>;
}

export interface PriceUpsertResponse {
  items: Array<{ partner_sku: string; country_code: string; status: ItemStatus }>;
}

/** POST /pricing/v1/pricing/get */
export interface PriceGetRequest {
  items: Array<{ partner_sku: string; country_code: string }>;
}

export interface PriceGetItem {
  partner_sku: string;
  country_code: string;
  status: ItemStatus;
  /** Absent when status is not OK. */
  price?: number;
  msrp?: number;
  is_active?: boolean;
  currency_code?: string;
}

export interface PriceGetResponse {
  items: PriceGetItem[];
}

// ---- Event Notifications: what noon posts to a partner's HTTPS destination, and the destination API --------

/** The FBPI order events: the guide's name for a new order, and the API reference's for any change. */
export const FBPI_ORDER_CREATED = 'FBPI::ORDER_CREATED';
export const FBPI_ORDER_SYNC = 'FBPI::ORDER_SYNC';

/** What noon posts to a destination. Event types are `NAMESPACE::EVENT_TYPE`. */
export interface EventEnvelope<Payload = unknown> {
  /** 1 is the only version documented. */
  event_schema_version: 1;
  event_type: string;
  metadata: {
    /** ISO-8601 UTC. */
    published_at: string;
    project_code: string;
    /** The event's identity, the same on every delivery of it. */
    message_id: string;
  };
  payload: Payload;
}

/** The payload of every `FBPI::ORDER_*` event: the order number only; the order is read with its own call. */
export interface FbpiOrderEventPayload {
  order_nr: string;
}

/** A destination's credentials: header name → value, sent on every delivery. */
export interface DestinationCredentials {
  values: Record<string, string>;
}

/** Whether the destination receives one event type. */
export interface DestinationEventType {
  event_type: string;
  is_active: boolean;
}

/** POST /v1/destination/https-destination/create */
export interface CreateHttpsDestinationRequest {
  destination_name: string;
  url: string;
  credentials: DestinationCredentials;
}

export interface CreateHttpsDestinationResponse {
  destination_code: string;
}

/** POST /v1/destination/https-destination/{destination_code}/update: only the fields sent change. */
export interface UpdateHttpsDestinationRequest {
  destination_name?: string | undefined;
  is_active?: boolean | undefined;
  url?: string | undefined;
  credentials?: DestinationCredentials | undefined;
  event_types?: DestinationEventType[] | undefined;
}

/** GET /v1/destination/{destination_code}/get, and each entry of the list. */
export interface Destination {
  destination_code: string;
  destination_name: string;
  url: string;
  is_active: boolean;
  /** Every value read back as REDACTED. */
  credentials: DestinationCredentials;
  event_types: DestinationEventType[];
}

/** GET /v1/destination/list */
export interface ListDestinationsResponse {
  destinations: Destination[];
}

/** GET /v1/event-type/list */
export interface ListEventTypesResponse {
  event_types: string[];
}

/** How credential values read back. */
export const REDACTED = '******';

/** noon's limit of destinations per project. */
export const MAX_DESTINATIONS_PER_PROJECT = 5;

/** The destination API's refusals (docs/noon-fbpi.md, "Webhooks"). */
export type DestinationErrorCode = 'DESTINATION_NOT_FOUND' | 'DESTINATION_LIMIT_EXCEEDED';
