/**
 * What the Increff simulator accepts and sends on the wire: Increff's standard APIs for marketplaces as seed 002 and
 * section 2 of shared/reference/marketplaces.md describe them (camelCase JSON), with the choices docs/increff.md
 * makes where they are silent (the error body, the order statuses, the outbound answers).
 *
 * The simulator's own description, written from the marketplace's side and shared with nothing in the gateway: a
 * field the gateway's client spells differently is a disagreement the tests see, not a match by construction.
 * The request bodies it accepts are checked by the zod schemas in schemas.ts; what it answers and sends is typed here.
 */

// ---- Inbound: the APIs Increff serves ----------------------------------------------------------------------

/** The three headers Increff issues per client and channel; every inbound call must carry all of them. */
export const AUTH_HEADERS = {
  username: 'authUsername',
  password: 'authPassword',
  domainName: 'authDomainName',
} as const;

/** The values of AUTH_HEADERS for one tenant's client and channel. */
export interface IncreffCredentials {
  username: string;
  password: string;
  domainName: string;
}

/** Create Outward Order takes at most this many order items (the current page; an older one said 1,000). */
export const MAX_ITEMS_PER_ORDER = 2500;

/** Search Inventory: SKUs per call (as the ATP update Increff sends, 200 per batch). */
export const MAX_SKUS_PER_SEARCH = 200;

export const ORDER_TYPES = ['SO', 'STO', 'RTV', 'RPO', 'PO'] as const;
/** COD: cash on delivery; NCOD: prepaid. */
export const PAYMENT_METHODS = ['COD', 'NCOD'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const PACK_TYPES = ['PIECE', 'BULK'] as const;
export const RETURN_ORDER_TYPES = ['SELF_SHIP', 'CUSTOMER_RETURN', 'RETURN_TO_ORIGIN'] as const;
export type ReturnOrderType = (typeof RETURN_ORDER_TYPES)[number];

/**
 * Where an outward order is in the warehouse. Increff publishes no list; these follow its outbound notifications:
 * Pack Order (PACKED), the shipping label and invoice (INVOICED), Handover (HANDED_OVER), every unit cancelled
 * (CANCELLED). docs/increff.md has the machine.
 */
export type OutwardOrderStatus = 'CREATED' | 'PACKED' | 'INVOICED' | 'HANDED_OVER' | 'CANCELLED';

/** As the Search Inventory page writes them. */
export type LocationType = 'Store' | 'Warehouse';

/** An address of an outward order (shipping, billing) or a return (drop, pickup). */
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

/**
 * One item of a cancellation, the customer's (`PUT /orders/{orderCode}/cancel`) or the seller's (sent to the
 * channel). `cancelledQuantity` is absolute: the units of the item cancelled in all after the call.
 */
export interface CancelledItem {
  channelSkuCode: string;
  cancelledQuantity: number;
  orderItemCode: string;
}

export interface LocationInventory {
  /** Units available to promise at this location. */
  quantity: number;
  locationCode: string;
  locationType: LocationType;
}

/** One found SKU of a Search Inventory answer. */
export interface SkuInventory {
  channelSkuCode: string;
  channelSerialNo: string | null;
  totalQuantity: number;
  inventories: LocationInventory[];
}

/** A SKU Search Inventory could not answer for: shape not published, chosen as the SKU and why. */
export interface SkuFailure {
  channelSkuCode: string;
  message: string;
}

/**
 * `POST /inventories/search-sku`. The page's field table says `successList`, its example `sucessList`; the simulator
 * answers one of the two (`successList` unless told otherwise), so a client can be tried against either.
 */
export interface SearchInventoryResponse {
  successList?: SkuInventory[];
  sucessList?: SkuInventory[];
  failureList: SkuFailure[];
}

/** One returned unit of `POST /return/return-orders`: a return of three units holds three items. */
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
  subTaxItemData?: Array<{ type: string; rate: number; amount: number }>;
}

/** One problem with a request: a field (a JSON path such as `orderItems[2].quantity`), an item (by SKU), or both. */
export interface ErrorEntry {
  field?: string;
  channelSkuCode?: string;
  code?: string;
  message: string;
}

/** Every refusal. Increff documents no error body; chosen after its `ApiException` style (docs/increff.md). */
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

// ---- Outbound: what Increff calls on the channel, each touchpoint at its own "Client's URL" ----------------
// The pages give the requests; most answers are not published and are chosen in docs/increff.md ("Webhooks").

/** One invoiced item of a pack update (fields not published; after the outward order's items). */
export interface InvoiceItem {
  channelSkuCode: string;
  orderItemCode: string;
  quantity: number;
  sellingPricePerUnit: number;
}

/** Pack Order: `POST`, once per shipment; the channel must take a repeat of a `shipmentId` as the same pack. */
export interface PackOrderRequest {
  orderCode: string;
  locationCode: string;
  /** Increff's own integer, unique per shipment. */
  shipmentId: number;
  packageSku?: string;
  weight?: number;
  /** e.g. `BLOCK_COMPLETE`. */
  fulfillmentType?: string;
  dimensions?: { length: number; breadth: number; height: number };
  invoice?: {
    shippingAddress?: Address;
    billingAddress?: Address;
    orderTime?: string;
    invoiceItems?: InvoiceItem[];
  };
}

/** Get Shipping Label: `GET` with these as query parameters. */
export interface ShippingLabelQuery {
  orderCode: string;
  shipmentId: number;
  shipmentCode?: string;
  locationCode?: string;
  arePackBoxLabelsRequired?: boolean;
}

/** The label the channel answers: `shippingLabelUrl` or `shippingLabel` (base64), and `awbNumber` and `transporter`. */
export interface ShippingLabelResponse {
  shippingLabelUrl?: string;
  shippingLabel?: string;
  awbNumber: string;
  transporter: string;
  boxLabelDetails?: Array<{ boxId: string; boxLabelUrl?: string; boxAwb?: string }>;
}

/**
 * Handover Notification: `POST`, one per location, the orders it handed to the marketplace's logistics. Payload not
 * published; chosen after the documented USP handover (`POST /usp/handover`).
 */
export interface HandoverNotification {
  locationCode: string;
  orderCodes: string[];
  transporter?: string;
}

/** Seller Cancellation: `PUT`, until the order is invoiced; quantities absolute, as in the customer's. */
export interface SellerCancellationRequest {
  orderCode: string;
  locationCode: string;
  orderItems: CancelledItem[];
}

/** Inventory Update (location-wise ATP): at most this many SKUs per call. */
export const MAX_SKUS_PER_INVENTORY_UPDATE = 200;

/** Inventory Update: `PUT`, on Increff's schedule; each quantity absolute, what the location can promise now. */
export interface InventoryUpdateRequest {
  locationCode: string;
  inventories: Array<{ quantity: number; channelSkuCode: string }>;
}
