import { Marketplace } from '../../src/domain/marketplace.js';
import type { HttpConfig, MarketplacerConfig } from '../../src/config.js';
import { HttpClient } from '../../src/http/http-client.js';
import type { Logger } from '../../src/logger.js';
import { MarketplacerClient } from './client.js';
import { parseMarketplacerError } from './errors.js';

export { MarketplacerClient } from './client.js';
export { MarketplacerInventorySource } from './inventory-source.js';
export { MarketplacerOrderSource } from './order-source.js';

/** Marketplacer's advice for a 429 without `Retry-After` (reference 4): wait a minute. */
const DEFAULT_RETRY_AFTER_MS = 60_000;

/**
 * The process-wide Marketplacer client: one rate limit and one circuit breaker for the instance. Marketplacer
 * publishes no request budget, so the client sets none and relies on 429 + Retry-After.
 */
export function createMarketplacerClient(
  config: MarketplacerConfig,
  http: HttpConfig,
  logger: Logger,
): MarketplacerClient {
  const client = new HttpClient({
    marketplace: Marketplace.MARKETPLACER,
    baseUrl: config.endpoint,
    userAgent: http.userAgent,
    timeoutMs: http.timeoutMs,
    retry: http.retry,
    breaker: http.breaker,
    retryAfterWhenAbsentMs: DEFAULT_RETRY_AFTER_MS,
    parseErrorBody: parseMarketplacerError,
    logger,
  });
  return new MarketplacerClient(client, config);
}
