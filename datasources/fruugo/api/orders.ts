import type { Accepted, FruugoCall } from '../client.js';
import { ORDER_PATHS, type CancelOrder, type ConfirmOrder, type SearchOrdersRequest, type ShipOrder } from '../wire.js';

/**
 * Orders API v3: the download and the three order calls. Each answers 202 with the correlation id its callback
 * will carry (an OrderList, or a …ResponseList with one response per order). Pass `correlationId` to choose it.
 */
export class FruugoOrdersApi {
  constructor(private readonly call: FruugoCall) {}

  /** Asks for the orders changed in [dateFrom, dateTo]; a read, so repeated after a 5xx or a timeout. */
  search(request: SearchOrdersRequest, correlationId?: string): Promise<Accepted> {
    return this.post('orders.search', ORDER_PATHS.search, request, true, correlationId);
  }

  /**
   * Status changes are not repeated after a 5xx or a timeout (the first may have been applied, and a second
   * would be answered with an illegal-transition failure); after a 429 they are, since Fruugo did nothing.
   */
  confirm(orders: ConfirmOrder[], correlationId?: string): Promise<Accepted> {
    return this.post('orders.confirm', ORDER_PATHS.confirm, { orders }, false, correlationId);
  }

  ship(orders: ShipOrder[], correlationId?: string): Promise<Accepted> {
    return this.post('orders.ship', ORDER_PATHS.ship, { orders }, false, correlationId);
  }

  cancel(orders: CancelOrder[], correlationId?: string): Promise<Accepted> {
    return this.post('orders.cancel', ORDER_PATHS.cancel, { orders }, false, correlationId);
  }

  private post(operation: string, path: string, body: unknown, idempotent: boolean, correlationId: string | undefined) {
    return this.call({ operation, method: 'POST', path, body, idempotent, correlationId });
  }
}
