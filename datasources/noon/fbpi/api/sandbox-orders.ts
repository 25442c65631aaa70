import type { NoonCall } from '../../client.js';
import type { CreateSandboxOrderRequest, CreateSandboxOrderResponse } from '../wire.js';

/** CreateSandboxOrder: a test order in a partner's warehouse, for end-to-end checks before go-live. */
export class FbpiSandboxOrdersApi {
  constructor(private readonly call: NoonCall) {}

  /** Idempotent on warehouse_code + idempotency_key: a repeat gives back the same order. */
  create(request: CreateSandboxOrderRequest): Promise<CreateSandboxOrderResponse> {
    return this.call({
      operation: 'fbpi.CreateSandboxOrder',
      method: 'POST',
      path: '/fbpi/v1/sandbox-order/create',
      body: request,
      idempotent: true,
    });
  }
}
