import type { InventoryLevel } from '../../../src/domain/inventory-level.js';
import { Marketplace } from '../../../src/domain/marketplace.js';
import type { InventorySource } from '../../../src/domain/ports/inventory-source.js';
import type { NoonStockApi } from './api.js';
import { chunks } from './batches.js';
import { toInventoryLevel } from './mapping.js';
import { MAX_ITEMS_PER_CALL, STATUS_OK } from './wire.js';

/** Stock of the configured FBPI warehouse (StockList), for one GraphQL operation. */
export class NoonInventorySource implements InventorySource {
  readonly marketplace = Marketplace.NOON;
  /** StockList takes at most 1,000 items a call (docs/noon-fbpi.md). */
  readonly maxBatchSize = MAX_ITEMS_PER_CALL;

  constructor(
    private readonly api: NoonStockApi,
    /** The partner's FBPI warehouse (NOON_FBPI_WAREHOUSE_CODE). */
    private readonly warehouseCode: string,
  ) {}

  /** One level per SKU noon knows in the warehouse; SKUs it answers with a refusal (unknown, inactive) are absent. */
  async levels(skus: readonly string[]): Promise<InventoryLevel[]> {
    const levels: InventoryLevel[] = [];
    for (const batch of chunks([...new Set(skus)], this.maxBatchSize)) {
      const response = await this.api.stock.list({
        items: batch.map((sku) => ({ warehouse_code: this.warehouseCode, partner_sku: sku })),
      });
      for (const item of response.items) if (item.status.status_id === STATUS_OK) levels.push(toInventoryLevel(item));
    }
    return levels;
  }
}
