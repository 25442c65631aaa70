/**
 * One subscriber's queue of events published to it and not taken yet, read as an async iterator.
 *
 * At most `limit` events wait; past that the oldest is dropped, so a consumer slower than the events costs bounded
 * memory and `push` never blocks or throws into the publisher. It replaced a Repeater with a sliding buffer, whose
 * push made six promises and an object per event: at 100 subscribers and 500 events a second that was a tenth of the
 * gateway's CPU (bench/README.md, "Webhook → subscriber").
 */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  private readonly waiting: T[] = [];
  /** The consumer's calls of `next()` waiting for an event, in order, when the queue is empty. */
  private readonly takers: Array<(result: IteratorResult<T>) => void> = [];
  private ended = false;
  /** How to stop listening, once attached. */
  private detach: (() => void) | undefined;

  constructor(
    /** Events held for the consumer at most; the oldest go first. */
    private readonly limit: number,
    /**
     * Starts delivering to `push` (called at the first `next()`, so events count from then on, as a subscription
     * attaches when it is first read); answers how to stop.
     */
    private readonly attach: (push: (event: T) => void) => () => void,
  ) {}

  next(): Promise<IteratorResult<T>> {
    if (this.detach === undefined && !this.ended) this.detach = this.attach((event) => this.push(event));
    if (this.waiting.length > 0) return Promise.resolve({ value: this.waiting.shift()!, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.takers.push(resolve));
  }

  /** Stops listening and wakes every waiting `next()` with done; what was queued is dropped. */
  return(): Promise<IteratorResult<T>> {
    if (!this.ended) {
      this.ended = true;
      this.detach?.();
      this.waiting.length = 0;
      for (const taker of this.takers.splice(0)) taker({ value: undefined, done: true });
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(): Promise<IteratorResult<T>> {
    return this.return();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private push(event: T): void {
    if (this.ended) return;
    const taker = this.takers.shift();
    if (taker !== undefined) return taker({ value: event, done: false });
    if (this.waiting.length >= this.limit) this.waiting.shift();
    this.waiting.push(event);
  }
}
