import type { InventoryLevel } from '../inventory-level.js';
import type { Marketplace } from '../marketplace.js';

/** A marketplace or warehouse that counts stock. */
export interface InventorySource {
  readonly marketplace: Marketplace;
  /** The most SKUs one upstream call takes (Increff: 200); the gateway's loader never asks for more at once. */
  readonly maxBatchSize: number;
  /** Levels of these SKUs, in any order, several per SKU when stock sits in several places; unknown SKUs are absent. */
  levels(skus: readonly string[]): Promise<InventoryLevel[]>;
}
