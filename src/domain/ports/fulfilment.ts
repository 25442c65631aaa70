import type { Order } from '../order.js';
import type { PaymentMethod } from '../payment-method.js';

export interface FulfilmentRequest {
  /** The Increff location to fulfil from; Increff routes the order when omitted. */
  locationCode?: string;
  paymentMethod: `${PaymentMethod}`;
}

/**
 * Pushes an order of any marketplace to the warehouse system (Increff), resolving with the warehouse's order: the
 * stock that fulfils every marketplace sits in one warehouse, so an order placed anywhere is packed there.
 */
export interface Fulfilment {
  createFulfilmentOrder(order: Order, request: FulfilmentRequest): Promise<Order>;
}
