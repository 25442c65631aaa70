import { createPubSub, type PubSub, type PubSubEvent } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import type { InventoryLevel } from '../../schema/inventory.js';
import type { InboundShipmentChange } from './inbound-shipment-change.js';
import type { OrderEventMessage } from './order-event-message.js';

/**
 * The topics events travel on, and the one payload each carries. Payloads are plain JSON (moments as ISO strings),
 * so they cross Redis unchanged; they become schema objects again where a subscription reads them.
 */
export type GatewayTopics = {
  'order-event': [OrderEventMessage];
  'inventory-changed': [InventoryChangedMessage];
  'inbound-shipment-event': [InboundShipmentChange];
};

/** An InventoryLevel as it travels: `updatedAt` as an ISO string. */
export type InventoryChangedMessage = Omit<InventoryLevel, 'updatedAt'> & { updatedAt: string | null };

export type EventBus = PubSub<GatewayTopics>;

export interface EventBusHandle {
  bus: EventBus;
  /** Closes the Redis connections, if any. */
  close(): Promise<void>;
}

/**
 * In-process by default. With a Redis URL, every instance publishes to Redis and hears every other instance's
 * events, so a subscriber on any instance sees an event published on any other (graphql-yoga's Redis event target).
 */
export function createEventBus(redisUrl: string | undefined): EventBusHandle {
  if (redisUrl === undefined) return { bus: createPubSub<GatewayTopics>(), close: async () => {} };
  // Publishing and subscribing need separate connections: a subscribed Redis connection can do nothing else.
  const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const eventTarget = createRedisEventTarget<PubSubEvent<GatewayTopics, keyof GatewayTopics>>({ publishClient, subscribeClient });
  return {
    bus: createPubSub<GatewayTopics>({ eventTarget }),
    async close() {
      await Promise.all([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
