import type { Clock } from '../../src/clock.js';
import type { Job } from '../../src/domain/ports/job.js';
import type { Logger } from '../../src/logger.js';

/** How far back the first download after a start reaches: Fruugo's orders of the last 60 days. */
const FIRST_LOOK_BACK_MS = 60 * 24 * 60 * 60 * 1000;
/** Each later download reaches back past the previous one by this much, so an order changed during it is not missed. */
const OVERLAP_MS = 5 * 60 * 1000;

/**
 * Fruugo sends orders only by callback: the gateway asks for the orders changed since its last ask (the answer, an
 * OrderList, arrives at /webhooks/fruugo), at start and then every interval. Downloading an order again only
 * saves it again, so the overlap and the look-back after a restart cost traffic, never correctness.
 */
export class FruugoOrderDownload implements Job {
  readonly name = 'fruugo-order-download';
  private stopRuns: (() => void) | undefined;
  private lastAsked: Date | undefined;

  constructor(
    /** Asks Fruugo for the orders changed since `since`; resolves with the correlation id of the request. */
    private readonly requestOrders: (since: Date) => Promise<string>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  start(): void {
    void this.run();
    this.stopRuns = this.clock.every(this.intervalMs, () => void this.run());
  }

  stop(): void {
    this.stopRuns?.();
  }

  /** One download request; a failure is logged and the next run asks again from the same point. */
  async run(): Promise<void> {
    const now = this.clock.now();
    const since = this.lastAsked
      ? new Date(this.lastAsked.getTime() - OVERLAP_MS)
      : new Date(now.getTime() - FIRST_LOOK_BACK_MS);
    try {
      const correlationId = await this.requestOrders(since);
      this.lastAsked = now;
      this.logger.info({ marketplace: 'FRUUGO', since, correlationId }, 'asked Fruugo for changed orders');
    } catch (error) {
      this.logger.warn(
        { marketplace: 'FRUUGO', err: error },
        'could not ask Fruugo for changed orders; will ask again',
      );
    }
  }
}
