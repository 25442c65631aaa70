import type { InboundWarehouseAvailability } from '../../../src/domain/inbound-schedule.js';
import {
  InboundShipmentStatus,
  InboundShipmentType,
  StorageType,
  type InboundEligibleItem,
  type InboundShipment,
  type InboundShipmentItem,
} from '../../../src/domain/inbound-shipment.js';
import { Marketplace } from '../../../src/domain/marketplace.js';
import type {
  AsnStatus,
  EligibleItem,
  ShipmentHeader,
  ShipmentItem,
  ShipmentType,
  SlotAvailabilityResponse,
  StorageType as WireStorageType,
} from './wire.js';

const STATUS: Record<AsnStatus, InboundShipmentStatus> = {
  ASN_STATUS_CREATED: InboundShipmentStatus.CREATED,
  ASN_STATUS_SEALED: InboundShipmentStatus.SEALED,
  ASN_STATUS_SCHEDULED: InboundShipmentStatus.SCHEDULED,
  ASN_STATUS_RECEIVING: InboundShipmentStatus.RECEIVING,
  ASN_STATUS_INBOUNDED: InboundShipmentStatus.INBOUNDED,
  ASN_STATUS_CANCELED: InboundShipmentStatus.CANCELLED,
  ASN_STATUS_EXPIRED: InboundShipmentStatus.EXPIRED,
};

const SHIPMENT_TYPE: Record<ShipmentType, InboundShipmentType> = {
  SHIPMENT_TYPE_FBN_GLOBAL: InboundShipmentType.FBN_GLOBAL,
};

const STORAGE_TYPE: Record<WireStorageType, StorageType> = {
  STORAGE_TYPE_NON_BULKY: StorageType.NON_BULKY,
  STORAGE_TYPE_BULKY: StorageType.BULKY,
};

function inverse<K extends string, V extends string>(record: Record<K, V>): Record<V, K> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [value, key])) as Record<V, K>;
}

export const toWireStatus = inverse(STATUS);
export const toWireShipmentType = inverse(SHIPMENT_TYPE);
export const toWireStorageType = inverse(STORAGE_TYPE);

/**
 * A status, type or storage value this gateway does not know yet would otherwise become an opaque null: fail
 * loudly instead, naming the value, so the mapping gets extended rather than data silently lost.
 */
function known<K extends string, V>(record: Record<K, V>, value: string, what: string): V {
  const mapped = record[value as K];
  if (mapped === undefined) throw new Error(`noon sent an unknown ${what}: ${value}`);
  return mapped;
}

export function toInboundShipment(header: ShipmentHeader): InboundShipment {
  return {
    asnNumber: header.asn_nr,
    marketplace: Marketplace.NOON,
    externalReference: header.exref_nr,
    shipmentType: known(SHIPMENT_TYPE, header.shipment_type, 'shipment_type'),
    country: header.country_code.toUpperCase(),
    status: known(STATUS, header.status, 'ASN status'),
    destinationWarehouse: header.dst_warehouse_code,
    scheduledDate: header.schedule_date,
    scheduledSlot: header.schedule_slot,
    deliveryType: header.delivery_type,
    expectedQuantity: header.expected_qty,
    receivedQuantity: header.qty_received,
    putAwayQuantity: header.qty_putaway,
    skuCount: header.total_sku_count,
    createdAt: new Date(header.created_at),
    updatedAt: new Date(header.updated_at),
  };
}

export function toInboundShipmentItem(item: ShipmentItem): InboundShipmentItem {
  return {
    partnerSku: item.partner_sku,
    sku: item.sku,
    title: item.title,
    quantity: item.qty,
    storageType: known(STORAGE_TYPE, item.storage_type, 'storage_type'),
    imageUrl: item.image_url || null,
  };
}

export function toInboundEligibleItem(item: EligibleItem): InboundEligibleItem {
  return {
    partnerSku: item.partner_sku,
    sku: item.sku,
    title: item.title,
    barcode: item.barcode,
    imageUrl: item.image_url,
    storageType: known(STORAGE_TYPE, item.storage_type, 'storage_type'),
  };
}

export function toWarehouseAvailability(response: SlotAvailabilityResponse): InboundWarehouseAvailability[] {
  return response.warehouses.map(({ warehouse, days }) => ({
    warehouse: {
      code: warehouse.warehouse_code,
      name: warehouse.name,
      address: warehouse.address,
      city: warehouse.city,
      latitude: warehouse.location.lat,
      longitude: warehouse.location.lng,
    },
    days,
  }));
}
