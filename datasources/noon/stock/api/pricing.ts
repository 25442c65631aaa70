import type { NoonCall } from '../../client.js';
import type { PriceGetRequest, PriceGetResponse, PriceUpsertRequest, PriceUpsertResponse } from '../wire.js';

/** noon's pricing service: upsert and get, per partner SKU and country. */
export class PricingApi {
  constructor(private readonly call: NoonCall) {}

  /** An upsert of absolute values, so repeating it changes nothing. */
  upsert(request: PriceUpsertRequest): Promise<PriceUpsertResponse> {
    return this.call({
      operation: 'pricing.Upsert',
      method: 'POST',
      path: '/pricing/v1/pricing/upsert',
      body: request,
      idempotent: true,
    });
  }

  get(request: PriceGetRequest): Promise<PriceGetResponse> {
    return this.call({
      operation: 'pricing.Get',
      method: 'POST',
      path: '/pricing/v1/pricing/get',
      body: request,
      idempotent: true,
    });
  }
}
