import type { ItemUpdateResult } from '../item-update-result.js';

/** A SKU's absolute stock in the marketplace's warehouse. */
export interface StockUpdate {
  sku: string;
  /** Absolute units available, 0 or more. */
  quantity: number;
  /** Whole days from order to hand-over; unchanged when omitted. */
  processingTimeDays?: number;
}

/** A SKU's price in one country, as a decimal in that country's currency. */
export interface PriceUpdate {
  sku: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Decimal in the country's currency, e.g. "129.50". */
  price: string;
  /** The "was" price, not below `price`. */
  msrp?: string;
  /** false takes the offer off sale in that country. */
  active?: boolean;
}

/** Bulk stock and price updates (noon), reporting each SKU the marketplace refused instead of failing them all. */
export interface CatalogUpdates {
  /** Where the stock set here is counted (noon: the FBPI warehouse code), as InventoryLevel.location names it. */
  readonly location: string;
  updateStock(items: readonly StockUpdate[]): Promise<ItemUpdateResult[]>;
  updatePrice(items: readonly PriceUpdate[]): Promise<ItemUpdateResult[]>;
}
