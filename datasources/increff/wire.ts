/**
 * Increff standard APIs for marketplaces: the payloads exactly as they travel on the wire (camelCase), per seed 002
 * and section 2 of shared/reference/marketplaces.md. What Increff's pages leave out (NOT FOUND there: the error
 * body, the order statuses, the shape of `failureList`) is chosen in docs/increff.md; the sandbox simulator
 * (sandbox/increff/) follows the same choices.
 *
 * Paths are relative to the tenant's base URL, issued at onboarding.
 */

/** The three headers Increff issues per client and channel; every inbound call carries them. */
export const AUTH_HEADERS = {
  username: 'authUsername',
  password: 'authPassword',
  domainName: 'authDomainName',
} as const;

/** Create Outward Order takes at most this many order items (an older page version said 1,000). */
export const MAX_ITEMS_PER_ORDER = 2500;

/** Search Inventory: SKUs per call. The ATP update Increff sends uses 200 per batch; we keep to the same. */
export const MAX_SKUS_PER_SEARCH = 200;

export type OrderType = 'SO' | 'STO' | 'RTV' | 'RPO' | 'PO';
export const ORDER_TYPES: readonly OrderType[] = ['SO', 'STO', 'RTV', 'RPO', 'PO'];

/** COD: cash on delivery; NCOD: prepaid. */
export type PaymentMethod = 'COD' | 'NCOD';
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['COD', 'NCOD'];

export type PackType = 'PIECE' | 'BULK';
export const PACK_TYPES: readonly PackType[] = ['PIECE', 'BULK'];

/**
 * Where an outward order is in the warehouse. Increff publishes no status list (NOT FOUND); these follow its
 * outbound notifications: the pack update (PACKED), the shipping label and invoice (INVOICED), the handover
 * notification (HANDED_OVER), and a cancellation of every unit (CANCELLED). docs/increff.md has the machine.
 */
export type OutwardOrderStatus = 'CREATED' | 'PACKED' | 'INVOICED' | 'HANDED_OVER' | 'CANCELLED';
export const OUTWARD_ORDER_STATUSES: readonly OutwardOrderStatus[] = [
  'CREATED',
  'PACKED',
  'INVOICED',
  'HANDED_OVER',
  'CANCELLED',
];

/** `Store` or `Warehouse`, as the Search Inventory page writes them. */
export type LocationType = 'Store' | 'Warehouse';

export interface Address {
  name: string;
  line1: string;
  line2?: string;
  line3?: string;
  city: string;
  state?: string;
  zip?: string;
  country: string;
  email?: string;
  phone?: string;
}

export interface TaxItemForm {
  /** e.g. `VAT`, `CGST`. */
  type: string;
  rate: number;
  taxPerUnit: number;
}

export interface TaxBreakupForm {
  channelSkuId: string;
  baseSellingPricePerUnit: number;
  taxItemForms: TaxItemForm[];
}

export interface GiftOptions {
  giftwrapRequired?: boolean;
  giftMessage?: string;
  giftChargePerUnit?: number;
  giftDocument?: string;
  giftDocumentFormat?: string;
}

export interface OutwardOrderItem {
  channelSkuCode: string;
  /** Unique within the order; Increff's cancellation and pack updates name items by it. */
  orderItemCode: string;
  quantity: number;
  sellerDiscountPerUnit?: number;
  channelDiscountPerUnit?: number;
  /** Tax included. */
  sellingPricePerUnit: number;
  shippingChargePerUnit?: number;
  /** `YYYY-MM-DD`. */
  minExpiry?: string;
  giftOptions?: GiftOptions;
}

/**
 * `POST /orders/outward`: one order per payload, each SKU at most once, at most 2,500 items. Answers an empty 200.
 * Times are ISO-8601 (the gateway sends UTC with milliseconds).
 */
export interface CreateOutwardOrderRequest {
  parentOrderCode?: string;
  /** null (or absent) lets Increff route the order; must be null when `isSplitRequired` is true. */
  locationCode?: string | null;
  orderCode: string;
  orderTime: string;
  orderType: OrderType;
  onHold: boolean;
  isPriority?: boolean;
  gift?: boolean;
  /** e.g. `PASS`. */
  qcStatus?: string;
  dispatchByTime: string;
  startProcessingTime: string;
  paymentMethod: PaymentMethod;
  /** true: Increff may fulfil the order from several locations. */
  isSplitRequired?: boolean;
  taxBreakupForms?: TaxBreakupForm[];
  packType?: PackType;
  shippingAddress?: Address;
  billingAddress?: Address;
  orderItems: OutwardOrderItem[];
}

export interface CancelledItem {
  channelSkuCode: string;
  /** Absolute: how many units of the item are cancelled in all, after this call (not how many more). */
  cancelledQuantity: number;
  orderItemCode: string;
}

