import type { EligibleItem, ShipmentHeader, ShipmentItem, Warehouse } from './wire.js';
import type { CatalogItem } from './catalog.js';
import { isoSeconds } from '../shared/clock.js';
import { expectedQty, type Shipment, type ShipmentLine } from './shipments.js';
import type { InboundWarehouse } from './warehouses.js';

// The sandbox's state as noon puts it on the wire.

export function shipmentHeader(shipment: Shipment): ShipmentHeader {
  return {
    asn_nr: shipment.asnNr,
    exref_nr: shipment.exrefNr,
    shipment_type: shipment.shipmentType,
    status: shipment.status,
    country_code: shipment.countryCode,
    dst_warehouse_code: shipment.schedule?.warehouseCode ?? null,
    expected_qty: expectedQty(shipment),
    schedule_date: shipment.schedule?.date ?? null,
    schedule_slot: shipment.schedule === null ? null : { ...shipment.schedule.slot },
    // Sellers drop their goods off at the warehouse: the only delivery mode the sandbox books.
    delivery_type: shipment.schedule === null ? null : 'DELIVERY_TYPE_DROP_OFF',
    qty_received: shipment.qtyReceived,
    qty_putaway: shipment.qtyPutaway,
    total_sku_count: shipment.lines.size,
    created_at: isoSeconds(shipment.createdAt),
    updated_at: isoSeconds(shipment.updatedAt),
  };
}

export function shipmentItem({ item, qty }: ShipmentLine): ShipmentItem {
  return {
    partner_sku: item.partnerSku,
    sku: item.sku,
    title: item.title,
    qty,
    storage_type: item.storageType,
    image_url: item.imageUrl,
  };
}

/** Only called for eligible items, which always have a barcode. */
export function eligibleItem(item: CatalogItem): EligibleItem {
  return {
    partner_sku: item.partnerSku,
    sku: item.sku,
    title: item.title,
    barcode: item.barcode ?? '',
    image_url: item.imageUrl,
    storage_type: item.storageType,
  };
}

export function warehouse(source: InboundWarehouse): Warehouse {
  return {
    warehouse_code: source.code,
    name: source.name,
    address: source.address,
    city: source.city,
    location: { ...source.location },
  };
}
