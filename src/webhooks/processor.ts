import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { CallbackStore, WebhookEvent, WebhookSource } from '../store/callback-store.js';
import type { WebhookHandler } from '../domain/ports/webhook-handler.js';

export interface WebhookProcessorOptions {
  store: CallbackStore;
  handlers: readonly WebhookHandler[];
  logger: Logger;
  /** How often stored events that are not processed yet (failed, or interrupted by a restart) are tried again. */
  retryIntervalMs: number;
  /** The sweep's timer and the settle times. */
  clock: Clock;
}

/**
 * Applies stored webhook events: each one right after it is acknowledged, and again later for as long as it has
 * not been applied (a failed attempt, or a gateway that stopped between storing and applying).
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

  /** Starts the periodic retries, beginning with whatever a previous run left unprocessed. */
  start(): void {
    void this.sweep();
    this.stopSweeps = this.options.clock.every(this.options.retryIntervalMs, () => void this.sweep());
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
   * Applies a stored event again, whatever its status (an operator's replay): it is reopened, applied now, and
   * answered as it then stands; undefined when no event has this id. Order events it announced before are not
   * announced twice (their keys name the stored event).
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
    try {
      const owed = await this.options.store.dueWebhookEvents(this.options.clock.now(), 100);
      await Promise.all(owed.map((event) => this.apply(event)));
    } catch (error) {
      this.options.logger.error({ err: error }, 'could not read unprocessed webhook events');
    }
  }

  private async attempt(event: WebhookEvent): Promise<void> {
    const { store, logger } = this.options;
    const log = logger.child({ webhookEvent: event.id, source: event.source, type: event.type });
    try {
      const handler = this.handlers.get(event.source);
      if (!handler) throw new Error(`no handler for ${event.source} webhooks`);
      await handler.process(event);
      await store.settleWebhookEvent(event.id, { status: 'PROCESSED', at: this.options.clock.now() });
      log.info('webhook applied');
    } catch (error) {
      log.warn({ err: error }, 'webhook not applied; it stays stored and is tried again');
      await store
        .settleWebhookEvent(event.id, {
          status: 'FAILED',
          error: error instanceof Error ? error.message : String(error),
          // Due again at once: the next sweep tries it, as every sweep did before events had their own next attempt.
          nextAttemptAt: this.options.clock.now(),
        })
        .catch((storeError: unknown) => log.error({ err: storeError }, 'could not record the failed attempt'));
    }
  }
}
