import type { Order } from '../domain/order.js';
import type { Logger } from '../logger.js';
import type {
  CallbackStore,
  NewOrderEvent,
  OrderEvent,
  OrderEventFilter,
  OrderState,
} from '../store/callback-store.js';
import { notePublication } from '../tracing/event-publications.js';
import type { EventBus } from './bus.js';
import type { Publication } from './publication.js';
import { fromOrderEventMessage, toOrderEventMessage, type OrderEventMessage } from './order-event-message.js';

/** How many stored events one replay read fetches. */
export const REPLAY_PAGE = 200;

/**
 * How often a change is decided again after another change of the same order was committed first: each round one of
 * the racing writers commits, so this is more writers than change one order at one moment.
 */
const DECISION_ATTEMPTS = 20;

/** What a change amounts to: the event to announce and, for an order the store keeps, the order after it. */
export interface OrderChangeDecision {
  event: NewOrderEvent;
  order?: Order;
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
 * same change), the bus carries it to every subscriber on every instance once the store has it durably.
 */
export class OrderEventLog {
  /** The publication of the last event committed: each waits for the one before, so they go out in commit order. */
  private publishing: Promise<void> = Promise.resolve();
  /**
   * Each message heard, as an event, made once for all this instance's subscribers (every listener is handed the same
   * message): at 100 subscribers it was made 100 times, a Date each.
   */
  private readonly heard = new WeakMap<OrderEventMessage, OrderEvent>();

  constructor(
    private readonly store: CallbackStore,
    private readonly bus: EventBus,
    private readonly logger: Logger,
  ) {}

  /**
   * Decides a change against where the order stands (`decide` answers undefined for "nothing changed"), commits it
   * with its event in one write, and publishes the event. Compare-and-set: when another change of the order was
   * committed after the state was read (a mutation and its own webhook, two instances), the state is read again and
   * the change decided again, so one change is announced once. A change whose key was committed before (a webhook
   * applied again) is not committed or published again. Resolves with the event committed, or undefined when none
   * was (nothing changed, or the change was committed before), without waiting for its publication: that waits
   * for the store's next flush to disk, which the writers of that moment share (the caller, a webhook applied in its
   * turn, need not hold its turn for it).
   */
  async change(
    orderId: string,
    decide: (state: OrderState) => OrderChangeDecision | undefined,
  ): Promise<OrderEvent | undefined> {
    for (let attempt = 1; ; attempt++) {
      const state = await this.store.orderState(orderId);
      const decision = decide(state);
      if (decision === undefined) return undefined;
      const committed = await this.store.commitOrderChange({ basedOn: state.version, ...decision });
      if (committed.outcome === 'DUPLICATE') return undefined;
      if (committed.outcome === 'COMMITTED') {
        this.publishWhenDurable(committed.event);
        return committed.event;
      }
      if (attempt >= DECISION_ATTEMPTS) {
        throw new Error(`order ${orderId} changed under ${DECISION_ATTEMPTS} decisions in a row; not committed`);
      }
    }
  }

  /**
   * Publishes a committed event once the store has it durably (a subscriber never hears of an event a power loss
   * could take back and give its cursor to another), after every event committed before it. One that cannot be
   * flushed is not published; it is in the store, where a subscription reads it when the next event shows the gap.
   */
  private publishWhenDurable(event: OrderEvent): void {
    const durable = this.store.durable();
    this.publishing = this.publishing
      .then(() => durable)
      .then(() => this.bus.publish('order-event', toOrderEventMessage(event)))
      .catch((error: unknown) =>
        this.logger.error({ err: error, orderEvent: event.cursor, order: event.orderId }, 'order event not published'),
      );
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
    const live = this.bus.subscribe('order-event');
    const events = this.replayThenLive(live, filter, since);
    return {
      next: () => events.next(),
      // A generator waiting for a live event takes a return() only once it yields again: ending the live feed is what
      // wakes it when the client goes away (its pending next() resolves done).
      return: () => {
        void live.return();
        return events.return(undefined);
      },
      throw: (error?: unknown) => {
        void live.return();
        return events.throw(error);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  private async *replayThenLive(
    live: AsyncIterator<OrderEventMessage>,
    filter: OrderEventFilter,
    since: number | undefined,
  ): AsyncGenerator<OrderEvent, void, undefined> {
    try {
      // Asking for the first live event is what attaches the listener; from here on nothing published is missed.
      let nextLive = live.next();
      const latest = await this.store.latestOrderEventCursor();
      let passed = Math.max(latest, yield* this.stored(filter, since ?? latest, Number.POSITIVE_INFINITY));
      for (let result = await nextLive; result.done !== true; result = await nextLive) {
        nextLive = live.next();
        const event = this.eventOf(result.value);
        if (event.cursor <= passed) continue;
        if (event.cursor > passed + 1) yield* this.stored(filter, passed, event.cursor);
        if (matchesOrderEventFilter(event, filter)) yield event;
        passed = event.cursor;
      }
    } finally {
      void live.return?.();
    }
  }

  private eventOf(message: OrderEventMessage & Publication): OrderEvent {
    let event = this.heard.get(message);
    if (event === undefined) {
      this.heard.set(message, (event = fromOrderEventMessage(message)));
      notePublication(event, message.traceparent);
    }
    return event;
  }

  /** The stored events matching the filter with cursors in (after, before); returns the cursor of the last one. */
  private async *stored(
    filter: OrderEventFilter,
    after: number,
    before: number,
  ): AsyncGenerator<OrderEvent, number, undefined> {
    let last = after;
    for (;;) {
      const page = await this.store.orderEventsAfter(last, filter, REPLAY_PAGE);
      for (const event of page) {
        if (event.cursor >= before) return last;
        yield event;
        last = event.cursor;
      }
      if (page.length < REPLAY_PAGE) return last;
    }
  }
}
