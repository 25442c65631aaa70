import type { IncreffCall } from '../client.js';
import type { SearchInventoryResponse } from '../wire.js';

/** Search Inventory (Beta): available stock of up to MAX_SKUS_PER_SEARCH SKUs, per location. */
export class InventoriesApi {
  constructor(private readonly call: IncreffCall) {}

  /** A read, though sent as POST. */
  searchSku(channelSkuCodes: readonly string[]): Promise<SearchInventoryResponse> {
    return this.call({
      operation: 'inventories.SearchSku',
      method: 'POST',
      path: '/inventories/search-sku',
      body: { channelSkuCodes },
      idempotent: true,
    });
  }
}
