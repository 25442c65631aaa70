import type { IncreffCall } from '../client.js';
import type { CreateReturnOrderRequest } from '../wire.js';

/** Create Return Order. Answers an empty 200. */
export class ReturnsApi {
  constructor(private readonly call: IncreffCall) {}

  /** Safe to repeat: a second return with the same `returnOrderCode` is refused (409 RETURN_ORDER_ALREADY_EXISTS). */
  async create(request: CreateReturnOrderRequest): Promise<void> {
    await this.call({
      operation: 'returns.CreateReturnOrder',
      method: 'POST',
      path: '/return/return-orders',
      body: request,
      idempotent: true,
    });
  }
}
