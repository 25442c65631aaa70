import { createFruugoClient, createFruugoOrderSource } from '../datasources/fruugo/index.js';
import {
  IncreffApi,
  IncreffFulfilment,
  IncreffInventorySource,
  IncreffOrderSource,
  createIncreffClient,
} from '../datasources/increff/index.js';
import {
  MarketplacerInventorySource,
  MarketplacerOrderSource,
  createMarketplacerClient,
} from '../datasources/marketplacer/index.js';
import { NoonFbpiApi } from '../datasources/noon/fbpi/api.js';
import { NoonOrderSource } from '../datasources/noon/fbpi/order-source.js';
import { NoonInboundApi } from '../datasources/noon/inbound/api.js';
import { NoonInboundDataSource } from '../datasources/noon/inbound/datasource.js';
import { createNoonClient } from '../datasources/noon/index.js';
import { NoonStockApi } from '../datasources/noon/stock/api.js';
import { NoonInventorySource } from '../datasources/noon/stock/inventory-source.js';
import { NoonOfferUpdates } from '../datasources/noon/stock/offer-updates.js';
import { Marketplace } from './domain/marketplace.js';
import type { CatalogUpdates } from './domain/ports/catalog-updates.js';
import type { Fulfilment } from './domain/ports/fulfilment.js';
import type { InventorySource } from './domain/ports/inventory-source.js';
import type { Job } from './domain/ports/job.js';
import type { OrderSource } from './domain/ports/order-source.js';
import type { WebhookHandler } from './domain/ports/webhook-handler.js';
import type { Config } from './config.js';
import { FruugoOrderDownload } from '../datasources/fruugo/order-download.js';
import type { Logger } from './logger.js';
import { logMarketplaces } from './marketplaces-log.js';
import type { ReadinessCheck } from './plugins/health.js';
import type { GatewayEvents } from './events/gateway-events.js';
import type { CallbackStore } from './store/callback-store.js';
import { FruugoWebhookHandler } from '../datasources/fruugo/webhooks/handler.js';
import { IncreffWebhookHandler } from '../datasources/increff/webhooks/handler.js';
import { NoonWebhookHandler } from '../datasources/noon/webhooks/handler.js';
import { MarketplacerWebhookHandler } from '../datasources/marketplacer/webhooks/handler.js';

/** The marketplace parts one GraphQL operation works with, bound to its logger. */
export interface OperationParts {
  /** Undefined when noon is not configured. */
  noonInbound: NoonInboundDataSource | undefined;
  sources: Map<Marketplace, OrderSource>;
  inventory: Map<Marketplace, InventorySource>;
  fulfilment: Fulfilment | undefined;
  catalog: CatalogUpdates | undefined;
}

/** Every configured marketplace's process-wide client (sessions, rate limits, circuit breakers), made once. */
export interface Marketplaces {
  forOperation(log: Logger): OperationParts;
  /** What `/readyz` asks. */
  checks: Record<string, ReadinessCheck>;
  /** The senders whose webhooks the gateway takes, one route each under /webhooks. */
  webhookHandlers: WebhookHandler[];
  jobs: Job[];
}

/**
 * Makes the clients of every configured marketplace once, and the per-operation sources from them. This is the
 * one place that knows which marketplaces exist; everything above sees OrderSource and InventorySource. A
 * marketplace that is not configured is off: no source, no check, no webhook route, no job.
 */
export function createMarketplaces(
  config: Config,
  store: CallbackStore,
  events: GatewayEvents,
  logger: Logger,
): Marketplaces {
  logMarketplaces(config, logger);
  const noon = config.noon && { client: createNoonClient(config.noon, config.http, logger), config: config.noon };
  const fbpiWarehouse = noon?.config.fbpiWarehouseCode;
  const increff = config.increff && {
    client: createIncreffClient(config.increff, config.http, logger),
    config: config.increff,
  };
  const fruugo = config.fruugo && {
    client: createFruugoClient(config.fruugo, config.http, logger),
    config: config.fruugo,
  };
  const marketplacer = config.marketplacer && createMarketplacerClient(config.marketplacer, config.http, logger);

  const checks: Record<string, ReadinessCheck> = {};
  if (noon) checks.noon = () => noon.client.ready(logger);
  if (marketplacer) checks.marketplacer = () => marketplacer.ready(logger);
  const webhookHandlers: WebhookHandler[] = [];
  const jobs: Job[] = [];
  if (noon && fbpiWarehouse && noon.config.webhookHeaders) {
    const orders = new NoonOrderSource(new NoonFbpiApi(noon.client.caller(logger)), fbpiWarehouse);
    webhookHandlers.push(new NoonWebhookHandler(events, orders, noon.config.webhookHeaders));
  } else if (fbpiWarehouse) {
    // An endpoint that fetches orders on anyone's word would be a hole: without credentials there is none.
    logger.warn(
      "noon order webhooks are off (no /webhooks/noon): set NOON_WEBHOOK_HEADERS to the credential headers of noon's destination",
    );
  }
  if (fruugo) {
    webhookHandlers.push(new FruugoWebhookHandler(store, events, fruugo.config.webhookSecret));
    const download = createFruugoOrderSource(fruugo.client, store, logger);
    jobs.push(
      new FruugoOrderDownload((since) => download.requestOrders(since), fruugo.config.orderDownloadIntervalMs, logger),
    );
  }
  if (increff) {
    const { webhookToken, credentialTtlSeconds, transporter } = increff.config;
    webhookHandlers.push(
      new IncreffWebhookHandler(store, events, { token: webhookToken, credentialTtlSeconds, transporter }, logger),
    );
  }
  const marketplacerWebhookSecret = config.marketplacer?.webhookSecret;
  if (marketplacer && marketplacerWebhookSecret !== undefined) {
    webhookHandlers.push(new MarketplacerWebhookHandler(events, marketplacer, marketplacerWebhookSecret, logger));
  }

  return {
    forOperation(log) {
      const sources = new Map<Marketplace, OrderSource>();
      const inventory = new Map<Marketplace, InventorySource>();
      let fulfilment: Fulfilment | undefined;
      let catalog: CatalogUpdates | undefined;
      const noonCall = noon?.client.caller(log);
      if (noonCall && fbpiWarehouse) {
        const stock = new NoonStockApi(noonCall);
        sources.set(Marketplace.NOON, new NoonOrderSource(new NoonFbpiApi(noonCall), fbpiWarehouse));
        inventory.set(Marketplace.NOON, new NoonInventorySource(stock, fbpiWarehouse));
        catalog = new NoonOfferUpdates(stock, fbpiWarehouse);
      }
      if (fruugo) sources.set(Marketplace.FRUUGO, createFruugoOrderSource(fruugo.client, store, log));
      if (increff) {
        const api = new IncreffApi(increff.client.caller(log));
        sources.set(Marketplace.INCREFF, new IncreffOrderSource(api, store));
        inventory.set(Marketplace.INCREFF, new IncreffInventorySource(api));
        fulfilment = new IncreffFulfilment(api, store, { locationCode: increff.config.locationCode });
      }
      if (marketplacer) {
        sources.set(Marketplace.MARKETPLACER, new MarketplacerOrderSource(marketplacer, log));
        inventory.set(Marketplace.MARKETPLACER, new MarketplacerInventorySource(marketplacer, log));
      }
      return {
        noonInbound: noonCall && new NoonInboundDataSource(new NoonInboundApi(noonCall)),
        sources,
        inventory,
        fulfilment,
        catalog,
      };
    },
    checks,
    webhookHandlers,
    jobs,
  };
}
