import type { Logger } from '../../src/logger.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import type { HttpConfig, IncreffConfig } from '../../src/config.js';
import { HttpClient } from '../../src/http/http-client.js';
import { parseIncreffError } from './errors.js';
import { IncreffClient, type IncreffCredentials } from './client.js';

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
