import type { NoonCall } from '../client.js';
import { InboundCatalogApi } from './api/catalog.js';
import { InboundScheduleApi } from './api/schedule.js';
import { InboundShipmentItemsApi } from './api/shipment-items.js';
import { InboundShipmentsApi } from './api/shipments.js';

/** noon's FBN Inbound API, one resource per property, every call as the wire defines it. */
export class NoonInboundApi {
  readonly shipments: InboundShipmentsApi;
  readonly items: InboundShipmentItemsApi;
  readonly catalog: InboundCatalogApi;
  readonly schedule: InboundScheduleApi;

  constructor(call: NoonCall) {
    this.shipments = new InboundShipmentsApi(call);
    this.items = new InboundShipmentItemsApi(call);
    this.catalog = new InboundCatalogApi(call);
    this.schedule = new InboundScheduleApi(call);
  }
}
