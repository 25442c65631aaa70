import type { Logger } from '../../src/logger.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import type { HttpConfig, NoonConfig } from '../../src/config.js';
import { HttpClient } from '../../src/http/http-client.js';
import { parseNoonError } from './errors.js';
import { NoonClient } from './client.js';
import { NoonSession } from './session.js';

/** The process-wide noon client: one session, one rate limit and one circuit breaker for every noon API. */
export function createNoonClient(noon: NoonConfig, http: HttpConfig, logger: Logger): NoonClient {
  const client = new HttpClient({
    marketplace: Marketplace.NOON,
    baseUrl: noon.baseUrl,
    userAgent: noon.userAgent,
    requestsPerMinute: noon.requestsPerMinute,
    timeoutMs: http.timeoutMs,
    retry: http.retry,
    breaker: http.breaker,
    parseErrorBody: parseNoonError,
    logger,
  });
  return new NoonClient(client, new NoonSession(client, noon.key));
}
