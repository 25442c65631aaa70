import type { InventoryLevel } from '../../src/domain/inventory-level.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import type { InventorySource } from '../../src/domain/ports/inventory-source.js';
import type { IncreffApi } from './api.js';
import { toInventoryLevels } from './mapping.js';
import { MAX_SKUS_PER_SEARCH } from './wire.js';

/** Stock as Increff counts it: what each location can still promise, through Search Inventory. */
export class IncreffInventorySource implements InventorySource {
  readonly marketplace = Marketplace.INCREFF;
  readonly maxBatchSize = MAX_SKUS_PER_SEARCH;

  constructor(private readonly api: IncreffApi) {}

  /** Asks once per MAX_SKUS_PER_SEARCH distinct SKUs (the gateway's loader sends no more than one call's worth). */
  async levels(skus: readonly string[]): Promise<InventoryLevel[]> {
    const distinct = [...new Set(skus)];
    const batches: string[][] = [];
    for (let start = 0; start < distinct.length; start += MAX_SKUS_PER_SEARCH) {
      batches.push(distinct.slice(start, start + MAX_SKUS_PER_SEARCH));
    }
    const answers = await Promise.all(batches.map((batch) => this.api.inventories.searchSku(batch)));
    return answers.flatMap(toInventoryLevels);
  }
}
