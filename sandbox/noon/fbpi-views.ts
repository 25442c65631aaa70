import type { FbpiOrder, FbpiOrderItem, GetShipmentResponse } from './wire.js';
import { isoSeconds } from '../shared/clock.js';
import { currencyOf } from './currencies.js';
import type { FbpiItemRecord, FbpiOrderRecord } from './fbpi-orders.js';
import type { FbpiShipmentRecord } from './fbpi-shipments.js';

// The FBPI state as noon puts it on the wire.

function orderItem(item: FbpiItemRecord): FbpiOrderItem {
  return {
    mp_item_nr: item.mpItemNr,
    partner_sku: item.item.partnerSku,
    mp_status: item.mpStatus,
    integration_status: item.integrationStatus,
    delivered_invoice_price: item.price,
    ...(item.cancellationReason === null ? {} : { cancellation_reason_code: item.cancellationReason }),
  };
}

export function fbpiOrder(order: FbpiOrderRecord): FbpiOrder {
  const country = order.countryCode.toLowerCase();
  return {
    fbpi_order_nr: order.fbpiOrderNr,
    mp_code: order.mpCode,
    mp_order_nr: order.mpOrderNr,
    mp_country_code: country,
    customer_country_code: country,
    merchant_code: order.merchantCode,
    currency_code: currencyOf(order.countryCode),
    warehouse_code: order.warehouseCode,
    items: order.items.map(orderItem),
    order_created_at: isoSeconds(order.createdAt),
  };
}

export function fbpiShipment(shipment: FbpiShipmentRecord): GetShipmentResponse {
  return {
    fbpi_order_nr: shipment.order.fbpiOrderNr,
    awbs: shipment.awbs.map((awb) => ({ ...awb })),
    items: shipment.items.map((item) => ({ mp_item_nr: item.mpItemNr, partner_sku: item.item.partnerSku })),
  };
}
