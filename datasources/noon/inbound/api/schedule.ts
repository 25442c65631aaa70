import { pathSegment } from '../../../../src/http/path-segment.js';
import type { NoonCall } from '../../client.js';
import type { ScheduleShipmentRequest, ShipmentResponse, SlotAvailabilityResponse } from '../wire.js';

/** Warehouse slots: GetSlotAvailability and ScheduleShipment. */
export class InboundScheduleApi {
  constructor(private readonly call: NoonCall) {}

  slotAvailability(asnNr: string): Promise<SlotAvailabilityResponse> {
    return this.call({
      operation: 'inbound.GetSlotAvailability',
      method: 'GET',
      path: `/inbound/v1/shipment/${pathSegment(asnNr)}/schedule/slot_availability`,
      idempotent: true,
    });
  }

  /** Not repeated after a 5xx: the first call may have taken the slot's last capacity. */
  schedule(request: ScheduleShipmentRequest): Promise<ShipmentResponse> {
    return this.call({
      operation: 'inbound.ScheduleShipment',
      method: 'POST',
      path: '/inbound/v1/shipment/schedule',
      body: request,
      idempotent: false,
    });
  }
}
