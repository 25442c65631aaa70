import { pathSegment } from '../../../../src/http/path-segment.js';
import type { NoonCall } from '../../client.js';
import type {
  AsnStatus,
  CreateShipmentRequest,
  ListShipmentsResponse,
  ShipmentResponse,
  StatusAction,
} from '../wire.js';

export interface ListShipmentsParams {
  nextToken?: string;
  /** Default 50, at most 200. */
  pageSize?: number;
  status?: AsnStatus;
  countryCode?: string;
}

/** ASN headers: CreateShipment, GetShipment, ListShipments, UpdateShipmentStatus. */
export class InboundShipmentsApi {
  constructor(private readonly call: NoonCall) {}

  /** Idempotent on `exref_nr` + `shipment_type` by noon's contract, so it is safe to repeat. */
  create(request: CreateShipmentRequest): Promise<ShipmentResponse> {
    return this.call({
      operation: 'inbound.CreateShipment',
      method: 'POST',
      path: '/inbound/v1/shipment/create',
      body: request,
      idempotent: true,
    });
  }

  get(asnNr: string): Promise<ShipmentResponse> {
    return this.call({
      operation: 'inbound.GetShipment',
      method: 'GET',
      path: `/inbound/v1/shipment/${pathSegment(asnNr)}`,
      idempotent: true,
    });
  }

  list(params: ListShipmentsParams): Promise<ListShipmentsResponse> {
    return this.call({
      operation: 'inbound.ListShipments',
      method: 'GET',
      path: '/inbound/v1/shipment/list',
      query: {
        next_token: params.nextToken,
        page_size: params.pageSize,
        'filter.status': params.status,
        country_code: params.countryCode,
      },
      idempotent: true,
    });
  }

  /** Seal, cancel or reschedule. Not repeated after a 5xx: a second seal of a sealed ASN is an error. */
  updateStatus(asnNr: string, action: StatusAction): Promise<ShipmentResponse> {
    return this.call({
      operation: 'inbound.UpdateShipmentStatus',
      method: 'POST',
      path: '/inbound/v1/shipment/status/update',
      body: { asn_nr: asnNr, action },
      idempotent: false,
    });
  }
}