/** `PUT /orders/{orderCode}/cancel`: partial or full, before the order is invoiced. Answers an empty 200. */
export interface CustomerCancellationRequest {
  locationCode?: string;
  orderItems: CancelledItem[];
}

/** `POST /inventories/search-sku`. */
export interface SearchInventoryRequest {
  channelSkuCodes: string[];
}

export interface LocationInventory {
  /** Units available to promise at this location. */
  quantity: number;
  locationCode: string;
  locationType: LocationType;
}

export interface SkuInventory {
  channelSkuCode: string;
  channelSerialNo: string | null;
  totalQuantity: number;
  inventories: LocationInventory[];
}

/** A SKU Increff could not answer for. Shape NOT FOUND; chosen: the SKU and why. */
export interface SkuFailure {
  channelSkuCode: string;
  message: string;
}

/**
 * The field table names the found SKUs `successList`; the page's example spells it `sucessList`. Readers accept
 * either (see `successesOf`).
 */
export interface SearchInventoryResponse {
  successList?: SkuInventory[];
  sucessList?: SkuInventory[];
  failureList: SkuFailure[];
}

/** The found SKUs of a Search Inventory answer, under whichever spelling it came. */
export function successesOf(response: SearchInventoryResponse): SkuInventory[] {
  return response.successList ?? response.sucessList ?? [];
}

export type ReturnOrderType = 'SELF_SHIP' | 'CUSTOMER_RETURN' | 'RETURN_TO_ORIGIN';
export const RETURN_ORDER_TYPES: readonly ReturnOrderType[] = ['SELF_SHIP', 'CUSTOMER_RETURN', 'RETURN_TO_ORIGIN'];

export interface SubTaxItem {
  type: string;
  rate: number;
  amount: number;
}

/** One returned unit: an order of three units returns three items. */
export interface ReturnOrderItem {
  /** Unique within the return order. */
  itemCode: string;
  reason: string;
  channelSkuCode: string;
  name?: string;
  brand?: string;
  color?: string;
  category?: string;
  subCategory?: string;
  serialNumber?: string;
  price?: number;
  finalAmountPaid?: number;
  imageUrl?: string;
  storeCreditsUsed?: number;
  subTaxItemData?: SubTaxItem[];
}

export interface ReturnOrderDetails {
  codValue?: number;
  invoiceNumber?: string;
  invoiceTime?: string;
  invoiceValue?: number;
  isCod?: boolean;
  forwardShipmentNumber?: string;
}

export interface ShipmentDimension {
  length?: number;
  breadth?: number;
  height?: number;
  weight?: number;
}

/** `POST /return/return-orders`. Answers an empty 200. */
export interface CreateReturnOrderRequest {
  forwardOrderCode: string;
  returnOrderCode: string;
  locationCode: string;
  returnOrderTime?: string;
  /** e.g. `RETURN_CREATED`. */
  returnOrderStatus?: string;
  expectedDate?: string;
  orderItems: ReturnOrderItem[];
  orderType: ReturnOrderType;
  awbNumber?: string;
  transporter?: string;
  currencyCode?: string;
  regionType?: string;
  returnReason?: string;
  sellerGstin?: string;
  consigneeGstin?: string;
  shipmentDimension?: ShipmentDimension;
  dropAddress?: Address;
  pickupAddress?: Address;
  orderDetails?: ReturnOrderDetails;
}

/** One problem with a request: a field, an item (by SKU), or both. */
export interface ErrorEntry {
  /** JSON path into the request, e.g. `orderItems[2].quantity`. */
  field?: string;
  channelSkuCode?: string;
  code?: string;
  message: string;
}

/**
 * Every refusal. Increff documents no error body (NOT FOUND); chosen after its `ApiException` style: an upper-case
 * `code`, a sentence, and one entry per field or item at fault. docs/increff.md lists the codes.
 */
export interface ErrorBody {
  code: string;
  message: string;
  errors?: ErrorEntry[];
}

/** The codes the simulator answers with (docs/increff.md, "Errors"). */
export type IncreffErrorCode =
  | 'BAD_DATA'
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'ORDER_NOT_FOUND'
  | 'ORDER_ALREADY_EXISTS'
  | 'DUPLICATE_CHANNEL_SKU'
  | 'ITEM_LIMIT_EXCEEDED'
  | 'CHANNEL_SKU_NOT_FOUND'
  | 'LOCATION_NOT_FOUND'
  | 'INSUFFICIENT_INVENTORY'
  | 'ORDER_ITEM_NOT_FOUND'
  | 'INVALID_CANCELLED_QUANTITY'
  | 'CANCELLATION_NOT_ALLOWED'
  | 'RETURN_ORDER_ALREADY_EXISTS'
  | 'RETURN_NOT_ALLOWED'
  | 'RETURN_QUANTITY_EXCEEDED'
  | 'RATE_LIMIT_EXCEEDED'
  | 'INTERNAL_ERROR'
  | 'SERVICE_UNAVAILABLE';

