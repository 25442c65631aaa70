import { pathSegment } from '../../../src/http/path-segment.js';
import type { IncreffCall } from '../client.js';
import type { CreateOutwardOrderRequest, CustomerCancellationRequest } from '../wire.js';

/** Outward (forward) orders: Create Outward Order and Customer Cancellation. Both answer an empty 200. */
export class OutwardOrdersApi {
  constructor(private readonly call: IncreffCall) {}

  /**
   * Safe to repeat: Increff refuses a second order with the same `orderCode` (409 ORDER_ALREADY_EXISTS), which the
   * caller reads as "the first attempt went in" (see IncreffFulfilment).
   */
  async create(order: CreateOutwardOrderRequest): Promise<void> {
    await this.call({
      operation: 'outward.CreateOrder',
      method: 'POST',
      path: '/orders/outward',
      body: order,
      idempotent: true,
    });
  }

  /** Safe to repeat: `cancelledQuantity` is absolute, so a second identical call changes nothing. */
  async cancel(orderCode: string, request: CustomerCancellationRequest): Promise<void> {
    await this.call({
      operation: 'outward.CustomerCancellation',
      method: 'PUT',
      path: `/orders/${pathSegment(orderCode)}/cancel`,
      body: request,
      idempotent: true,
    });
  }
}
