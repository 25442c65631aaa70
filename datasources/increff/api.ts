import type { IncreffCall } from './client.js';
import { InventoriesApi } from './api/inventories.js';
import { OutwardOrdersApi } from './api/outward-orders.js';
import { ReturnsApi } from './api/returns.js';

/** Increff's standard APIs for marketplaces (inbound side), one resource per property. */
export class IncreffApi {
  readonly outwardOrders: OutwardOrdersApi;
  readonly inventories: InventoriesApi;
  readonly returns: ReturnsApi;

  constructor(call: IncreffCall) {
    this.outwardOrders = new OutwardOrdersApi(call);
    this.inventories = new InventoriesApi(call);
    this.returns = new ReturnsApi(call);
  }
}
