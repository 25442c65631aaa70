import type { InventoryLevel } from '../domain/inventory-level.js';
import type { Logger } from '../logger.js';
import type { EventQueue } from './event-queue.js';
import type { InboundShipmentChange } from './inbound-shipment-change.js';
import { DEFAULT_SUBSCRIPTION_BUFFER, LocalTopics } from './local-topics.js';
import type { OrderEventMessage } from './order-event-message.js';
import type { Publication } from './publication.js';
import { RedisRelay, type EventBusLink, type EventBusObserver } from './redis-relay.js';

export type { EventBusLink, EventBusObserver } from './redis-relay.js';

/**
 * The topics events travel on, and the payload each carries. Payloads are plain JSON (moments as ISO strings), so
 * they cross Redis unchanged; they become schema objects again where a subscription reads them.
 */
export type GatewayTopics = {
  'order-event': OrderEventMessage & Publication;
  'inventory-changed': InventoryChangedMessage & Publication;
  'inbound-shipment-event': InboundShipmentChange & Publication;
};

/** Every topic (the compiler holds the list to GatewayTopics): the Redis channels an instance listens on. */
const TOPICS = Object.keys({
  'order-event': true,
  'inventory-changed': true,
  'inbound-shipment-event': true,
} satisfies Record<keyof GatewayTopics, true>) as Array<keyof GatewayTopics>;

/** An InventoryLevel as it travels: `updatedAt` as an ISO string. */
export type InventoryChangedMessage = Omit<InventoryLevel, 'updatedAt'> & { updatedAt: string | null };

export interface EventBus {
  /** To this instance's subscribers at once, and through Redis (with REDIS_URL) to every other instance's. */
  publish<Topic extends keyof GatewayTopics>(topic: Topic, payload: GatewayTopics[Topic]): void;
  /** What is published on this instance or heard from another, from the first `next()` on. */
  subscribe<Topic extends keyof GatewayTopics>(topic: Topic): EventQueue<GatewayTopics[Topic]>;
}

export interface EventBusHandle {
  bus: EventBus;
  /** To this instance's subscribers only: what the outage catch-up reads back from the store. */
  deliverHere<Topic extends keyof GatewayTopics>(topic: Topic, payload: GatewayTopics[Topic]): void;
  /** Calls `listener` with each event this instance's subscribers are given, as it is; answers how to stop. */
  listen<Topic extends keyof GatewayTopics>(
    topic: Topic,
    listener: (payload: GatewayTopics[Topic]) => void,
  ): () => void;
  /** Whether other instances' events reach this one; undefined in process, where there are none. */
  link: EventBusLink | undefined;
  /** Closes the Redis connections, if any. */
  close(): Promise<void>;
}

/**
 * In process by default. With a Redis URL, an event still reaches this instance's subscribers straight from its
 * publish, whatever Redis does, and also goes to Redis, from where every other instance delivers it to its own
 * (RedisRelay: an instance skips its own events there, so none arrives twice).
 */
export function createEventBus(
  /** Undefined: events stay in this process. */
  redisUrl: string | undefined,
  logger: Logger,
  /** Events a subscription holds for a client slower than they come; past that the oldest go (LocalTopics). */
  subscriptionBuffer = DEFAULT_SUBSCRIPTION_BUFFER,
  /** Told of each event that could not reach the other instances (the gateway's metrics). */
  observer?: EventBusObserver,
): EventBusHandle {
  const here = new LocalTopics<GatewayTopics>(subscriptionBuffer);
  const deliverHere = here.publish.bind(here);
  const listen = here.listen.bind(here);
  if (redisUrl === undefined) return { bus: here, deliverHere, listen, link: undefined, close: async () => {} };
  const relay = new RedisRelay<GatewayTopics>(
    redisUrl,
    TOPICS,
    deliverHere,
    logger.child({ component: 'event-bus' }),
    observer,
  );
  return {
    bus: {
      publish(topic, payload) {
        here.publish(topic, payload);
        relay.publish(topic, payload);
      },
      subscribe: (topic) => here.subscribe(topic),
    },
    deliverHere,
    listen,
    link: relay,
    close: () => relay.close(),
  };
}
