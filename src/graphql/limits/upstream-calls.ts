import type { Marketplace } from '../../domain/marketplace.js';
import type { UpstreamCallSizes } from '../../marketplace-module.js';

/**
 * The upstream calls the fields that fan out to marketplaces can cause on this gateway, from what each configured
 * marketplace declares (`RunningMarketplace.calls`): a marketplace that is off costs nothing, one that lists from the
 * store makes no call, and stock costs one call per batch of the marketplace's own size.
 */
export class UpstreamCalls {
  constructor(private readonly sizes: ReadonlyMap<Marketplace, UpstreamCallSizes>) {}

  /**
   * A page of `first` orders: one call per page of its own list in each marketplace asked (those named, else every
   * configured one). Status filters applied on the gateway's side may page further; this prices the first pages.
   */
  orderList(first: number, named: readonly Marketplace[] | null | undefined): number {
    return this.asked(named).reduce(
      (calls, { ordersPerCall }) => calls + (ordersPerCall ? Math.ceil(Math.max(0, first) / ordersPerCall) : 0),
      0,
    );
  }

  /** Stock of `skus` SKUs: one call per started batch in each stock-counting marketplace asked. */
  stock(skus: number, named: readonly Marketplace[] | null | undefined): number {
    return this.asked(named).reduce(
      (calls, { skusPerCall }) => calls + (skusPerCall ? Math.ceil(skus / skusPerCall) : 0),
      0,
    );
  }

  /** A bulk update of `items` items (stock, prices, ASN items): one call per started batch where it goes. */
  itemUpdates(items: number): number {
    return this.asked(undefined).reduce(
      (calls, { itemsPerUpdate }) => calls + (itemsPerUpdate ? Math.ceil(items / itemsPerUpdate) : 0),
      0,
    );
  }

  /**
   * One SKU's share of a batch in every stock-counting marketplace: what an order line's stock adds, since the lines
   * of an operation are read together, a batch per marketplace (datasources/orders/orders.ts).
   */
  stockShare(): number {
    return this.asked(undefined).reduce((share, { skusPerCall }) => share + (skusPerCall ? 1 / skusPerCall : 0), 0);
  }

  private asked(named: readonly Marketplace[] | null | undefined): UpstreamCallSizes[] {
    const wanted = named?.length ? new Set(named) : undefined;
    return [...this.sizes].filter(([marketplace]) => wanted?.has(marketplace) ?? true).map(([, sizes]) => sizes);
  }
}
