import { Repeater } from '@graphql-yoga/subscription';
import type { OrderStatus } from '../domain/order-status.js';
import type { CallbackStore, NewOrderEvent, OrderEvent, OrderEventFilter } from '../store/callback-store.js';
import type { EventBus } from './bus.js';
import { fromOrderEventMessage, toOrderEventMessage } from './order-event-message.js';

/** How many stored events one replay read fetches. */
const REPLAY_PAGE = 200;

/** What subscribers have been told about one order so far. */
export interface Announced {
  /** Whether any event about the order was recorded. */
  any: boolean;
  /** The last status an event named; undefined when none did. */
  status: OrderStatus | undefined;
}

export function matchesOrderEventFilter(event: OrderEvent, filter: OrderEventFilter): boolean {
  if (filter.orderId !== undefined && event.orderId !== filter.orderId) return false;
  if (
    filter.marketplaces !== undefined &&
    filter.marketplaces.length > 0 &&
    !filter.marketplaces.includes(event.marketplace)
  ) {
    return false;
  }
  return true;
}

/**
 * Every order change, stored then published: the store gives each its cursor (and refuses a second copy of the
 * same change), the bus carries it to every subscriber on every instance.
 */
export class OrderEventLog {
  constructor(
    private readonly store: CallbackStore,
    private readonly bus: EventBus,
  ) {}

  /**
   * What subscribers have been told about the order so far: whether anything, and the last status named (by a
   * webhook or a mutation alike). Webhook handlers judge a change against it, so a marketplace's webhook that
   * confirms what a mutation already announced arrives as UPDATED, not as a second STATUS_CHANGED.
   */
  async announced(orderId: string): Promise<Announced> {
    const announced: Announced = { any: false, status: undefined };
    for (let after = 0; ;) {
      const page = await this.store.orderEventsAfter(after, { orderId }, REPLAY_PAGE);
      for (const event of page) {
        announced.any = true;
        if (event.status !== null) announced.status = event.status;
      }
      if (page.length < REPLAY_PAGE) return announced;
      after = page[page.length - 1]!.cursor;
    }
  }

  /** Stores the change and publishes it; a change recorded before (same key) is answered and not published again. */
  async record(change: NewOrderEvent): Promise<OrderEvent> {
    const { event, duplicate } = await this.store.appendOrderEvent(change);
    if (!duplicate) this.bus.publish('order-event', toOrderEventMessage(event));
    return event;
  }

  /**
   * The events matching the filter as they happen; with `since`, first every stored one after that cursor.
   *
   * The seam: listening starts before the store is read, so an event recorded during the replay is both in the
   * store and in the live queue. Live events already replayed are skipped by cursor; one with a smaller cursor
   * that was not replayed (a MongoDB instance that took its cursor earlier but committed later) still arrives.
   * So nothing is missed and nothing arrives twice.
   */
  subscribe(filter: OrderEventFilter, since: number | undefined): AsyncIterableIterator<OrderEvent> {
    return new Repeater<OrderEvent>(async (push, stop) => {
      const live = this.bus.subscribe('order-event')[Symbol.asyncIterator]();
      // Ending the live feed is what wakes this executor when the client goes away: its pending next() resolves done.
      let stopped = false;
      void stop.then(() => {
        stopped = true;
        return live.return?.();
      });
      // Asking for the first live event is what attaches the listener; from here on nothing published is missed.
      let nextLive = live.next();
      const replayed = new Set<number>();
      if (since !== undefined) {
        for (let after = since; !stopped;) {
          const page = await this.store.orderEventsAfter(after, filter, REPLAY_PAGE);
          for (const event of page) {
            replayed.add(event.cursor);
            await push(event);
          }
          if (page.length < REPLAY_PAGE) break;
          after = page[page.length - 1]!.cursor;
        }
      }
      for (let result = await nextLive; result.done !== true; result = await nextLive) {
        nextLive = live.next();
        const event = fromOrderEventMessage(result.value);
        if (!replayed.has(event.cursor) && matchesOrderEventFilter(event, filter)) await push(event);
      }
      stop();
    });
  }
}
