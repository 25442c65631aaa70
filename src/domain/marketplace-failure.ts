import type { Marketplace } from './marketplace.js';

/**
 * A marketplace that failed while others answered. A list across marketplaces is still worth returning when one
 * is down, so its failure travels beside the data instead of replacing it.
 */
export interface MarketplaceFailure {
  marketplace: Marketplace;
  error: unknown;
}
