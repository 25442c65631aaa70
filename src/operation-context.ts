import { OrdersDataSource } from '../datasources/orders/orders.js';
import { readEachTime, type Reads } from '../datasources/orders/reads.js';
import { callerOf } from './auth/caller.js';
import { MarketplaceAccess } from './auth/marketplace-access.js';
import type { Cursors } from './cursors.js';
import type { InboundShipments } from './domain/ports/inbound-shipments.js';
import type { CatalogUpdates } from './domain/ports/catalog-updates.js';
import type { GatewayEvents } from './events/gateway-events.js';
import type { SharedEventWork } from './events/shared-event-work.js';
import type { GatewayContext, OperationOrigin, Transport } from './graphql/context.js';
import { PartialFailures } from './graphql/partial-failures.js';
import { Deadline } from './http/deadline.js';
import type { Logger } from './logger.js';
import type { Marketplaces, OperationParts } from './marketplaces.js';
import type { Principal } from './auth/principal.js';
import type { CallbackStore } from './store/callback-store.js';
import type { WebhookProcessor } from './webhooks/processor.js';

/** What every operation shares: the process-wide parts made once at start-up. */
export interface ProcessParts {
  marketplaces: Marketplaces;
  store: CallbackStore;
  events: GatewayEvents;
  webhooks: WebhookProcessor;
  cursors: Cursors;
  eventWork: SharedEventWork;
  /** Told of each event that reaches a subscription: how long order events take to reach subscribers (metrics). */
  deliveries: { delivered(event: unknown): void };
  /** REQUEST_DEADLINE_MS. */
  requestDeadlineMs: number;
}

/**
 * One operation's context. The marketplaces' per-operation parts and the orders datasource (its DataLoaders) are made
 * when a resolver first asks for them: most operations reach few of them, and a `__typename` none (bench/README.md,
 * "Requests a second"). The getters live on the prototype and the state in plain fields, because Apollo Server copies
 * a context's own properties onto a new object of the same prototype for every request (`cloneObject`): copied
 * getters would be called there, at once, and `#private` fields would be missing from the copy.
 */
export class OperationContext implements GatewayContext {
  readonly requestId: string;
  readonly log: Logger;
  readonly principal: Principal;
  readonly transport: Transport;
  readonly address: string;
  readonly access: MarketplaceAccess;
  readonly deadline: Deadline;
  readonly events: GatewayEvents;
  readonly store: CallbackStore;
  readonly webhooks: WebhookProcessor;
  readonly cursors: Cursors;
  partialFailures = new PartialFailures();
  private parts: OperationParts | undefined = undefined;
  private ordersSource: OrdersDataSource | undefined = undefined;
  private reads: Reads = readEachTime;

  constructor(
    origin: OperationOrigin,
    private readonly shared: ProcessParts,
  ) {
    this.requestId = origin.requestId;
    this.log = origin.log;
    this.principal = origin.principal;
    this.transport = origin.transport;
    this.address = origin.address;
    this.access = new MarketplaceAccess(origin.principal);
    this.deadline = new Deadline(shared.requestDeadlineMs, callerOf(origin.principal, origin.address));
    this.events = shared.events;
    this.store = shared.store;
    this.webhooks = shared.webhooks;
    this.cursors = shared.cursors;
  }

  get noonInbound(): InboundShipments | undefined {
    return this.operationParts().noonInbound;
  }

  get catalog(): CatalogUpdates | undefined {
    return this.operationParts().catalog;
  }

  get orders(): OrdersDataSource {
    this.ordersSource ??= new OrdersDataSource({
      ...this.operationParts(),
      store: this.shared.store,
      events: this.shared.events.orders,
      log: this.log,
      access: this.access,
      reads: this.reads,
      cursors: this.shared.cursors,
    });
    return this.ordersSource;
  }

  startEvent(event: unknown): void {
    this.deadline.restart();
    this.reads = this.shared.eventWork.of(event);
    this.ordersSource = undefined;
    this.partialFailures = new PartialFailures();
  }

  resultOfEvent<Result>(
    event: unknown,
    sharingKey: string | undefined,
    execute: () => Promise<Result>,
  ): Promise<Result> {
    this.shared.deliveries.delivered(event);
    return this.shared.eventWork.result(event, sharingKey, execute);
  }

  private operationParts(): OperationParts {
    this.parts ??= this.shared.marketplaces.forOperation(this.log, this.deadline);
    return this.parts;
  }
}