// Outbound: what Increff calls on the channel, each touchpoint at its own "Client's URL" configured in Increff.
// The pages give the requests; most answers are NOT FOUND there and are chosen in docs/increff.md ("Webhooks").

export interface PackDimensions {
  length: number;
  breadth: number;
  height: number;
}

/** One invoiced item of a pack update. Fields NOT FOUND; chosen after the outward order's items. */
export interface InvoiceItem {
  channelSkuCode: string;
  orderItemCode: string;
  quantity: number;
  sellingPricePerUnit: number;
}

export interface PackInvoice {
  fromAddress?: Address;
  shippingAddress?: Address;
  billingAddress?: Address;
  orderTime?: string;
  channelName?: string;
  fromPartyName?: string;
  toPartyName?: string;
  fromTIN?: string;
  toTIN?: string;
  panNo?: string;
  invoiceItems?: InvoiceItem[];
}

/**
 * Pack Order: `POST {Client's URL}`, once per shipment (B2C: one per location of the order). The channel must be
 * idempotent on `shipmentId`: a repeat succeeds with the same answer.
 */
export interface PackOrderRequest {
  orderCode: string;
  locationCode: string;
  /** Increff's own integer, unique per shipment. */
  shipmentId: number;
  packageSku?: string;
  weight?: number;
  /** e.g. `BLOCK_COMPLETE`. */
  fulfillmentType?: string;
  dimensions?: PackDimensions;
  invoice?: PackInvoice;
}

/** The channel's answer to a pack update (NOT FOUND; chosen: the shipment it took). */
export interface PackOrderResponse {
  orderCode: string;
  locationCode: string;
  shipmentId: number;
}

/** Get Shipping Label: `GET {Client's URL}?orderCode&shipmentId&shipmentCode&locationCode&arePackBoxLabelsRequired`. */
export interface ShippingLabelQuery {
  orderCode: string;
  shipmentId: number;
  shipmentCode?: string;
  locationCode?: string;
  arePackBoxLabelsRequired?: boolean;
}

export interface BoxLabel {
  boxId: string;
  boxLabelUrl?: string;
  boxAwb?: string;
}

/** The label: `shippingLabelUrl` or `shippingLabel` (base64), one of them required; `awbNumber` and `transporter` required. */
export interface ShippingLabelResponse {
  shippingLabelUrl?: string;
  shippingLabel?: string;
  awbNumber: string;
  transporter: string;
  boxLabelDetails: BoxLabel[];
}

/**
 * Handover Notification: `POST {Client's URL}`. The outbound payload is NOT FOUND; chosen after the documented USP
 * handover (`POST /usp/handover`): the orders one location handed to the marketplace's logistics.
 */
export interface HandoverNotification {
  locationCode: string;
  orderCodes: string[];
  transporter?: string;
  lrNumber?: string;
  vehicleNumber?: string;
  remarks?: string;
}

/** Seller Cancellation: `PUT {Client's URL}`, until the order is invoiced; quantities absolute, as the customer's. */
export interface SellerCancellationRequest {
  orderCode: string;
  locationCode: string;
  orderItems: CancelledItem[];
}

/** Inventory Update (location-wise ATP): at most this many SKUs per call. */
export const MAX_SKUS_PER_INVENTORY_UPDATE = 200;

export interface AtpInventory {
  /** Absolute: what the location can promise now. */
  quantity: number;
  channelSkuCode: string;
  channelSerialNo?: string;
  /** `YYYY-MM-DD`. */
  minExpiry?: string;
}

/** Inventory Update = (Location Wise) ATP: `PUT {Client's URL}`, on Increff's schedule, 200 SKUs per batch. */
export interface InventoryUpdateRequest {
  locationCode: string;
  inventories: AtpInventory[];
}

/** A row the channel took (shape NOT FOUND; chosen). */
export interface AtpSuccess {
  channelSkuCode: string;
  /** As sent, when the row named one. */
  channelSerialNo?: string;
}

/** A row the channel refused and why (shape NOT FOUND; chosen); `channelSkuCode` null when the row names none. */
export interface AtpFailure {
  channelSkuCode: string | null;
  message: string;
}

export interface InventoryUpdateResponse {
  successList: AtpSuccess[];
  failureList: AtpFailure[];
}

/** Get Credential: `GET {Client's URL}` answers header pairs that Increff sends on its later calls. */
export type CredentialHeaders = Record<string, string>;
