import type { MarketplaceAccess } from '../auth/marketplace-access.js';
import type { Cursors } from '../cursors.js';
import type { Principal } from '../auth/principal.js';
import type { Logger } from '../logger.js';
import type { InboundShipments } from '../domain/ports/inbound-shipments.js';
import type { OrdersDataSource } from '../../datasources/orders/orders.js';
import type { CatalogUpdates } from '../domain/ports/catalog-updates.js';
import type { Deadline } from '../http/deadline.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import type { CallbackStore } from '../store/callback-store.js';
import type { WebhookProcessor } from '../webhooks/processor.js';
import type { PartialFailures } from './partial-failures.js';

/**
 * What every resolver gets for one GraphQL operation (an HTTP request, or one operation on a websocket): its
 * logger (carrying the request id) and that operation's datasources, whose DataLoaders live exactly as long.
 */
export interface GatewayContext {
  requestId: string;
  log: Logger;
  /** Who is calling: authenticated once per HTTP request or websocket connection. */
  principal: Principal;
  /** The marketplaces the caller may use; every path to a marketplace asks it. */
  access: MarketplaceAccess;
  /** How the operation arrived, for the audit log. */
  transport: Transport;
  /** The address the request or websocket came from: who an anonymous caller is, for limits. */
  address: string;
  /** noon's FBN inbound shipments; undefined when noon is not configured. */
  noonInbound: InboundShipments | undefined;
  /** Orders and stock across every configured marketplace. */
  orders: OrdersDataSource;
  /** noon's stock and price updates; undefined when noon FBPI is not configured (no warehouse code). */
  catalog: CatalogUpdates | undefined;
  /** Order, stock and ASN events: what mutations announce and subscriptions listen to. */
  events: GatewayEvents;
  /** Callback state: webhook events and order errors for operators. */
  store: CallbackStore;
  /** Applies stored webhook events (an operator's replay). */
  webhooks: WebhookProcessor;
  /** Signs and reads the paging cursors of the lists the gateway stores itself (webhook events, audit entries). */
  cursors: Cursors;
  /** Marketplaces that failed inside fields that still answered; added to the response's errors. */
  partialFailures: PartialFailures;
  /**
   * When the operation's upstream calls must be done (REQUEST_DEADLINE_MS from its start); the datasources above are
   * bound to it. A subscription's restarts with each event (`startEvent`).
   */
  deadline: Deadline;
  /**
   * Starts resolving one event of a subscription (`eachEventAfresh`), which is one operation for as long as it is
   * open: the deadline restarts, `orders` is a new datasource (no loader serves one event's reads to the next) and
   * `partialFailures` starts empty (each event's result names its own). An order event's reads are shared with every
   * other subscriber resolving the same event (src/events/shared-event-work.ts).
   */
  startEvent(event: unknown): void;
  /**
   * One event of a subscription reached this subscriber: `execute`'s result, or the one already made of the same event
   * for a subscriber with the same `sharingKey` (src/graphql/shared-event-results.ts); undefined: executed here alone.
   */
  resultOfEvent<Result>(
    event: unknown,
    sharingKey: string | undefined,
    execute: () => Promise<Result>,
  ): Promise<Result>;
}

export type Transport = 'http' | 'websocket';

/** What the transport knows of one operation before the gateway's parts are bound to it. */
export interface OperationOrigin {
  log: Logger;
  requestId: string;
  principal: Principal;
  transport: Transport;
  /** The address the request or websocket came from: who an anonymous caller is, for limits. */
  address: string;
}

/** Builds the context of one operation; made once at start-up from the process-wide clients. */
export type ContextFactory = (origin: OperationOrigin) => GatewayContext;
