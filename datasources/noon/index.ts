import { Marketplace } from '../../src/domain/marketplace.js';
import { HttpClient } from '../../src/http/http-client.js';
import type { HttpConfig } from '../../src/http/http-config.js';
import { RequestBudget } from '../../src/http/request-budget.js';
import type { Logger } from '../../src/logger.js';
import { processRateCounters, type RateCounters } from '../../src/rate-counters.js';
import { marketplaceModule, type OperationPart } from '../../src/marketplace-module.js';
import { NoonClient } from './client.js';
import { noonEnvironment, readNoonConfig, type NoonConfig } from './config.js';
import { parseNoonError } from './errors.js';
import { NoonFbpiApi } from './fbpi/api.js';
import { MAX_ORDERS_PER_PAGE } from './fbpi/wire.js';
import { NoonOrderSource } from './fbpi/order-source.js';
import { NoonInboundApi } from './inbound/api.js';
import { MAX_ITEMS_PER_CALL as MAX_ASN_ITEMS_PER_CALL } from './inbound/api/shipment-items.js';
import { NoonInboundDataSource } from './inbound/datasource.js';
import { NoonSession } from './session.js';
import { NoonStockApi } from './stock/api.js';
import { MAX_ITEMS_PER_CALL } from './stock/wire.js';
import { NoonInventorySource } from './stock/inventory-source.js';
import { NoonOfferUpdates } from './stock/offer-updates.js';
import { NoonWebhookHandler } from './webhooks/handler.js';
import { noonIds } from './ids.js';

/**
 * The process-wide noon client: one session, one request budget and one circuit breaker for every noon API. noon's
 * budget is the partner's (1,500 a minute), so `counters` are Redis's when several instances share it.
 */
export function createNoonClient(
  noon: NoonConfig,
  http: HttpConfig,
  logger: Logger,
  counters: RateCounters = processRateCounters(),
): NoonClient {
  const client = new HttpClient({
    marketplace: Marketplace.NOON,
    baseUrl: noon.baseUrl,
    userAgent: noon.userAgent,
    budget: new RequestBudget({
      marketplace: Marketplace.NOON,
      requests: noon.requestsPerMinute,
      windowSeconds: 60,
      // noon's minute is its own, not one that starts with ours.
      paced: true,
      callerSharePercent: http.callerSharePercent,
      counters,
    }),
    timeoutMs: http.timeoutMs,
    retry: http.retry,
    breaker: http.breaker,
    observer: http.observer,
    tracer: http.tracer,
    parseErrorBody: parseNoonError,
    logger,
  });
  return new NoonClient(client, new NoonSession(client, noon.key));
}

/**
 * noon: FBN inbound always; FBPI orders, stock and prices for the configured warehouse; its order events at
 * /webhooks/noon when their credential headers are set.
 */
export const noonModule = marketplaceModule({
  marketplace: Marketplace.NOON,
  ids: noonIds,
  key: 'noon',
  environment: noonEnvironment,
  readConfig: readNoonConfig,
  baseUrl: (config) => config.baseUrl,
  create(config, { http, events, logger, rateCounters, cursors }) {
    const client = createNoonClient(config, http, logger, rateCounters);
    const warehouse = config.fbpiWarehouseCode;
    const webhookHandlers = [];
    if (warehouse && config.webhookHeaders) {
      const orders = new NoonOrderSource(new NoonFbpiApi(client.caller(logger)), warehouse);
      webhookHandlers.push(new NoonWebhookHandler(events, orders, config.webhookHeaders));
    } else if (warehouse) {
      // An endpoint that fetches orders on anyone's word would be a hole: without credentials there is none.
      logger.warn(
        "noon order webhooks are off (no /webhooks/noon): set NOON_WEBHOOK_HEADERS to the credential headers of noon's destination",
      );
    }
    return {
      forOperation(log, deadline) {
        const call = client.caller(log, deadline);
        const part: OperationPart = { inbound: new NoonInboundDataSource(new NoonInboundApi(call), cursors) };
        if (warehouse) {
          const stock = new NoonStockApi(call);
          part.orders = new NoonOrderSource(new NoonFbpiApi(call), warehouse);
          part.inventory = new NoonInventorySource(stock, warehouse);
          part.catalog = new NoonOfferUpdates(stock, warehouse);
        }
        return part;
      },
      // FBN inbound reads are one call each (priced on their fields); orders, stock and prices are FBPI's.
      calls: {
        itemsPerUpdate: Math.min(MAX_ITEMS_PER_CALL, MAX_ASN_ITEMS_PER_CALL),
        ...(warehouse ? { ordersPerCall: MAX_ORDERS_PER_PAGE, skusPerCall: MAX_ITEMS_PER_CALL } : {}),
      },
      readiness: () => client.ready(logger),
      circuitState: () => client.circuitState,
      webhookHandlers,
      jobs: [],
    };
  },
});
