import type { CancelRequest, LineQuantity, ShipRequest } from '../../src/domain/ports/order-source.js';
import { RequestCheck, type OpenLine } from '../orders/request-check.js';
import type { InvoiceFieldsFragment } from './generated/sdk.js';

// Marketplacer's rules for shipmentCreate and refundRequestCreate (operator-api.graphql; docs/marketplacer.md),
// checked against the invoice read just before, so a mistake is the caller's BAD_USER_INPUT, naming the caller's
// own fields, with no mutation sent: a shipment takes at most the units of a line neither dispatched nor refunded
// yet; a refund request at most those not refunded yet (a dispatched unit may still be refunded). Orders arrive
// paid, so there is no confirmation to wait for.

/** One line item's units: ordered, dispatched so far, refunded so far. */
interface LineUnits {
  quantity: number;
  dispatched: number;
  refunded: number;
}

/** Every line item of the invoice (by its legacy id, the unified line id) with its units. */
function lineUnits(invoice: InvoiceFieldsFragment): Map<string, LineUnits> {
  const lines = new Map(
    invoice.lineItems.map((line) => [String(line.legacyId), { quantity: line.quantity, dispatched: 0, refunded: 0 }]),
  );
  for (const shipment of invoice.shipments) {
    for (const item of shipment.shippedItems) {
      const line = lines.get(String(item.lineItem.legacyId));
      if (line !== undefined) line.dispatched += item.quantity;
    }
  }
  for (const refund of invoice.refundRequests) {
    for (const item of refund.lineItems) {
      const line = item.lineItem === null ? undefined : lines.get(String(item.lineItem.legacyId));
      if (line !== undefined) line.refunded += item.quantity;
    }
  }
  return lines;
}

/** What a shipment may take of each line: the units neither dispatched nor refunded yet. */
function shippable({ quantity, dispatched, refunded }: LineUnits): number {
  return Math.max(0, quantity - dispatched - refunded);
}

/** What a refund request may take of each line: the units not refunded yet, dispatched or not. */
function refundable({ quantity, refunded }: LineUnits): number {
  return Math.max(0, quantity - refunded);
}

function openLines(invoice: InvoiceFieldsFragment, open: (units: LineUnits) => number): Map<string, OpenLine> {
  return new Map(
    [...lineUnits(invoice)].map(([id, units]) => [
      id,
      {
        units: open(units),
        why: `${units.quantity} ordered, ${units.dispatched} dispatched, ${units.refunded} refunded`,
      },
    ]),
  );
}

/** Units of each line neither dispatched nor refunded yet: what "ship everything" and "cancel everything" mean. */
export function openUnits(invoice: InvoiceFieldsFragment): LineQuantity[] {
  return [...lineUnits(invoice)]
    .map(([lineId, units]) => ({ lineId, quantity: shippable(units) }))
    .filter((line) => line.quantity > 0);
}

/**
 * A shipment: of the invoice's own lines, within what each has left to dispatch; Marketplacer builds the tracking
 * link from the carrier and numbers the shipment itself.
 */
export function checkMarketplacerShip(orderId: string, invoice: InvoiceFieldsFragment, request: ShipRequest): void {
  const check = new RequestCheck('ship', orderId)
    .notTaken(request, {
      trackingUrl: "Marketplacer builds the tracking link from the carrier's own; name the carrier instead",
      shipmentNumber: 'Marketplacer numbers its shipments itself',
    })
    .lines(request.lines, openLines(invoice, shippable));
  if (request.lines === undefined && openUnits(invoice).length === 0) check.order('has nothing left to ship');
  check.verdict();
}

/** A refund request (the cancellation): of the invoice's own lines, within what each has not had refunded. */
export function checkMarketplacerCancel(orderId: string, invoice: InvoiceFieldsFragment, request: CancelRequest): void {
  const check = new RequestCheck('cancel', orderId).lines(request.lines, openLines(invoice, refundable));
  if (request.lines === undefined && openUnits(invoice).length === 0) check.order('has nothing left to cancel');
  check.verdict();
}
