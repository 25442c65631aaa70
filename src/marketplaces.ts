import type { InboundShipments } from './domain/ports/inbound-shipments.js';
import { MARKETPLACE_MODULES } from '../datasources/modules.js';
import type { Marketplace } from './domain/marketplace.js';
import type { CatalogUpdates } from './domain/ports/catalog-updates.js';
import type { Fulfilment } from './domain/ports/fulfilment.js';
import type { InventorySource } from './domain/ports/inventory-source.js';
import type { Job } from './domain/ports/job.js';
import type { OrderSource } from './domain/ports/order-source.js';
import type { WebhookHandler } from './domain/ports/webhook-handler.js';
import { marketplaceConfig, type Config } from './config.js';
import type { Deadline } from './http/deadline.js';
import type { Logger } from './logger.js';
import type { MarketplaceModule, RunningMarketplace, Shared, UpstreamCallSizes } from './marketplace-module.js';
import { marketplaceCheck } from './marketplace-readiness.js';
import { logMarketplaces } from './marketplaces-log.js';
import type { ReadinessCheck } from './plugins/health.js';

/** The marketplace parts one GraphQL operation works with, bound to its logger and its deadline. */
export interface OperationParts {
  /** Undefined when noon is not configured. */
  noonInbound: InboundShipments | undefined;
  sources: Map<Marketplace, OrderSource>;
  inventory: Map<Marketplace, InventorySource>;
  fulfilment: Fulfilment | undefined;
  catalog: CatalogUpdates | undefined;
}

/** Every configured marketplace's process-wide client (sessions, rate limits, circuit breakers), made once. */
export interface Marketplaces {
  forOperation(log: Logger, deadline: Deadline): OperationParts;
  /** How each configured marketplace's order list and stock reads turn into calls: what operations are priced at. */
  calls: ReadonlyMap<Marketplace, UpstreamCallSizes>;
  /** What `/readyz` asks of each configured marketplace, by its key (`noon`, …). */
  checks: Record<string, ReadinessCheck>;
  /** The senders whose webhooks the gateway takes, one route each under /webhooks. */
  webhookHandlers: WebhookHandler[];
  jobs: Job[];
}

/**
 * Starts every configured marketplace of the modules list (`datasources/modules.ts`) once, and gathers the
 * per-operation parts from them; everything above sees OrderSource and InventorySource. A marketplace that is not
 * configured is off: no source, no check, no webhook route, no job.
 */
export function createMarketplaces(config: Config, services: Omit<Shared, 'http'>): Marketplaces {
  logMarketplaces(config, services.logger);
  const shared: Shared = { http: config.http, ...services };
  const running: RunningMarketplace[] = [];
  const checks: Record<string, ReadinessCheck> = {};
  const calls = new Map<Marketplace, UpstreamCallSizes>();
  for (const module of MARKETPLACE_MODULES as readonly MarketplaceModule[]) {
    const section = marketplaceConfig(config, module);
    if (section === undefined) continue;
    const marketplace = module.create(section, shared);
    running.push(marketplace);
    calls.set(module.marketplace, marketplace.calls);
    checks[module.key] = marketplaceCheck(module.marketplace, marketplace);
  }

  return {
    forOperation(log, deadline) {
      const parts: OperationParts = {
        noonInbound: undefined,
        sources: new Map(),
        inventory: new Map(),
        fulfilment: undefined,
        catalog: undefined,
      };
      for (const marketplace of running) {
        const part = marketplace.forOperation(log, deadline);
        if (part.orders) parts.sources.set(part.orders.marketplace, part.orders);
        if (part.inventory) parts.inventory.set(part.inventory.marketplace, part.inventory);
        parts.fulfilment ??= part.fulfilment;
        parts.catalog ??= part.catalog;
        parts.noonInbound ??= part.inbound;
      }
      return parts;
    },
    calls,
    checks,
    webhookHandlers: running.flatMap((marketplace) => marketplace.webhookHandlers),
    jobs: running.flatMap((marketplace) => marketplace.jobs),
  };
}
