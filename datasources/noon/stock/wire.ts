/**
 * noon's stock and pricing services, which FBPI warehouses use to publish what they can sell and at what price:
 * the payloads exactly as they travel on the wire (reference 1.2, "Stock / price"). Both answer per item with a
 * gRPC-style status, so one refused SKU never fails the others. The choices where the reference is silent are in
 * docs/noon-fbpi.md; the simulator follows them.
 */

/**
 * The per-item result (reference 1.0): `status_id` is the gRPC canonical code (0 OK, 3 INVALID_ARGUMENT,
 * 5 NOT_FOUND, 7 PERMISSION_DENIED, 9 FAILED_PRECONDITION); `status_code` names the reason in noon's words.
 */
export interface ItemStatus {
  status_id: number;
  status_code: string;
  message: string;
  details: unknown[];
}

/** status_id of an applied item. */
export const STATUS_OK = 0;

/** The per-item codes of both services (chosen; docs/noon-fbpi.md). */
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

/** The most items one stock or pricing call takes (chosen; a larger call is 400 ITEMS_LIMIT_EXCEEDED). */
export const MAX_ITEMS_PER_CALL = 1000;

/** POST /stock/v1/stock-update — `qty` is absolute (not a delta), so repeating a call changes nothing. */
export interface StockUpdateRequest {
  items: Array<{
    warehouse_code: string;
    partner_sku: string;
    qty?: number;
    /** Whole days from order to hand-over, 0 to 30. */
    processing_time?: number;
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

/** POST /pricing/v1/pricing/upsert — prices are JSON numbers in the country's currency (ae AED, sa SAR, eg EGP). */
export interface PriceUpsertRequest {
  items: Array<{
    partner_sku: string;
    /** Lower case: `ae`, `sa`, `eg`. */
    country_code: string;
    price?: number;
    /** The "was" price shown struck through; not below `price`. */
    msrp?: number;
    is_active?: boolean;
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
