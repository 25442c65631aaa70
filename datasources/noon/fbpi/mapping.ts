import { Marketplace } from '../../../src/domain/marketplace.js';
import { orderId, type Order, type OrderLine, type OrderShipment } from '../../../src/domain/order.js';
import { OrderStatus } from '../../../src/domain/order-status.js';
import { fromDecimal, fromMinorUnits, sumMoney } from '../../money.js';
import { wholeOrderStatus } from '../../orders/status.js';
import {
  MP_ITEM_STATUSES,
  type FbpiOrder,
  type FbpiOrderItem,
  type GetShipmentResponse,
  type IntegrationItemStatus,
} from './wire.js';

/**
 * A line's status from the partner's side of it (integration_status), unless the marketplace cancelled it
 * (mp_status MP_ITEM_STATUS_CANCELLED wins: by the customer, out of stock, or a cancelled shipment). The README's
 * status table is written from this.
 */
const LINE_STATUS: Record<IntegrationItemStatus, OrderStatus> = {
  INTEGRATION_ITEM_STATUS_UNSPECIFIED: OrderStatus.PENDING,
  INTEGRATION_ITEM_STATUS_ACKNOWLEDGED: OrderStatus.ACKNOWLEDGED,
  INTEGRATION_ITEM_STATUS_OUT_OF_STOCK: OrderStatus.CANCELLED,
  INTEGRATION_ITEM_STATUS_SHIPPED: OrderStatus.SHIPPED,
};

/**
 * A status this gateway does not know yet would otherwise be mapped to a guess: fail loudly instead, naming the
 * value, so the mapping gets extended rather than an order shown in the wrong state.
 */
function unknownValue(what: string, value: string): Error {
  return new Error(`noon sent an unknown ${what}: ${value}`);
}

export function lineStatus(item: FbpiOrderItem): OrderStatus {
  if (!MP_ITEM_STATUSES.includes(item.mp_status)) throw unknownValue('mp_status', item.mp_status);
  const status = LINE_STATUS[item.integration_status];
  if (status === undefined) throw unknownValue('integration_status', item.integration_status);
  return item.mp_status === 'MP_ITEM_STATUS_CANCELLED' ? OrderStatus.CANCELLED : status;
}

/** Both of noon's statuses of an item, as sent: `MP_ITEM_STATUS_CONFIRMED/INTEGRATION_ITEM_STATUS_SHIPPED`. */
function rawStatus(item: FbpiOrderItem): string {
  return `${item.mp_status}/${item.integration_status}`;
}

function toOrderLine(item: FbpiOrderItem, currency: string): OrderLine {
  return {
    marketplace: Marketplace.NOON,
    id: item.mp_item_nr,
    sku: item.partner_sku,
    // noon's order carries no title; the catalog has it.
    title: null,
    // Each FBPI line is one unit; a customer buying two gets two lines.
    quantity: 1,
    unitPrice: fromDecimal(item.delivered_invoice_price, currency),
    status: lineStatus(item),
    marketplaceStatus: rawStatus(item),
  };
}

/** One shipment as GetShipment answers it; noon sends no timestamp and no tracking URL. */
export function toOrderShipment(integrationShipmentNr: string, shipment: GetShipmentResponse): OrderShipment {
  // A shipment may carry several parcels (AWBs); the first is the one created with it.
  const [first] = shipment.awbs;
  return {
    id: integrationShipmentNr,
    carrier: first?.courier ?? null,
    trackingNumber: first?.awb_nr ?? null,
    trackingUrl: null,
    lineIds: shipment.items.map((item) => item.mp_item_nr),
    createdAt: null,
  };
}

/**
 * An FBPI order in the unified model. noon's order read names no shipment, so only the shipments the caller
 * fetched itself (`ship` fetches the one it made) are listed. noon keeps no update time: updatedAt is the
 * creation time.
 */
export function toOrder(order: FbpiOrder, shipments: readonly OrderShipment[] = []): Order {
  const currency = order.currency_code.toUpperCase();
  const lines = order.items.map((item) => toOrderLine(item, currency));
  const charged = lines.flatMap((line) =>
    line.status === OrderStatus.CANCELLED || line.unitPrice === null ? [] : [line.unitPrice],
  );
  const createdAt = new Date(order.order_created_at);
  return {
    id: orderId(Marketplace.NOON, order.fbpi_order_nr),
    marketplace: Marketplace.NOON,
    externalId: order.fbpi_order_nr,
    status: wholeOrderStatus(lines.map((line) => line.status)),
    // noon keeps a status per item only (each line's marketplaceStatus).
    marketplaceStatus: null,
    createdAt,
    updatedAt: createdAt,
    currency,
    // What the customer pays: the lines still live (a cancelled line is refunded).
    total: sumMoney(charged) ?? fromMinorUnits(0, currency),
    lines,
    shipments: [...shipments],
  };
}
