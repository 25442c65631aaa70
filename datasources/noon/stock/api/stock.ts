import type { NoonCall } from '../../client.js';
import type { StockListRequest, StockListResponse, StockUpdateRequest, StockUpdateResponse } from '../wire.js';

/** noon's stock service: StockUpdate and StockList, per warehouse and partner SKU. */
export class StockApi {
  constructor(private readonly call: NoonCall) {}

  /** Quantities are absolute, so repeating the call changes nothing. */
  update(request: StockUpdateRequest): Promise<StockUpdateResponse> {
    return this.call({
      operation: 'stock.StockUpdate',
      method: 'POST',
      path: '/stock/v1/stock-update',
      body: request,
      idempotent: true,
    });
  }

  list(request: StockListRequest): Promise<StockListResponse> {
    return this.call({
      operation: 'stock.StockList',
      method: 'POST',
      path: '/stock/v1/stock-list',
      body: request,
      idempotent: true,
    });
  }
}
