import type { NoonCall } from '../noon-client.js';
import { PricingApi } from './pricing.js';
import { StockApi } from './stock.js';

/** noon's stock and pricing services, which FBPI warehouses publish their offers through. */
export class NoonStockApi {
  readonly stock: StockApi;
  readonly pricing: PricingApi;

  constructor(call: NoonCall) {
    this.stock = new StockApi(call);
    this.pricing = new PricingApi(call);
  }
}
