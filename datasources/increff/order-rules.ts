import type { CancelRequest } from '../../src/domain/ports/order-source.js';
import { RequestCheck } from '../orders/request-check.js';

/**
 * What Increff's Customer Cancellation carries besides its lines (docs/increff.md): nothing for the customer. Its
 * lines are checked against the stored order by `liveQuantities`; Increff takes no reason either, but a reason is
 * what every cancellation names, so that one is not sent rather than refused.
 */
export function checkIncreffCancelRequest(orderId: string, request: CancelRequest): void {
  new RequestCheck('cancel', orderId)
    .notTaken(request, {
      messageToCustomer: "Increff's cancellation carries no message: tell the customer where the order was placed",
    })
    .verdict();
}
