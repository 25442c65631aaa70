import type { NoonCall } from '../../client.js';
import type { ListEligibleItemsResponse, StorageType } from '../wire.js';

export interface ListEligibleItemsParams {
  nextToken?: string;
  /** Default 100, at most 500. */
  pageSize?: number;
  storageType?: StorageType;
  /** Part of a partner SKU or title. */
  search?: string;
}

/** ListEligibleItems: the partner's catalog items that may be sent to an FBN warehouse. */
export class InboundCatalogApi {
  constructor(private readonly call: NoonCall) {}

  listEligibleItems(params: ListEligibleItemsParams): Promise<ListEligibleItemsResponse> {
    return this.call({
      operation: 'inbound.ListEligibleItems',
      method: 'GET',
      path: '/inbound/v1/catalog/items',
      query: {
        next_token: params.nextToken,
        page_size: params.pageSize,
        storage_type: params.storageType,
        search: params.search,
      },
      idempotent: true,
    });
  }
}
