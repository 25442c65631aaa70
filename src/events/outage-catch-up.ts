import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { CallbackStore } from '../store/callback-store.js';
import type { EventBusHandle, EventBusLink } from './bus.js';
import { toOrderEventMessage } from './order-event-message.js';

/** How many stored events one read fetches. */
const READ_PAGE = 200;

export interface OutageCatchUpOptions {
  store: Pick<CallbackStore, 'orderEventsAfter' | 'latestOrderEventCursor'>;
  /**
   * `listen`: the order events this instance's subscribers are given, to know the largest cursor heard here;
   * `deliverHere`: to them only, for what is read back (every instance reads its own).
   */
  bus: Pick<EventBusHandle, 'listen' | 'deliverHere'>;
  link: EventBusLink;
  clock: Clock;
  /** REDIS_OUTAGE_POLL_MS: how often the store is read while Redis is away. */
  intervalMs: number;
  logger: Logger;
}

/**
 * While this instance cannot hear the others through Redis, it reads their order events from the store and delivers
 * them to its own subscribers, so that a Redis outage delays live order events (by up to `intervalMs`) but loses
 * none, and clients do nothing about it.
 *
 * It reads every `intervalMs` the events after the largest cursor heard here, from the moment the Redis subscription
 * is lost until it is confirmed again, and once more then: an event published before Redis confirmed the new
 * subscription was not heard, but it is in the store. Subscribers drop what they already have (by cursor), and read
 * any gap below what they are given (OrderEventLog.subscribe). One instance-wide read per interval, however many
 * subscribers there are; none while Redis is up. Stock and ASN events are live only: an outage loses those.
 */
export class OutageCatchUp {
  private heard = 0;
  private unlisten: (() => void) | undefined;
  private stopPolling: (() => void) | undefined;
  private stopFollowingLink: (() => void) | undefined;
  /** The read under way; a read asked for meanwhile runs after it (`again`), so none is lost to an overlap. */
  private reading: Promise<void> | undefined;
  private again = false;

  constructor(private readonly options: OutageCatchUpOptions) {}

  async start(): Promise<void> {
    const { bus, store, link } = this.options;
    // Heard first, then the store: an event recorded in between is counted by one or the other.
    this.unlisten = bus.listen('order-event', (message) => (this.heard = Math.max(this.heard, message.cursor)));
    this.heard = Math.max(this.heard, await store.latestOrderEventCursor());
    this.stopFollowingLink = link.onHearingChange((hearing) => (hearing ? this.resumed() : this.lost()));
    if (!link.hearing) this.lost();
  }

  /** Stops reading; waits for a read under way. */
  async stop(): Promise<void> {
    this.stopFollowingLink?.();
    this.stopPolling?.();
    this.stopPolling = undefined;
    this.unlisten?.();
    await this.reading;
  }

  private lost(): void {
    this.stopPolling ??= this.options.clock.every(this.options.intervalMs, () => this.read());
  }

  private resumed(): void {
    this.stopPolling?.();
    this.stopPolling = undefined;
    this.read();
  }

  private read(): void {
    if (this.reading !== undefined) {
      this.again = true;
      return;
    }
    this.reading = (async () => {
      do {
        this.again = false;
        await this.readNew();
      } while (this.again);
    })().finally(() => (this.reading = undefined));
  }

  private async readNew(): Promise<void> {
    const { store, bus, logger } = this.options;
    try {
      for (;;) {
        const page = await store.orderEventsAfter(this.heard, {}, READ_PAGE);
        // Delivering one moves `heard` on (the listener above); one heard meanwhile is not delivered again.
        for (const event of page)
          if (event.cursor > this.heard) bus.deliverHere('order-event', toOrderEventMessage(event));
        if (page.length < READ_PAGE) return;
      }
    } catch (error) {
      // The store is away too; the next tick tries again.
      logger.error({ err: error }, 'reading order events from the store while Redis is away failed');
    }
  }
}
