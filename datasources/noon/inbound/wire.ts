/**
 * noon FBN Inbound API: the payloads exactly as they travel on the wire (snake_case), per seed 001 and
 * section 1.1 of shared/reference/marketplaces.md. Values the public docs do not spell out are the choices written
 * in docs/noon-inbound.md; the sandbox simulator follows the same choices.
 *
 * All paths are relative to `<base>/inbound`.
 */

/** Appendix A of the seed names the statuses with this prefix. */
export type AsnStatus =
  | 'ASN_STATUS_CREATED'
  | 'ASN_STATUS_SEALED'
  | 'ASN_STATUS_SCHEDULED'
  | 'ASN_STATUS_RECEIVING'
  | 'ASN_STATUS_INBOUNDED'
  | 'ASN_STATUS_CANCELED'
  | 'ASN_STATUS_EXPIRED';

export const ASN_STATUSES: readonly AsnStatus[] = [
  'ASN_STATUS_CREATED',
  'ASN_STATUS_SEALED',
  'ASN_STATUS_SCHEDULED',
  'ASN_STATUS_RECEIVING',
  'ASN_STATUS_INBOUNDED',
  'ASN_STATUS_CANCELED',
  'ASN_STATUS_EXPIRED',
];

/** Only FBN_GLOBAL is documented ("use for all ERP integrations"). */
export type ShipmentType = 'SHIPMENT_TYPE_FBN_GLOBAL';
export const SHIPMENT_TYPES: readonly ShipmentType[] = ['SHIPMENT_TYPE_FBN_GLOBAL'];

/** Enum values not documented: chosen after the pattern of the other enums. */
export type StorageType = 'STORAGE_TYPE_NON_BULKY' | 'STORAGE_TYPE_BULKY';
export const STORAGE_TYPES: readonly StorageType[] = ['STORAGE_TYPE_NON_BULKY', 'STORAGE_TYPE_BULKY'];

/** The seed cites STATUS_ACTION_SEAL; the other two follow its pattern. */
export type StatusAction = 'STATUS_ACTION_SEAL' | 'STATUS_ACTION_CANCEL' | 'STATUS_ACTION_RESCHEDULE';
export const STATUS_ACTIONS: readonly StatusAction[] = [
  'STATUS_ACTION_SEAL',
  'STATUS_ACTION_CANCEL',
  'STATUS_ACTION_RESCHEDULE',
];

/** `HH:MM`, in the destination warehouse's local time. */
export interface ScheduleSlot {
  start: string;
  end: string;
}

export interface ShipmentHeader {
  asn_nr: string;
  exref_nr: string;
  shipment_type: ShipmentType;
  status: AsnStatus;
  /** ISO 3166-1 alpha-2, upper case as in the inbound examples. */
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

/** `{shipment}`: the answer of create, get, item update/delete, status update and schedule. */
export interface ShipmentResponse {
  shipment: ShipmentHeader;
}

/** POST /v1/shipment/create — idempotent on exref_nr + shipment_type. */
export interface CreateShipmentRequest {
  shipment_type: ShipmentType;
  exref_nr: string;
  country_code: string;
}

/** GET /v1/catalog/items — query: next_token, page_size (default 100, max 500), country_code, storage_type, search. */
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
  /** null or "" on the last page. */
  next_token: string | null;
}

/** POST /v1/shipment/items/update — upsert by partner_sku, at most 1,000 items a call. */
export interface UpdateShipmentItemsRequest {
  asn_nr: string;
  items: Array<{ partner_sku: string; qty: number; storage_type: StorageType }>;
}

/** POST /v1/shipment/items/delete — at most 1,000 partner_skus a call. */
export interface DeleteShipmentItemsRequest {
  asn_nr: string;
  partner_skus: string[];
}

export interface ShipmentItem {
  partner_sku: string;
  sku: string;
  title: string;
  qty: number;
  storage_type: StorageType;
  image_url: string;
}

/** GET /v1/shipment/{asn_nr}/items — query: next_token, page_size (default 1000, max 1000). */
export interface ListShipmentItemsResponse {
  items: ShipmentItem[];
  next_token: string | null;
  total_sku_count: number;
}

/** POST /v1/shipment/status/update */
export interface UpdateShipmentStatusRequest {
  asn_nr: string;
  action: StatusAction;
}

export interface Warehouse {
  warehouse_code: string;
  name: string;
  address: string;
  city: string;
  location: { lat: number; lng: number };
}

/** GET /v1/shipment/{asn_nr}/schedule/slot_availability — ASN must be SEALED. */
export interface SlotAvailabilityResponse {
  warehouses: Array<{
    warehouse: Warehouse;
    days: Array<{ date: string; slots: ScheduleSlot[] }>;
  }>;
}

/** POST /v1/shipment/schedule */
export interface ScheduleShipmentRequest {
  asn_nr: string;
  dst_warehouse_code: string;
  schedule_date: string;
  schedule_slot: ScheduleSlot;
}

/** GET /v1/shipment/list — query: next_token, page_size (default 50, max 200), filter.status, country_code. */
export interface ListShipmentsResponse {
  shipments: ShipmentHeader[];
  /** "" when there are no more pages (the overview says null or absent: both are read as the end). */
  next_token: string | null;
  total_count: number;
}

/** Appendix B of the seed. */
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

/** The per-item codes of Appendix B, carried in `details` of ITEM_VALIDATION_FAILED. */
export type InboundItemErrorCode =
  'PARTNER_SKU_NOT_FOUND' | 'INACTIVE_PSKU_CODE' | 'NO_MAPPED_PBARCODE' | 'INVALID_STORAGE_TYPE';

/** One entry of `detail.details`: a field error (VALIDATION_ERROR) or an item error (ITEM_VALIDATION_FAILED). */
export interface ErrorDetail {
  field?: string;
  partner_sku?: string;
  code?: string;
  message: string;
}

/** `{"detail":{"code","message","details"}}` — the body of every noon error answer. */
export interface ErrorBody {
  detail: {
    code: string;
    message: string;
    details?: ErrorDetail[];
  };
}
