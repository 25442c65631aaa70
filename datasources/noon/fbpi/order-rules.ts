import type { CancelRequest, ShipRequest } from '../../../src/domain/ports/order-source.js';
import { RequestCheck, type OpenLine } from '../../orders/request-check.js';
import { NOON_COURIER, type FbpiOrder, type FbpiOrderItem } from './wire.js';

// noon's rules for its partner's calls (docs/noon-fbpi.md, "UpdateOrder" and "Shipments"), checked before any call
// that would change the order (or spend a noon-logistics AWB): every FBPI line is one unit; CreateShipment takes
// acknowledged, live, unshipped lines (409 INVALID_ITEM_STATUS otherwise); UpdateOrder marks out of stock a live
// line not shipped yet, or one already out of stock again. The order is read from noon just before, so it is
// noon's own view.

type Item = FbpiOrderItem;

function isCancelled(item: Item): boolean {
  return item.mp_status === 'MP_ITEM_STATUS_CANCELLED';
}

/** Live, not shipped: acknowledged or not, noon still waits for the partner (UpdateOrder's "open" item). */
export function isOpen(item: Item): boolean {
  return (
    !isCancelled(item) &&
    (item.integration_status === 'INTEGRATION_ITEM_STATUS_UNSPECIFIED' ||
      item.integration_status === 'INTEGRATION_ITEM_STATUS_ACKNOWLEDGED')
  );
}

/** A live line the partner has acknowledged and not shipped yet: what CreateShipment takes. */
export function awaitsShipping(item: Item): boolean {
  return isOpen(item) && item.integration_status === 'INTEGRATION_ITEM_STATUS_ACKNOWLEDGED';
}

/** Where a line stands, in words, for a refusal. */
function state(item: Item): string {
  if (item.integration_status === 'INTEGRATION_ITEM_STATUS_OUT_OF_STOCK') return 'marked out of stock';
  if (isCancelled(item)) return `cancelled (${item.cancellation_reason_code ?? 'by noon'})`;
  if (item.integration_status === 'INTEGRATION_ITEM_STATUS_SHIPPED') return 'shipped';
  if (item.integration_status === 'INTEGRATION_ITEM_STATUS_UNSPECIFIED')
    return 'not acknowledged yet: confirmOrder first';
  return 'acknowledged';
}

/** Each line's one unit, open when `takes` says so; "one unit each" said of every line, as noon counts them. */
function openLines(order: FbpiOrder, takes: (item: Item) => boolean): Map<string, OpenLine> {
  return new Map(
    order.items.map((item) => [
      item.mp_item_nr,
      { units: takes(item) ? 1 : 0, why: `noon lines are one unit each; this one is ${state(item)}` },
    ]),
  );
}

/**
 * What a ship request says of itself, checked before noon is asked anything: noon has no tracking URL; a courier of
 * the partner's own needs its AWB, and an AWB its courier (`noon` for noon logistics).
 */
export function checkNoonShipRequest(orderId: string, request: ShipRequest): void {
  const check = new RequestCheck('ship', orderId).notTaken(request, {
    trackingUrl: 'noon has no tracking URL: its shipments carry a courier and an AWB number',
  });
  if (request.trackingNumber !== undefined && request.carrier === undefined) {
    check.field('trackingNumber', 'needs the carrier it belongs to (carrier "noon" for noon logistics)');
  }
  if (request.carrier !== undefined && request.carrier !== NOON_COURIER && !request.trackingNumber) {
    check.field(
      'carrier',
      `${request.carrier} needs a trackingNumber (the AWB); omit the carrier to ship with noon logistics`,
    );
  }
  check.verdict();
}

/** The lines to ship against the order: each named line acknowledged, live and not shipped, one unit. */
export function checkNoonShipLines(orderId: string, order: FbpiOrder, request: ShipRequest): void {
  const check = new RequestCheck('ship', orderId).lines(request.lines, openLines(order, awaitsShipping));
  // The whole order: nothing acknowledged, while lines wait for the acknowledgement, is the partner's step missing.
  if (request.lines === undefined && !order.items.some(awaitsShipping) && order.items.some(isOpen)) {
    check.order('is not acknowledged yet: confirmOrder first');
  }
  check.verdict();
}

/** What a cancel request says of itself: noon's out-of-stock call carries no message. */
export function checkNoonCancelRequest(orderId: string, request: CancelRequest): void {
  new RequestCheck('cancel', orderId)
    .notTaken(request, {
      messageToCustomer: "noon's out-of-stock call carries no message; noon tells the customer itself",
    })
    .verdict();
}

/** The lines to mark out of stock: each live and not shipped, or out of stock already (a repeat noon takes). */
export function checkNoonCancelLines(orderId: string, order: FbpiOrder, request: CancelRequest): void {
  const takes = (item: Item) => isOpen(item) || item.integration_status === 'INTEGRATION_ITEM_STATUS_OUT_OF_STOCK';
  new RequestCheck('cancel', orderId).lines(request.lines, openLines(order, takes)).verdict();
}
