import type { Marketplace } from './marketplace.js';

/**
 * Stock of one SKU at one place, as one marketplace or warehouse system counts it. Systems count in different
 * places, so a SKU has one level per place rather than one number.
 */
export interface InventoryLevel {
  sku: string;
  marketplace: Marketplace;
  /** Where the stock is: a noon FBPI warehouse code, an Increff location code, a Marketplacer seller. */
  location: string;
  /** Units available to sell. */
  available: number;
  /** When the system last changed this count, where it says. */
  updatedAt: Date | null;
}
