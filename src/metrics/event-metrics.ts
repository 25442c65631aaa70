import { Counter, Histogram, type Registry } from 'prom-client';
import type { EventBusHandle, EventBusObserver } from '../events/bus.js';
import { cursorOf } from '../events/shared-event-work.js';

/** Order events whose moment of arrival is kept, at most: the newest, which live subscribers resolve. */
const MOST_EVENTS_KEPT = 1000;

/**
 * The event bus (src/events/): publishes that failed to reach the other instances, and how long an order event took
 * from the moment this instance had it (its commit here, once durable, or its arrival from another instance through
 * Redis) to a subscriber starting to resolve it (the wait in the subscriber's queue included).
 */
export class EventMetrics implements EventBusObserver {
  private readonly failures: Counter<'topic'>;
  private readonly lag: Histogram;
  /** When each of the newest order events reached this instance's subscribers, by cursor. */
  private readonly heardAt = new Map<number, number>();

  constructor(registry: Registry) {
    this.failures = new Counter({
      name: 'gateway_event_publish_failures_total',
      help: 'Events that could not be published to the other instances through Redis, by topic',
      labelNames: ['topic'],
      registers: [registry],
    });
    this.lag = new Histogram({
      name: 'gateway_order_event_delivery_lag_seconds',
      help:
        'Order events, from reaching this instance (committed here, or heard from another instance) to a subscriber ' +
        'resolving them; one observation per subscriber',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
  }

  publishFailed(topic: string): void {
    this.failures.inc({ topic });
  }

  /** Notes the moment each order event reaches this instance's subscribers; listening before any subscriber does. */
  listen(bus: Pick<EventBusHandle, 'listen'>): void {
    bus.listen('order-event', ({ cursor }) => {
      this.heardAt.set(cursor, performance.now());
      if (this.heardAt.size > MOST_EVENTS_KEPT) this.heardAt.delete(this.heardAt.keys().next().value!);
    });
  }

  /**
   * A subscription starts resolving `event` (its root value). An order event heard live is measured; one read from
   * the store only (a replay with `since` of events older than the newest 1,000) has no moment of arrival here.
   */
  delivered(event: unknown): void {
    const cursor = cursorOf(event);
    const heard = cursor === undefined ? undefined : this.heardAt.get(cursor);
    if (heard !== undefined) this.lag.observe((performance.now() - heard) / 1000);
  }
}
