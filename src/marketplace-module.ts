import type { CircuitState } from 'cockatiel';
import type { z } from 'zod';
import type { InboundShipments } from './domain/ports/inbound-shipments.js';
import type { Clock } from './clock.js';
import type { Cursors } from './cursors.js';
import type { MarketplaceIds } from './domain/ids.js';
import type { Marketplace } from './domain/marketplace.js';
import type { CatalogUpdates } from './domain/ports/catalog-updates.js';
import type { Fulfilment } from './domain/ports/fulfilment.js';
import type { InventorySource } from './domain/ports/inventory-source.js';
import type { Job } from './domain/ports/job.js';
import type { OrderSource } from './domain/ports/order-source.js';
import type { WebhookHandler } from './domain/ports/webhook-handler.js';
import type { GatewayEvents } from './events/gateway-events.js';
import type { Deadline } from './http/deadline.js';
import type { HttpConfig } from './http/http-config.js';
import type { Logger } from './logger.js';
import type { RateCounters } from './rate-counters.js';
import type { Probe } from './plugins/health.js';
import type { CallbackStore } from './store/callback-store.js';

/** The gateway-wide variables a marketplace's configuration may fall back on. */
export interface GatewayEnvironment {
  USER_AGENT: string;
}

/** What the gateway hands every marketplace it starts: the shared HTTP settings, the store, the events, the log. */
export interface Shared {
  http: HttpConfig;
  store: CallbackStore;
  events: GatewayEvents;
  /** The process's logger, for what outlives an operation (webhooks, jobs, sessions). */
  logger: Logger;
  /** The time jobs keep (a test moves it by hand). */
  clock: Clock;
  /** Where request budgets count: Redis with REDIS_URL, so every instance spends one budget per marketplace. */
  rateCounters: RateCounters;
  /** Signs and reads the paging cursors clients hold (`endCursor`, `after`). */
  cursors: Cursors;
}

/**
 * A marketplace's parts for one GraphQL operation, bound to its logger and its deadline; each present only where it
 * has it.
 */
export interface OperationPart {
  orders?: OrderSource;
  inventory?: InventorySource;
  /** The warehouse every marketplace's orders are pushed to (Increff). */
  fulfilment?: Fulfilment;
  /** Bulk stock and price updates (noon). */
  catalog?: CatalogUpdates;
  /** Inbound shipments to the marketplace's fulfilment centres (noon FBN's ASNs; the schema's inbound fields). */
  inbound?: InboundShipments;
}

/**
 * How a marketplace's reads turn into upstream calls: what an operation is priced at before it runs (README, Limits;
 * src/graphql/limits/). Each is absent where the marketplace makes no such call.
 */
export interface UpstreamCallSizes {
  /** Orders one call of its order list answers; absent: its orders are listed from the gateway's store. */
  ordersPerCall?: number;
  /** SKUs one stock call takes (its InventorySource's `maxBatchSize`); absent: it counts no stock. */
  skusPerCall?: number;
  /** Items one call of its bulk updates takes (noon's stock, prices and ASN items); absent: it has none. */
  itemsPerUpdate?: number;
}

/** A configured marketplace, its process-wide clients made once: what the gateway iterates. */
export interface RunningMarketplace {
  /** Its parts for one operation: their upstream calls log under `log` and end by `deadline`. */
  forOperation(log: Logger, deadline: Deadline): OperationPart;
  /** How many calls its order list and stock reads take, for the cost of an operation. */
  calls: UpstreamCallSizes;
  /** What `/readyz` asks of it beyond its circuit breaker, if anything (a login, a reachable endpoint). */
  readiness?: Probe;
  /** Its client's circuit breaker, for `/readyz`. */
  circuitState(): CircuitState;
  /** The senders whose webhooks the gateway takes from it, one route each under /webhooks. */
  webhookHandlers: WebhookHandler[];
  jobs: Job[];
}

/**
 * Everything the gateway knows of one marketplace, exported by `datasources/<marketplace>/index.ts` and listed in
 * `datasources/modules.ts`. `src/config.ts`, `src/marketplaces.ts` and `src/marketplaces-log.ts` loop over that list;
 * nothing else names a marketplace's module.
 */
export interface MarketplaceModule<
  Key extends string = string,
  Fields extends z.ZodRawShape = z.ZodRawShape,
  C = unknown,
> {
  readonly marketplace: Marketplace;
  /**
   * The shapes of its order numbers and line ids (`ids.ts`): every id a client sends is checked against them before
   * the marketplace is asked anything, whether it is configured here or not.
   */
  readonly ids: MarketplaceIds;
  /** Its section of the gateway's `Config` (`config.noon`): undefined when the marketplace is not configured. */
  readonly key: Key;
  /** The zod fields of its environment variables, with their doc comments; the README's table lists them. */
  readonly environment: Fields;
  /**
   * Its configuration from the checked environment, undefined when none of its variables is set; a problem (a
   * partial set, a bad key file) is pushed to `problems`, worded as the README's variable table names it.
   */
  readConfig(env: z.infer<z.ZodObject<Fields>> & GatewayEnvironment, problems: string[]): C | undefined;
  /** The base URL the start-up line names (credentials left out by the caller). */
  baseUrl(config: C): string;
  /** Its process-wide clients, once per gateway, and what the gateway needs of them. */
  create(config: C, shared: Shared): RunningMarketplace;
}

/** Declares a module, keeping its key and configuration types for `Config`. */
export function marketplaceModule<Key extends string, Fields extends z.ZodRawShape, C>(
  module: MarketplaceModule<Key, Fields, C>,
): MarketplaceModule<Key, Fields, C> {
  return module;
}
