import type { NoonCall } from '../client.js';
import { PricingApi } from './api/pricing.js';
import { StockApi } from './api/stock.js';

/** noon's stock and pricing services, which FBPI warehouses publish their offers through. */
export class NoonStockApi {
  readonly stock: StockApi;
  readonly pricing: PricingApi;

  constructor(call: NoonCall) {
    this.stock = new StockApi(call);
    this.pricing = new PricingApi(call);
  }
}
