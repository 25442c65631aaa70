import type { NoonCall } from '../noon-client.js';
import { FbpiAwbsApi } from './awbs.js';
import { FbpiOrdersApi } from './orders.js';
import { FbpiSandboxOrdersApi } from './sandbox-orders.js';
import { FbpiShipmentsApi } from './shipments.js';

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
