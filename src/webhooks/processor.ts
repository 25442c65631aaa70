import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { CallbackStore, WebhookEvent, WebhookSource } from '../store/callback-store.js';
import type { WebhookHandler } from '../domain/ports/webhook-handler.js';
import { afterFailedAttempt, type WebhookRetrySchedule } from './retry-schedule.js';

export interface WebhookProcessorOptions {
  store: CallbackStore;
  handlers: readonly WebhookHandler[];
  logger: Logger;
  /**
   * How often the sweep looks for stored events that are due: failed ones whose backoff is over, and any left
   * RECEIVED by a restart.
   */
  sweepIntervalMs: number;
  /** The most events one sweep takes from the store. */
  sweepBatch: number;
  /** How many attempts an event gets, and how long it waits between them. */
  retry: WebhookRetrySchedule;
  /** The sweep's timer, and the moments an attempt settles and the next one is due. */
  clock: Clock;
}

/**
 * Applies stored webhook events: each one right after it is acknowledged, and again later while it is owed (a
 * failed attempt whose backoff is over, or a gateway that stopped between storing and applying), until it is
 * PROCESSED or, after its last attempt allowed, DEAD.
 */
export class WebhookProcessor {
  private readonly options: WebhookProcessorOptions;
  private readonly handlers: Map<WebhookSource, WebhookHandler>;
  /** Events being applied now, so a sweep never applies one twice at once. */
  private readonly running = new Map<string, Promise<void>>();
  private stopSweeps: (() => void) | undefined;

  constructor(options: WebhookProcessorOptions) {
    this.options = options;
    this.handlers = new Map(options.handlers.map((handler) => [handler.source, handler]));
  }

  /** Starts the periodic sweep, beginning with whatever a previous run left owed. */
  start(): void {
    void this.sweep();
    this.stopSweeps = this.options.clock.every(this.options.sweepIntervalMs, () => void this.sweep());
  }

  /** Applies one event; resolves when done, whatever the outcome (a failure is stored, not thrown). */
  apply(event: WebhookEvent): Promise<void> {
    const running = this.running.get(event.id);
    if (running) return running;
    const attempt = this.attempt(event).finally(() => this.running.delete(event.id));
    this.running.set(event.id, attempt);
    return attempt;
  }

  /**
   * Applies a stored event again, whatever its status (an operator's replay, DEAD ones included): it is reopened
   * with its attempts back at 0, applied now, and answered as it then stands; undefined when no event has this id.
   * Order events it announced before are not announced twice (their keys name the stored event).
   */
  async replay(id: string): Promise<WebhookEvent | undefined> {
    // A replay while the event is being applied waits for that attempt instead of racing it.
    await this.running.get(id);
    const reopened = await this.options.store.reopenWebhookEvent(id, this.options.clock.now());
    if (reopened === undefined) return undefined;
    await this.apply(reopened);
    return this.options.store.findWebhookEvent(id);
  }

  /** Waits for the events being applied, then stops retrying: for shutdown. */
  async stop(): Promise<void> {
    this.stopSweeps?.();
    await Promise.all(this.running.values());
  }

  private async sweep(): Promise<void> {
    const { store, clock, sweepBatch, logger } = this.options;
    try {
      const due = await store.dueWebhookEvents(clock.now(), sweepBatch);
      await Promise.all(due.map((event) => this.apply(event)));
    } catch (error) {
      logger.error({ err: error }, 'could not read the webhook events that are due');
    }
  }

  private async attempt(event: WebhookEvent): Promise<void> {
    const { store, logger, clock } = this.options;
    const log = logger.child({ webhookEvent: event.id, source: event.source, type: event.type });
    const attempt = event.attempts + 1;
    try {
      const handler = this.handlers.get(event.source);
      if (!handler) throw new Error(`no handler for ${event.source} webhooks`);
      await handler.process(event);
      await store.settleWebhookEvent(event.id, { status: 'PROCESSED', at: clock.now() });
      log.info({ attempt }, 'webhook applied');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const outcome = afterFailedAttempt(attempt, message, clock.now(), this.options.retry);
      if (outcome.status === 'DEAD') {
        log.error({ err: error, attempt }, 'webhook not applied after its last attempt: DEAD until it is replayed');
      } else {
        log.warn(
          { err: error, attempt, nextAttemptAt: outcome.nextAttemptAt },
          'webhook not applied; tried again later',
        );
      }
      await store
        .settleWebhookEvent(event.id, outcome)
        .catch((storeError: unknown) => log.error({ err: storeError }, 'could not record the failed attempt'));
    }
  }
}
