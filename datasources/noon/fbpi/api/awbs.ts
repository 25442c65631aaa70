import type { NoonCall } from '../../client.js';
import type { GetNoonLogisticsAwbsRequest, GetNoonLogisticsAwbsResponse } from '../wire.js';

/** GetNoonLogisticsAWBs: airway bill numbers of noon's own logistics, for shipments noon picks up. */
export class FbpiAwbsApi {
  constructor(private readonly call: NoonCall) {}

  /** Each call issues new numbers; a repeat only leaves some unused, which costs nothing, so it is retried. */
  noonLogistics(request: GetNoonLogisticsAwbsRequest): Promise<GetNoonLogisticsAwbsResponse> {
    return this.call({
      operation: 'fbpi.GetNoonLogisticsAWBs',
      method: 'POST',
      path: '/fbpi/v1/shipment/noon-logistics-awbs/get',
      body: request,
      idempotent: true,
    });
  }
}
