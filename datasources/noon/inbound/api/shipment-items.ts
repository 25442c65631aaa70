import { pathSegment } from '../../../../src/http/path-segment.js';
import type { NoonCall } from '../../client.js';
import type {
  DeleteShipmentItemsRequest,
  ListShipmentItemsResponse,
  ShipmentResponse,
  UpdateShipmentItemsRequest,
} from '../wire.js';

/** The largest batch UpdateShipmentItems and DeleteShipmentItems accept (seed 001, "Key Constraints"). */
export const MAX_ITEMS_PER_CALL = 1000;

/** The items of a draft ASN: UpdateShipmentItems, DeleteShipmentItems, ListShipmentItems. */
export class InboundShipmentItemsApi {
  constructor(private readonly call: NoonCall) {}

  /** An upsert by partner_sku (qty replaced), so repeating it changes nothing. */
  update(request: UpdateShipmentItemsRequest): Promise<ShipmentResponse> {
    return this.call({
      operation: 'inbound.UpdateShipmentItems',
      method: 'POST',
      path: '/inbound/v1/shipment/items/update',
      body: request,
      idempotent: true,
    });
  }

  /** Deleting a SKU that is no longer in the ASN is a no-op, so repeating it changes nothing. */
  delete(request: DeleteShipmentItemsRequest): Promise<ShipmentResponse> {
    return this.call({
      operation: 'inbound.DeleteShipmentItems',
      method: 'POST',
      path: '/inbound/v1/shipment/items/delete',
      body: request,
      idempotent: true,
    });
  }

  list(asnNr: string, params: { nextToken?: string; pageSize?: number }): Promise<ListShipmentItemsResponse> {
    return this.call({
      operation: 'inbound.ListShipmentItems',
      method: 'GET',
      path: `/inbound/v1/shipment/${pathSegment(asnNr)}/items`,
      query: { next_token: params.nextToken, page_size: params.pageSize },
      idempotent: true,
    });
  }
}
