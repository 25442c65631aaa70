import type { NoonCall } from '../../client.js';
import type {
  AddShipmentCourierAwbsRequest,
  CreateShipmentRequest,
  EmptyResponse,
  GetShipmentResponse,
  ShipmentReference,
} from '../wire.js';

/** FBPI shipments: CreateShipment, GetShipment, CancelShipment, AddShipmentCourierAwbs. */
export class FbpiShipmentsApi {
  constructor(private readonly call: NoonCall) {}

  /**
   * Idempotent on integration_shipment_nr (docs/noon-fbpi.md): the same request again answers as the first did,
   * so a retry after a lost answer is safe as long as the caller keeps the number and AWBs of the first attempt.
   */
  create(request: CreateShipmentRequest): Promise<EmptyResponse> {
    return this.call({
      operation: 'fbpi.CreateShipment',
      method: 'POST',
      path: '/fbpi/v1/shipment/create',
      body: request,
      idempotent: true,
    });
  }

  get(reference: ShipmentReference): Promise<GetShipmentResponse> {
    return this.call({
      operation: 'fbpi.GetShipment',
      method: 'POST',
      path: '/fbpi/v1/shipment/get',
      body: reference,
      idempotent: true,
    });
  }

  /** Cancels every item in the shipment; cancelling a cancelled shipment changes nothing, so it is safe to retry. */
  cancel(reference: ShipmentReference): Promise<EmptyResponse> {
    return this.call({
      operation: 'fbpi.CancelShipment',
      method: 'POST',
      path: '/fbpi/v1/shipment/cancel',
      body: reference,
      idempotent: true,
    });
  }

  /** An AWB the shipment already carries is not added twice, so it is safe to retry. */
  addCourierAwbs(request: AddShipmentCourierAwbsRequest): Promise<EmptyResponse> {
    return this.call({
      operation: 'fbpi.AddShipmentCourierAwbs',
      method: 'POST',
      path: '/fbpi/v1/shipment/courier-awbs/add',
      body: request,
      idempotent: true,
    });
  }
}
