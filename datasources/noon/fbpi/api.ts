import type { NoonCall } from '../client.js';
import { FbpiAwbsApi } from './api/awbs.js';
import { FbpiOrdersApi } from './api/orders.js';
import { FbpiSandboxOrdersApi } from './api/sandbox-orders.js';
import { FbpiShipmentsApi } from './api/shipments.js';

/** noon's FBPI API, one resource per property, every call as the wire defines it. */
export class NoonFbpiApi {
  readonly orders: FbpiOrdersApi;
  readonly shipments: FbpiShipmentsApi;
  readonly awbs: FbpiAwbsApi;
  readonly sandboxOrders: FbpiSandboxOrdersApi;

  constructor(call: NoonCall) {
    this.orders = new FbpiOrdersApi(call);
    this.shipments = new FbpiShipmentsApi(call);
    this.awbs = new FbpiAwbsApi(call);
    this.sandboxOrders = new FbpiSandboxOrdersApi(call);
  }
}
