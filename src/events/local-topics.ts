import { EventQueue } from './event-queue.js';

/** SUBSCRIPTION_BUFFER_EVENTS's default: about what a subscription could hold before, when 1,025 crashed the process. */
export const DEFAULT_SUBSCRIPTION_BUFFER = 1000;

/**
 * Topics within this process: what is published reaches every subscription at once, in the order published.
 *
 * Each subscription holds at most `queueLimit` events its consumer has not taken yet (a client slower than the events,
 * e.g. one whose `order` field waits for a marketplace); past that the oldest are dropped. So a slow client costs
 * bounded memory, and never throws into the publisher (an unbounded Repeater, used here before, threw at its 1,025th
 * waiting event from inside `publish`, which took the whole process down). Order events lost this way are read back
 * from the store by their subscriber (OrderEventLog.subscribe); stock and ASN events are live only, and the newest are
 * the ones kept.
 */
export class LocalTopics<Topics extends Record<string, unknown>> {
  private readonly listeners: { [Topic in keyof Topics]?: Set<(payload: Topics[Topic]) => void> } = {};

  constructor(private readonly queueLimit: number) {}

  publish<Topic extends keyof Topics>(topic: Topic, payload: Topics[Topic]): void {
    for (const listener of this.listeners[topic] ?? []) listener(payload);
  }

  /** Calls `listener` with each event of `topic` as it is published, before `publish` returns; answers how to stop. */
  listen<Topic extends keyof Topics>(topic: Topic, listener: (payload: Topics[Topic]) => void): () => void {
    const listeners = (this.listeners[topic] ??= new Set());
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /** The events of `topic` published from the first `next()` on (that is when the subscription attaches). */
  subscribe<Topic extends keyof Topics>(topic: Topic): EventQueue<Topics[Topic]> {
    return new EventQueue<Topics[Topic]>(this.queueLimit, (push) => this.listen(topic, push));
  }
}
