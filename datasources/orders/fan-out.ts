import type { Marketplace } from '../../src/domain/marketplace.js';
import type { MarketplaceFailure } from '../../src/domain/marketplace-failure.js';

/** What a call to several marketplaces gave: each healthy one's answer, and each failure. */
export interface FanOut<T> {
  results: Map<Marketplace, T>;
  failures: MarketplaceFailure[];
}

/**
 * Calls every marketplace at once, so a query touching four takes as long as the slowest, and lets none of them fail
 * the others: a failure is collected with its marketplace instead of rejecting.
 */
export async function fanOut<T>(
  marketplaces: readonly Marketplace[],
  call: (marketplace: Marketplace) => Promise<T>,
): Promise<FanOut<T>> {
  const settled = await Promise.allSettled(marketplaces.map((marketplace) => call(marketplace)));
  const results = new Map<Marketplace, T>();
  const failures: MarketplaceFailure[] = [];
  settled.forEach((outcome, index) => {
    const marketplace = marketplaces[index]!;
    if (outcome.status === 'fulfilled') results.set(marketplace, outcome.value);
    else failures.push({ marketplace, error: outcome.reason });
  });
  return { results, failures };
}
