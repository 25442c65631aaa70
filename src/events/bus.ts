import { createPubSub, type PubSub, type PubSubEvent } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import type { InventoryLevel } from '../domain/inventory-level.js';
import type { Logger } from '../logger.js';
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
 *
 * Redis going away must not take the gateway with it: order events are stored before they are published, so a
 * publish that fails loses nothing a client cannot replay with `since`. The event target fires its Redis commands
 * without awaiting them, so their failures are caught and logged here, and the connections keep reconnecting.
 */
export function createEventBus(redisUrl: string | undefined, logger: Logger): EventBusHandle {
  if (redisUrl === undefined) return { bus: createPubSub<GatewayTopics>(), close: async () => {} };
  const log = logger.child({ component: 'event-bus' });
  // Publishing and subscribing need separate connections: a subscribed Redis connection can do nothing else.
  const [publishClient, subscribeClient] = ['publish', 'subscribe'].map((role) => {
    const client = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
    client.on('error', (error: Error) => log.warn({ err: error, role }, 'Redis connection failed; reconnecting'));
    return client;
  }) as [Redis, Redis];
  const eventTarget = createRedisEventTarget<PubSubEvent<GatewayTopics, keyof GatewayTopics>>({
    publishClient: caught(publishClient, ['publish'], log),
    subscribeClient: caught(subscribeClient, ['subscribe', 'unsubscribe'], log),
  });
  return {
    bus: createPubSub<GatewayTopics>({ eventTarget }),
    async close() {
      // QUIT waits for Redis to answer; a Redis that is gone cannot, so the connection is dropped instead.
      await Promise.all(
        [publishClient, subscribeClient].map((client) => client.quit().catch(() => client.disconnect())),
      );
    },
  };
}

/** The client, with the rejections of these commands logged instead of left unhandled. */
function caught(client: Redis, commands: ReadonlyArray<'publish' | 'subscribe' | 'unsubscribe'>, log: Logger): Redis {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || !commands.includes(property as (typeof commands)[number])) return value;
      return (...args: unknown[]) =>
        (value as (...args: unknown[]) => Promise<unknown>).apply(target, args).catch((error: unknown) => {
          log.error(
            { err: error, command: property },
            'Redis command failed; live events may be missed (replay with since)',
          );
        });
    },
  });
}
