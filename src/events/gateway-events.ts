import type { InventoryLevel } from '../domain/inventory-level.js';
import type { Marketplace } from '../domain/marketplace.js';
import type { Logger } from '../logger.js';
import type { CallbackStore } from '../store/callback-store.js';
import { filter as filterEvents, map, pipe } from '@graphql-yoga/subscription';
import type { EventBus, InventoryChangedMessage } from './bus.js';
import { notePublication } from '../tracing/event-publications.js';
import type { InboundShipmentChange } from './inbound-shipment-change.js';
import { OrderEventLog } from './order-event-log.js';
import type { Publication } from './publication.js';

/** Which stock changes a subscriber wants; an empty or absent list means all. */
export interface InventoryFilter {
  skus?: readonly string[];
  marketplaces?: readonly Marketplace[];
}

/**
 * Everything the gateway announces, in one place that webhook handlers, mutations and subscriptions share.
 * Order events are stored (they have cursors and can be replayed); stock and ASN changes are live only: a
 * reconnecting client reads the current stock or ASN instead of a history of it.
 */
export class GatewayEvents {
  readonly orders: OrderEventLog;

  constructor(
    store: CallbackStore,
    private readonly bus: EventBus,
    logger: Logger,
  ) {
    this.orders = new OrderEventLog(store, bus, logger);
  }

  /** Announces stock counts that changed. */
  inventoryChanged(levels: readonly InventoryLevel[]): void {
    for (const level of levels) {
      this.bus.publish('inventory-changed', { ...level, updatedAt: level.updatedAt?.toISOString() ?? null });
    }
  }

  /** Announces an ASN's move. */
  inboundShipmentChanged(change: InboundShipmentChange): void {
    this.bus.publish('inbound-shipment-event', change);
  }

  subscribeInventory(filter: InventoryFilter): AsyncIterable<InventoryLevel> {
    return pipe(
      this.bus.subscribe('inventory-changed'),
      filterEvents(
        (message: InventoryChangedMessage) =>
          (!filter.skus?.length || filter.skus.includes(message.sku)) &&
          (!filter.marketplaces?.length || filter.marketplaces.includes(message.marketplace)),
      ),
      map(({ traceparent, ...message }: InventoryChangedMessage & Publication): InventoryLevel => {
        const level = { ...message, updatedAt: message.updatedAt === null ? null : new Date(message.updatedAt) };
        notePublication(level, traceparent);
        return level;
      }),
    );
  }

  subscribeInboundShipment(asnNumber: string | undefined): AsyncIterable<InboundShipmentChange> {
    return pipe(
      this.bus.subscribe('inbound-shipment-event'),
      filterEvents((change: InboundShipmentChange) => asnNumber === undefined || change.asnNumber === asnNumber),
      map(({ traceparent, ...change }: InboundShipmentChange & Publication): InboundShipmentChange => {
        notePublication(change, traceparent);
        return change;
      }),
    );
  }
}
