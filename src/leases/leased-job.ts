import type { Job } from '../domain/ports/job.js';
import type { Logger } from '../logger.js';
import type { Lease } from './redis-lease.js';

export interface LeasedJobOptions {
  /** The lease that decides which instance runs the job. */
  lease: Lease;
  /** The lease's time to live (REDIS_LEASE_TTL_MS): it is claimed, or renewed, every third of it. */
  ttlMs: number;
  logger: Logger;
}

/**
 * A job that instances sharing a store and a Redis run once between them: on the instance holding its lease. Every
 * instance claims the lease every third of its TTL: the holder renews it, the others find it held; when the holder
 * dies its lease runs out within a TTL and the next claim of another instance takes it and starts the job there.
 *
 * - **Lost while running** (Redis says another instance holds it: this one was stalled past its TTL): the job's
 *   schedule stops at once; a run under way finishes (one download request, or the webhooks a sweep already took, which
 *   are safe to apply twice), so the two instances may overlap by that one run.
 * - **Redis unreachable**: for a TTL nothing changes (a lease held here is still ours until it would have run out, and
 *   one held elsewhere still theirs). After a whole TTL without an answer every instance runs the job itself, as
 *   without REDIS_URL, rather than none: a second download only saves the same orders again, and a webhook applied
 *   twice changes nothing twice, while a download or sweep that nobody runs leaves orders and retries waiting for as
 *   long as Redis is away. When Redis answers again, the claim decides once more.
 * - **Stopped** (shutdown): the job stops and the lease is given back, so another instance takes it at its next claim
 *   instead of a TTL later.
 *
 * The claims keep real time, not the gateway's clock: the lease runs out in Redis's time.
 */
export class LeasedJob implements Job {
  readonly name: string;
  private readonly every: number;
  private readonly log: Logger;
  private timer: NodeJS.Timeout | undefined;
  /** The claim under way, if any: one at a time. */
  private claiming: Promise<void> | undefined;
  /** Whether the job is started here. */
  private running = false;
  /** Whether this instance held the lease at its last answer. */
  private holding = false;
  /** Whether the job runs here because Redis has not answered for a TTL. */
  private redisAway = false;
  /** When Redis last answered a claim (performance.now()); the start counts as one. */
  private lastAnswer = 0;
  private stopped = false;

  constructor(
    private readonly job: Job,
    private readonly options: LeasedJobOptions,
  ) {
    this.name = job.name;
    this.every = Math.max(1, Math.floor(options.ttlMs / 3));
    this.log = options.logger.child({ job: job.name });
  }

  start(): void {
    this.stopped = false;
    this.lastAnswer = performance.now();
    this.timer = setInterval(() => this.claimOnce(), this.every).unref();
    this.claimOnce();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.claiming;
    await this.pause();
    if (!this.holding) return;
    this.holding = false;
    // Nobody depends on it: a lease not given back runs out within a TTL.
    await this.options.lease
      .release()
      .catch((error: unknown) => this.log.warn({ err: error }, 'could not give the lease back; it runs out by itself'));
  }

  private claimOnce(): void {
    this.claiming ??= this.claim().finally(() => (this.claiming = undefined));
  }

  private async claim(): Promise<void> {
    const asked = performance.now();
    let held: boolean;
    try {
      held = await this.options.lease.claim();
    } catch (error) {
      this.unanswered(asked, error);
      return;
    }
    this.lastAnswer = asked;
    if (this.stopped) {
      // Claimed while stopping: stop gives back what it finds held.
      this.holding = held;
      return;
    }
    if (this.redisAway) this.log.info('Redis answers again: the lease decides which instance runs the job');
    this.redisAway = false;
    if (held) {
      if (!this.holding) this.log.info('this instance holds the lease: it runs the job');
      this.holding = true;
      this.run();
      return;
    }
    if (this.holding) this.log.warn('the lease was lost to another instance: the job stops here');
    else if (this.running) this.log.info('another instance holds the lease: the job stops here');
    this.holding = false;
    void this.pause();
  }

  private unanswered(asked: number, error: unknown): void {
    if (this.stopped || asked - this.lastAnswer < this.options.ttlMs) return;
    if (!this.redisAway) {
      this.log.warn(
        { err: error },
        'Redis has not answered for a lease TTL: the job runs on this instance too until it is back',
      );
    }
    this.redisAway = true;
    this.holding = false;
    this.run();
  }

  private run(): void {
    if (this.running) return;
    this.running = true;
    this.job.start();
  }

  private async pause(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.job.stop();
  }
}
