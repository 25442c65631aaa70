import type { Logger } from '../../src/logger.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import { HttpClient } from '../../src/http/http-client.js';
import type { HttpConfig } from '../../src/http/http-config.js';
import { marketplaceModule } from '../../src/marketplace-module.js';
import { IncreffApi } from './api.js';
import { IncreffClient, type IncreffCredentials } from './client.js';
import { increffEnvironment, readIncreffConfig, type IncreffConfig } from './config.js';
import { parseIncreffError } from './errors.js';
import { IncreffFulfilment } from './fulfilment.js';
import { IncreffInventorySource } from './inventory-source.js';
import { IncreffOrderSource } from './order-source.js';
import { IncreffWebhookHandler } from './webhooks/handler.js';
import { increffIds } from './ids.js';
import { MAX_SKUS_PER_SEARCH } from './wire.js';

/**
 * The process-wide Increff client: one circuit breaker for every Increff API. Increff documents no rate limit
 * (NOT FOUND), so the client sets none of its own and relies on retrying a 429.
 */
export function createIncreffClient(
  increff: Pick<IncreffConfig, 'baseUrl'> & IncreffCredentials,
  http: HttpConfig,
  logger: Logger,
): IncreffClient {
  const client = new HttpClient({
    marketplace: Marketplace.INCREFF,
    baseUrl: increff.baseUrl,
    // Increff asks nothing of the User-Agent; the gateway names itself anyway, for the tenant's logs.
    userAgent: http.userAgent,
    timeoutMs: http.timeoutMs,
    retry: http.retry,
    breaker: http.breaker,
    observer: http.observer,
    tracer: http.tracer,
    parseErrorBody: parseIncreffError,
    logger,
  });
  return new IncreffClient(client, increff);
}

export { IncreffApi } from './api.js';
export { IncreffClient, type IncreffCall } from './client.js';
export { IncreffInventorySource } from './inventory-source.js';
export { IncreffOrderSource } from './order-source.js';
export { IncreffFulfilment, type FulfilmentOptions, type ReturnRequest, type CreatedReturn } from './fulfilment.js';

/** Increff: the warehouse every marketplace's orders are pushed to, its stock, and its calls at /webhooks/increff. */
export const increffModule = marketplaceModule({
  marketplace: Marketplace.INCREFF,
  ids: increffIds,
  key: 'increff',
  environment: increffEnvironment,
  readConfig: readIncreffConfig,
  baseUrl: (config) => config.baseUrl,
  create(config, { http, store, events, logger }) {
    const client = createIncreffClient(config, http, logger);
    const { webhookToken, credentialTtlSeconds, transporter } = config;
    return {
      forOperation(log, deadline) {
        const api = new IncreffApi(client.caller(log, deadline));
        return {
          orders: new IncreffOrderSource(api, store),
          inventory: new IncreffInventorySource(api),
          fulfilment: new IncreffFulfilment(api, store, events.orders, { locationCode: config.locationCode }),
        };
      },
      // Its orders are the ones the gateway pushed, listed from the store.
      calls: { skusPerCall: MAX_SKUS_PER_SEARCH },
      circuitState: () => client.circuitState,
      webhookHandlers: [
        new IncreffWebhookHandler(events, { token: webhookToken, credentialTtlSeconds, transporter }, logger),
      ],
      jobs: [],
    };
  },
});
