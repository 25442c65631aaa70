/**
 * What a marketplace said about one SKU of a bulk update (stock, price): it applies or refuses each item on its
 * own, so one refused SKU must not hide that the others went in.
 */
export interface ItemUpdateResult {
  sku: string;
  /** Whether the marketplace applied it. */
  success: boolean;
  /** The marketplace's code when it refused the item. */
  code: string | null;
  message: string | null;
}
