import type { NodeType, RefundRequestStatus } from './wire.js';

/**
 * The simulated marketplace's state. Every object carries its GraphQL type name (`kind`, which also builds its
 * global id) and its `legacyId`; the resolvers read these objects as they are, so field names follow the SDL
 * wherever the SDL has the field.
 */
interface Entity<K extends NodeType> {
  readonly kind: K;
  readonly legacyId: number;
}

export interface Seller extends Entity<'Seller'> {
  businessName: string;
}

export interface Advert extends Entity<'Advert'> {
  title: string;
  seller: Seller;
  /** By legacyId. */
  variants: Variant[];
  createdAt: Date;
  updatedAt: Date;
}

export interface Variant extends Entity<'Variant'> {
  sku: string | null;
  barcode: string | null;
  label: string;
  countOnHand: number;
  priceCents: number;
  advert: Advert;
  updatedAt: Date;
}

export interface ShipmentCarrier extends Entity<'ShipmentCarrier'> {
  name: string;
  trackingUrl: string | null;
}

export interface Order extends Entity<'Order'> {
  createdAt: Date;
  /** One per seller. */
  invoices: Invoice[];
}

export interface Invoice extends Entity<'Invoice'> {
  order: Order;
  seller: Seller;
  createdAt: Date;
  updatedAt: Date;
  postageCents: number;
  lineItems: LineItem[];
  shipments: Shipment[];
  refundRequests: RefundRequest[];
}

export interface LineItem extends Entity<'LineItem'> {
  invoice: Invoice;
  /** null for a custom line item. */
  variant: Variant | null;
  variantSku: string | null;
  variantName: string;
  quantity: number;
  unitPriceCents: number;
  /** Units in shipments. */
  dispatched: number;
  /** Units in refund requests. */
  refunded: number;
}

export interface ShippedItem extends Entity<'ShippedItem'> {
  lineItem: LineItem;
  quantity: number;
}

export interface Shipment extends Entity<'Shipment'> {
  invoice: Invoice;
  carrier: ShipmentCarrier | null;
  trackingNumber: string | null;
  note: string | null;
  dispatchedAt: Date;
  shippedItems: ShippedItem[];
}

export interface RefundRequestLineItem extends Entity<'RefundRequestLineItem'> {
  lineItem: LineItem | null;
  custom: string | null;
  quantity: number;
  amountPerItemCents: number | null;
  reason: string | null;
}

export interface RefundRequest extends Entity<'RefundRequest'> {
  invoice: Invoice;
  status: RefundRequestStatus;
  createdAt: Date;
  lineItems: RefundRequestLineItem[];
  notes: Array<{ note: string }>;
}

/** Anything `node(id)` can return. */
export type NodeEntity =
  Seller | Advert | Variant | ShipmentCarrier | Order | Invoice | LineItem | Shipment | RefundRequest;
