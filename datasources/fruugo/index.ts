import { Marketplace } from '../../src/domain/marketplace.js';
import type { Deadline } from '../../src/http/deadline.js';
import { HttpClient } from '../../src/http/http-client.js';
import type { HttpConfig } from '../../src/http/http-config.js';
import type { Logger } from '../../src/logger.js';
import { marketplaceModule } from '../../src/marketplace-module.js';
import type { CallbackStore } from '../../src/store/callback-store.js';
import { FruugoOrdersApi } from './api/orders.js';
import { FruugoClient } from './client.js';
import { fruugoEnvironment, readFruugoConfig, type FruugoConfig } from './config.js';
import { parseFruugoError } from './errors.js';
import { FruugoOrderDownload } from './order-download.js';
import { FruugoOrderSource } from './order-source.js';
import { FruugoWebhookHandler } from './webhooks/handler.js';
import { fruugoIds } from './ids.js';

export { applyFruugoCallback, type FruugoCallback } from './callback-effects.js';
export { CallbackFormatError, readCallbackEnvelope } from './callbacks.js';
export { FruugoClient } from './client.js';
export { FruugoOrderSource } from './order-source.js';

/** The process-wide Fruugo client: one circuit breaker for the Orders API, Basic auth on every call (only the API credentials matter here). */
export function createFruugoClient(
  fruugo: Pick<FruugoConfig, 'baseUrl' | 'username' | 'password'>,
  http: HttpConfig,
  logger: Logger,
): FruugoClient {
  const client = new HttpClient({
    marketplace: Marketplace.FRUUGO,
    baseUrl: fruugo.baseUrl,
    userAgent: http.userAgent,
    timeoutMs: http.timeoutMs,
    retry: http.retry,
    breaker: http.breaker,
    observer: http.observer,
    tracer: http.tracer,
    parseErrorBody: parseFruugoError,
    logger,
  });
  return new FruugoClient(client, fruugo);
}

/**
 * Fruugo's orders for one GraphQL operation (its calls ending by its `deadline`) or for the periodic download (no
 * deadline), logging under `log`.
 */
export function createFruugoOrderSource(
  client: FruugoClient,
  store: CallbackStore,
  log: Logger,
  deadline?: Deadline,
): FruugoOrderSource {
  return new FruugoOrderSource(new FruugoOrdersApi(client.caller(log, deadline)), store);
}

/** Fruugo: orders from the store, which its callbacks at /webhooks/fruugo fill, asked for by a periodic download. */
export const fruugoModule = marketplaceModule({
  marketplace: Marketplace.FRUUGO,
  ids: fruugoIds,
  key: 'fruugo',
  environment: fruugoEnvironment,
  readConfig: readFruugoConfig,
  baseUrl: (config) => config.baseUrl,
  create(config, { http, store, events, logger, clock }) {
    const client = createFruugoClient(config, http, logger);
    const download = createFruugoOrderSource(client, store, logger);
    return {
      forOperation: (log, deadline) => ({ orders: createFruugoOrderSource(client, store, log, deadline) }),
      // Orders are listed from the store its callbacks fill; Fruugo counts no stock.
      calls: {},
      circuitState: () => client.circuitState,
      webhookHandlers: [new FruugoWebhookHandler(store, events, config.webhookSecret, config.callbackMaxNesting)],
      jobs: [
        new FruugoOrderDownload(
          (since) => download.requestOrders(since),
          config.orderDownloadIntervalMs,
          logger,
          clock,
        ),
      ],
    };
  },
});
