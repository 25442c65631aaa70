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
   * The events matching the filter as they happen, in cursor order, each once; with `since`, first every stored one
   * after that cursor. Without `since` it starts after the latest stored event.
   *
   * Cursors are dense and become readable in order (docs/store.md), which is what this rests on. It keeps `passed`:
   * every cursor up to it has been delivered, or did not match the filter, or came before the subscription. A live
   * event at or below `passed` is dropped (replayed already, read from the store already, or heard twice: from its
   * publish and again through the outage catch-up). A live event above `passed + 1` shows a gap: events this
   * subscription did not hear (Redis lost them, another instance's arrived out of order, or its queue overflowed);
   * they are in the store already, so they are read and delivered first. So nothing is skipped and nothing repeats.
   *
   * Listening starts before the store is read, so an event recorded meanwhile is in one or the other, or both.
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

      /** Pushes the stored events matching the filter with cursors in (after, before); answers the last pushed. */
      const pushStored = async (after: number, before: number): Promise<number> => {
        let last = after;
        while (!stopped) {
          const page = await this.store.orderEventsAfter(last, filter, REPLAY_PAGE);
          for (const event of page) {
            if (event.cursor >= before) return last;
            await push(event);
            last = event.cursor;
          }
          if (page.length < REPLAY_PAGE) break;
        }
        return last;
      };

      const latest = await this.store.latestOrderEventCursor();
      let passed = Math.max(latest, await pushStored(since ?? latest, Number.POSITIVE_INFINITY));
      for (let result = await nextLive; result.done !== true; result = await nextLive) {
        nextLive = live.next();
        const event = fromOrderEventMessage(result.value);
        if (event.cursor <= passed) continue;
        if (event.cursor > passed + 1) await pushStored(passed, event.cursor);
        if (matchesOrderEventFilter(event, filter)) await push(event);
        passed = event.cursor;
      }
      stop();
    });
  }
}
