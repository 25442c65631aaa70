import type { Order } from '../../src/domain/order.js';
import type { CancelRequest } from '../../src/domain/ports/order-source.js';
import { RequestCheck } from '../orders/request-check.js';

/** The steps after which Increff refuses a customer cancellation (409 CANCELLATION_NOT_ALLOWED, docs/increff.md). */
const PAST_CANCELLATION: ReadonlyArray<string | null> = ['INVOICED', 'HANDED_OVER'];

/**
 * Increff's Customer Cancellation (docs/increff.md), checked against the stored order: it is taken until the order is
 * invoiced (the stored order is never ahead of Increff, whose steps only move forward), and it carries nothing for the
 * customer. Its lines are checked by `liveQuantities`. Increff takes no reason either, but every cancellation names
 * one, so that one is not sent rather than refused.
 */
export function checkIncreffCancel(order: Order, request: CancelRequest): void {
  const check = new RequestCheck('cancel', order.id).notTaken(request, {
    messageToCustomer: "Increff's cancellation carries no message: tell the customer where the order was placed",
  });
  if (PAST_CANCELLATION.includes(order.marketplaceStatus)) {
    check.order(`is ${order.marketplaceStatus} at Increff, which cancels an order only until it is invoiced`);
  }
  check.verdict();
}
