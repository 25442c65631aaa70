import { Marketplace } from '../../src/domain/marketplace.js';
import { HttpClient } from '../../src/http/http-client.js';
import type { HttpConfig } from '../../src/http/http-config.js';
import type { Logger } from '../../src/logger.js';
import { marketplaceModule } from '../../src/marketplace-module.js';
import { MarketplacerClient } from './client.js';
import { marketplacerEnvironment, readMarketplacerConfig, type MarketplacerConfig } from './config.js';
import { parseMarketplacerError } from './errors.js';
import { MarketplacerInventorySource, SKUS_PER_VARIANTS_CALL } from './inventory-source.js';
import { INVOICE_PAGE_SIZE, MarketplacerOrderSource } from './order-source.js';
import { MarketplacerWebhookHandler } from './webhooks/handler.js';
import { marketplacerIds } from './ids.js';

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
    observer: http.observer,
    tracer: http.tracer,
    retryAfterWhenAbsentMs: DEFAULT_RETRY_AFTER_MS,
    parseErrorBody: parseMarketplacerError,
    logger,
  });
  return new MarketplacerClient(client, config);
}

/** Marketplacer: orders and stock read from its Operator API, and its signed webhooks at /webhooks/marketplacer. */
export const marketplacerModule = marketplaceModule({
  marketplace: Marketplace.MARKETPLACER,
  ids: marketplacerIds,
  key: 'marketplacer',
  environment: marketplacerEnvironment,
  readConfig: readMarketplacerConfig,
  baseUrl: (config) => config.endpoint,
  create(config, { http, events, logger }) {
    const client = createMarketplacerClient(config, http, logger);
    return {
      forOperation: (log, deadline) => ({
        orders: new MarketplacerOrderSource(client, log, deadline),
        inventory: new MarketplacerInventorySource(client, log, deadline),
      }),
      calls: { ordersPerCall: INVOICE_PAGE_SIZE, skusPerCall: SKUS_PER_VARIANTS_CALL },
      readiness: () => client.ready(logger),
      circuitState: () => client.circuitState,
      webhookHandlers:
        config.webhookSecret === undefined
          ? []
          : [new MarketplacerWebhookHandler(events, client, config.webhookSecret, logger)],
      jobs: [],
    };
  },
});
