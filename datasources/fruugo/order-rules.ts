import type { Order, OrderLine } from '../../src/domain/order.js';
import { OrderStatus } from '../../src/domain/order-status.js';
import type { CancelRequest, ShipRequest } from '../../src/domain/ports/order-source.js';
import { RequestCheck, type OpenLine } from '../orders/request-check.js';
import { toOrderStatus, unitStatuses } from './mapping.js';

// Fruugo's business rules (docs/fruugo.md, "Business rules"), checked against the order the gateway keeps before
// any call: Fruugo accepts every call with 202 and fails a broken one only in its callback, seconds later, in words
// that mislead ("item status is PENDING" for cancelling more units than a line has). The kept order can only be
// behind Fruugo (units move forward: PENDING, CONFIRMED, then SHIPPED or cancelled), so what it shows open is at
// least what Fruugo has open: a request refused here would have failed at Fruugo too.

/** Units of a line in the unified statuses a call moves, and the line's units described for a refusal. */
function unitsIn(line: OrderLine, statuses: readonly OrderStatus[]): { units: number; described: string } {
  const units = unitStatuses(line);
  let count = 0;
  for (const [status, quantity] of units) if (statuses.includes(toOrderStatus(status))) count += quantity;
  const described = [...units].map(([status, quantity]) => `${quantity} ${status}`).join(', ');
  return { units: count, described };
}

/** Each line's units in `statuses`, by line id, and why a line has no more. */
function openLines(order: Order, statuses: readonly OrderStatus[], advice = ''): Map<string, OpenLine> {
  return new Map(
    order.lines.map((line) => {
      const { units, described } = unitsIn(line, statuses);
      return [line.id, { units, why: `its units: ${described}${advice}` }];
    }),
  );
}

/** Units of the whole order in `statuses`. */
function orderUnits(order: Order, statuses: readonly OrderStatus[]): number {
  return order.lines.reduce((sum, line) => sum + unitsIn(line, statuses).units, 0);
}

/** Confirm moves pending units: an order with none fails at Fruugo ("order status is CONFIRMED"). */
export function checkFruugoConfirm(order: Order): void {
  const check = new RequestCheck('confirm', order.id);
  if (orderUnits(order, [OrderStatus.PENDING]) === 0) {
    check.order(`has no pending unit to confirm (${describeOrder(order)})`);
  }
  check.verdict();
}

/**
 * Ship moves confirmed units, with a tracking code and URL and nothing else. A confirm still waiting for its callback
 * may have confirmed the pending units already, so while one is pending they count as confirmed.
 */
export function checkFruugoShip(order: Order, request: ShipRequest, confirmPending: boolean): void {
  const check = new RequestCheck('ship', order.id).notTaken(request, {
    carrier: 'Fruugo takes no carrier: its ship call carries trackingNumber and trackingUrl only',
    shipmentNumber: 'Fruugo numbers its shipments itself',
  });
  const shippable = confirmPending ? [OrderStatus.ACKNOWLEDGED, OrderStatus.PENDING] : [OrderStatus.ACKNOWLEDGED];
  const unconfirmed = !confirmPending && orderUnits(order, [OrderStatus.PENDING]) > 0;
  const advice = unconfirmed ? '; only confirmed units ship: confirmOrder first' : '';
  check.lines(request.lines, openLines(order, shippable, advice));
  if (request.lines === undefined && orderUnits(order, shippable) === 0) {
    check.order(
      unconfirmed
        ? `is not confirmed yet: confirmOrder first (${describeOrder(order)})`
        : `has nothing left to ship (${describeOrder(order)})`,
    );
  }
  check.verdict();
}

/** Cancel moves pending, then confirmed units: not those shipped, cancelled, closed by Fruugo or returned. */
export function checkFruugoCancel(order: Order, request: CancelRequest): void {
  const cancellable = [OrderStatus.PENDING, OrderStatus.ACKNOWLEDGED];
  const check = new RequestCheck('cancel', order.id).lines(request.lines, openLines(order, cancellable));
  if (request.lines === undefined && orderUnits(order, cancellable) === 0) {
    check.order(`has nothing left to cancel (${describeOrder(order)})`);
  }
  check.verdict();
}

/** `PROD-1/PSKU-1: 2 CONFIRMED, 1 SHIPPED; …`: where every unit of the order stands. */
function describeOrder(order: Order): string {
  return order.lines.map((line) => `${line.id}: ${unitsIn(line, []).described}`).join('; ');
}
