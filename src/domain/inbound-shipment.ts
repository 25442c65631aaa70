import { opaqueId } from './ids.js';
import type { Marketplace } from './marketplace.js';
import type { TimeSlot } from './inbound-schedule.js';

/**
 * An ASN number (noon's `asn_nr`), which goes into noon's paths. noon documents no shape for it (the simulator's are
 * `ASN` and ten digits), so only what every id is held to, within the 64 characters the gateway has always taken.
 */
export const ASN_NUMBER = opaqueId('an ASN number', 64);

/**
 * An ASN (advance shipping notice) is noon FBN's word for an inbound shipment: stock a partner announces before
 * sending it into a noon warehouse. These are its states in noon's order (docs/noon-inbound.md, status machine).
 */
export enum InboundShipmentStatus {
  CREATED = 'CREATED',
  SEALED = 'SEALED',
  SCHEDULED = 'SCHEDULED',
  RECEIVING = 'RECEIVING',
  INBOUNDED = 'INBOUNDED',
  CANCELLED = 'CANCELLED',
  EXPIRED = 'EXPIRED',
}

/** noon's shipment types; FBN_GLOBAL is the one it asks ERP integrations to use. */
export enum InboundShipmentType {
  FBN_GLOBAL = 'FBN_GLOBAL',
}

/** noon keeps bulky and non-bulky items apart: they never share an ASN. */
export enum StorageType {
  NON_BULKY = 'NON_BULKY',
  BULKY = 'BULKY',
}

/** An FBN inbound shipment (ASN): stock on its way into a noon warehouse. */
export interface InboundShipment {
  /** noon's ASN number. */
  asnNumber: string;
  /** Always NOON: FBN is noon's fulfilment network. */
  marketplace: Marketplace;
  /** The partner's own reference; unique per shipment type. */
  externalReference: string;
  shipmentType: InboundShipmentType;
  country: string;
  status: InboundShipmentStatus;
  /** The warehouse code, once scheduled. */
  destinationWarehouse: string | null;
  /** The delivery day (YYYY-MM-DD), in the warehouse's calendar. */
  scheduledDate: string | null;
  scheduledSlot: TimeSlot | null;
  /** noon's delivery type, once scheduled. */
  deliveryType: string | null;
  /** Units announced, over all items. */
  expectedQuantity: number;
  receivedQuantity: number;
  putAwayQuantity: number;
  /** Distinct SKUs in the ASN. */
  skuCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/** An item of an ASN. */
export interface InboundShipmentItem {
  /** The partner's own SKU. */
  partnerSku: string;
  /** noon's SKU for the item. */
  sku: string;
  title: string;
  quantity: number;
  storageType: StorageType;
  imageUrl: string | null;
}

/** A catalog item that may be sent to an FBN warehouse: noon has mapped its barcode, title and image. */
export interface InboundEligibleItem {
  partnerSku: string;
  sku: string;
  title: string;
  barcode: string;
  imageUrl: string;
  storageType: StorageType;
}

/** An item the marketplace did not take, and why: items of one change succeed or fail one by one. */
export interface InboundItemFailure {
  partnerSku: string;
  /** The marketplace's code, e.g. PARTNER_SKU_NOT_FOUND or NO_MAPPED_PBARCODE. */
  code: string;
  message: string;
}

/** The outcome of changing many items: the ASN after the change, and each item refused. */
export interface InboundShipmentItemsResult {
  shipment: InboundShipment;
  /** Items applied. */
  appliedCount: number;
  /** Items not applied, each with its reason; empty when all went in. */
  failures: InboundItemFailure[];
}

/** A new ASN. Creating again with the same external reference returns the same ASN. */
export interface NewInboundShipment {
  externalReference: string;
  /** ISO 3166-1 alpha-2: an ASN serves one country. */
  country: string;
  shipmentType: InboundShipmentType;
}

/** The quantity an ASN should hold of one item (replacing any earlier one). */
export interface InboundItemQuantity {
  partnerSku: string;
  quantity: number;
  storageType: StorageType;
}
