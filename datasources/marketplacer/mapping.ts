import { fromMinorUnits } from '../money.js';
import { wholeOrderStatus } from '../orders/status.js';
import type { InventoryLevel } from '../../src/domain/inventory-level.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import { orderId, type Order, type OrderLine, type OrderShipment } from '../../src/domain/order.js';
import { OrderStatus } from '../../src/domain/order-status.js';
import type { InvoiceFieldsFragment, LineItemStatus, VariantStockFieldsFragment } from './generated/sdk.js';

type WireLineItem = InvoiceFieldsFragment['lineItems'][number];
type WireShipment = InvoiceFieldsFragment['shipments'][number];

/**
 * A line item's status (docs/marketplacer.md). Marketplacer orders arrive paid and need no acceptance, so a line
 * awaiting dispatch is already ACKNOWLEDGED; a line is SHIPPED only when all its live units are.
 */
export const LINE_STATUS: Record<LineItemStatus, OrderStatus> = {
  AWAITING_DISPATCH: OrderStatus.ACKNOWLEDGED,
  PARTIALLY_DISPATCHED: OrderStatus.ACKNOWLEDGED,
  DISPATCHED: OrderStatus.SHIPPED,
  CANCELLED: OrderStatus.CANCELLED,
  RETURNED: OrderStatus.RETURNED,
};

function known(status: string): OrderStatus {
  const mapped = LINE_STATUS[status as LineItemStatus];
  // A status this gateway does not know yet would otherwise vanish into a wrong one: fail loudly instead.
  if (mapped === undefined) throw new Error(`Marketplacer sent an unknown line item status: ${status}`);
  return mapped;
}

function toOrderLine(line: WireLineItem, currency: string): OrderLine {
  return {
    marketplace: Marketplace.MARKETPLACER,
    id: String(line.legacyId),
    // A custom line item may have no SKU.
    sku: line.variantSku ?? '',
    title: line.variantName,
    quantity: line.quantity,
    unitPrice: fromMinorUnits(line.unitPriceCents, currency),
    status: known(line.status),
    marketplaceStatus: line.status,
  };
}

function toShipment(shipment: WireShipment): OrderShipment {
  return {
    id: String(shipment.legacyId),
    carrier: shipment.carrier,
    trackingNumber: shipment.trackingNumber,
    trackingUrl: shipment.trackingLink,
    lineIds: [...new Set(shipment.shippedItems.map((item) => String(item.lineItem.legacyId)))],
    createdAt: new Date(shipment.dispatchedAt),
  };
}

/**
 * An invoice (one seller's part of an order) as a unified Order, id `MARKETPLACER:<invoice legacyId>`. The total
 * is what the buyer pays for the lines: the invoice's total without postage.
 */
export function toOrder(invoice: InvoiceFieldsFragment): Order {
  const lines = invoice.lineItems.map((line) => toOrderLine(line, invoice.currency));
  const externalId = String(invoice.legacyId);
  return {
    id: orderId(Marketplace.MARKETPLACER, externalId),
    marketplace: Marketplace.MARKETPLACER,
    externalId,
    status: wholeOrderStatus(lines.map((line) => line.status)),
    // An invoice has status flags (PAID, PARTIALLY_SENT), not a status; each line item has its own.
    marketplaceStatus: null,
    createdAt: new Date(invoice.createdAt),
    updatedAt: new Date(invoice.updatedAt),
    currency: invoice.currency,
    total: fromMinorUnits(invoice.totalCents - invoice.postageCents, invoice.currency),
    lines,
    shipments: invoice.shipments.map(toShipment),
  };
}

/**
 * Variants' stock at their sellers, one level each; the location is the seller's business name
 * (docs/marketplacer.md). A variant without a SKU has no level: the unified model finds stock by SKU.
 */
export function toInventoryLevels(variants: readonly VariantStockFieldsFragment[]): InventoryLevel[] {
  return variants.flatMap((variant) =>
    variant.sku === null
      ? []
      : [
          {
            sku: variant.sku,
            marketplace: Marketplace.MARKETPLACER,
            location: variant.advert.seller.businessName,
            available: variant.countOnHand,
            updatedAt: new Date(variant.updatedAt),
          },
        ],
  );
}
