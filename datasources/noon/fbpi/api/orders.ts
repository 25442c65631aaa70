import { pathSegment } from '../../../../src/http/path-segment.js';
import type { NoonCall } from '../../client.js';
import type {
  EmptyResponse,
  FbpiOrder,
  FbpiOrderCustomerData,
  ListFbpiOrdersRequest,
  ListFbpiOrdersResponse,
  UpdateOrderRequest,
} from '../wire.js';

/** FBPI orders: GetFbpiOrder, GetFbpiOrderCustomerData, ListFbpiOrders, UpdateOrder. */
export class FbpiOrdersApi {
  constructor(private readonly call: NoonCall) {}

  get(fbpiOrderNr: string): Promise<FbpiOrder> {
    return this.call({
      operation: 'fbpi.GetFbpiOrder',
      method: 'GET',
      path: `/fbpi/v1/fbpi-order/${pathSegment(fbpiOrderNr)}/get`,
      idempotent: true,
    });
  }

  customerData(fbpiOrderNr: string): Promise<FbpiOrderCustomerData> {
    return this.call({
      operation: 'fbpi.GetFbpiOrderCustomerData',
      method: 'GET',
      path: `/fbpi/v1/fbpi-order/${pathSegment(fbpiOrderNr)}/customer-details/get`,
      idempotent: true,
    });
  }

  /** A read (POST only to carry the filters), so it is safe to repeat; send the same filters on every page. */
  list(request: ListFbpiOrdersRequest, nextToken: string | null): Promise<ListFbpiOrdersResponse> {
    return this.call({
      operation: 'fbpi.ListFbpiOrders',
      method: 'POST',
      path: '/fbpi/v1/fbpi-orders/list',
      query: { next_token: nextToken ?? undefined },
      body: request,
      idempotent: true,
    });
  }

  /**
   * Acknowledge, marking the items listed out of stock. Repeated, it changes nothing (docs/noon-fbpi.md: items
   * already out of stock may be listed again, acknowledged ones stay so), so it is safe to retry.
   */
  update(request: UpdateOrderRequest): Promise<EmptyResponse> {
    return this.call({
      operation: 'fbpi.UpdateOrder',
      method: 'POST',
      path: '/fbpi/v1/fbpi-order/update',
      body: request,
      idempotent: true,
    });
  }
}
