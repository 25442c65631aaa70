import { SpanKind, context, type Context, type Span, type Tracer } from '@opentelemetry/api';
import PQueue from 'p-queue';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { CallbackStore, WebhookEvent, WebhookSource } from '../store/callback-store.js';
import type { Job } from '../domain/ports/job.js';
import type { WebhookHandler } from '../domain/ports/webhook-handler.js';
import { gatewayTracer, inSpan, markFailed } from '../tracing/spans.js';
import { afterFailedAttempt, type WebhookRetrySchedule } from './retry-schedule.js';
import type { WebhookObserver } from './webhook-observer.js';
import { WEBHOOK_ATTRIBUTES, webhookEventAttributes } from './webhook-spans.js';

/** What a queued attempt keeps of its event: the rest (the body) is read from the store when its slot comes. */
type ScheduledEvent = Pick<WebhookEvent, 'id' | 'source' | 'type' | 'status'>;

/** Slot priorities: an event never attempted yet goes ahead of every retry waiting for a slot. */
const FRESH = 1;
const RETRY = 0;

export interface WebhookProcessorOptions {
  store: CallbackStore;
  handlers: readonly WebhookHandler[];
  logger: Logger;
  /**
   * How often the sweep looks for stored events that are due: failed ones whose backoff is over, and any left
   * RECEIVED (by a restart, or a stop while they waited for a slot).
   */
  sweepIntervalMs: number;
  /** The most events one sweep takes from the store. */
  sweepBatch: number;
  /** The most events applied at once; the others wait for a slot, those never attempted first. */
  concurrency: number;
  /**
   * The most events waiting for a slot. One acknowledged while that many wait is not queued: it stays RECEIVED in the
   * store, where the sweep finds it (oldest first) once the queue has room, so senders outpacing the marketplaces
   * cost stored rows, not memory.
   */
  queueLimit: number;
  /** How many attempts an event gets, and how long it waits between them. */
  retry: WebhookRetrySchedule;
  /** The sweep's timer, and the moments an attempt settles and the next one is due. */
  clock: Clock;
  /** Told of each attempt that applied an event or failed (the gateway's metrics); nobody when undefined. */
  observer?: WebhookObserver;
  /** Where each attempt's span goes (README, "Traces"); the global OpenTelemetry API's tracer when absent. */
  tracer?: Tracer;
}

/**
 * Applies stored webhook events: each one right after it is acknowledged, and again later while it is owed (a
 * failed attempt whose backoff is over, or a gateway that stopped between storing and applying), until it is
 * PROCESSED or, after its last attempt allowed, DEAD. At most `concurrency` at once.
 */
export class WebhookProcessor {
  private readonly options: WebhookProcessorOptions;
  private readonly handlers: Map<WebhookSource, WebhookHandler>;
  /** Events waiting for a slot or being applied, so none is applied twice at once. */
  private readonly scheduled = new Map<string, Promise<void>>();
  private readonly slots: PQueue;
  private readonly tracer: Tracer;
  /** Set by `stop`: what still waits for a slot is left to the store, for the next start's sweep. */
  private stopping = false;
  private stopSweeps: (() => void) | undefined;

  constructor(options: WebhookProcessorOptions) {
    this.options = options;
    this.handlers = new Map(options.handlers.map((handler) => [handler.source, handler]));
    this.slots = new PQueue({ concurrency: options.concurrency });
    this.tracer = options.tracer ?? gatewayTracer();
  }

  /** Starts the periodic sweep, beginning with whatever a previous run left owed. */
  start(): void {
    void this.sweep();
    this.stopSweeps = this.options.clock.every(this.options.sweepIntervalMs, () => void this.sweep());
  }

  /**
   * The periodic sweep as a job, which with REDIS_URL one instance at a time runs (src/leases/); each fresh event is
   * still applied at once by the instance that received it.
   */
  readonly sweeps: Job = {
    name: 'webhook-retry-sweep',
    start: () => this.start(),
    stop: () => this.stopSweeps?.(),
  };

  /**
   * Schedules an attempt at one event and resolves when it is done, whatever the outcome (a failure is stored, not
   * thrown). The caller need not wait: the intake calls this after it has answered the sender.
   */
  apply(event: WebhookEvent): Promise<void> {
    const scheduled = this.scheduled.get(event.id);
    if (scheduled) return scheduled;
    if (this.slots.size >= this.options.queueLimit) {
      this.options.logger.debug({ webhookEvent: event.id }, 'webhook queue full: left to the sweep');
      return Promise.resolve();
    }
    return this.schedule(event);
  }

  private schedule({ id, source, type, status }: ScheduledEvent): Promise<void> {
    const event: ScheduledEvent = { id, source, type, status };
    // The attempt's span continues what scheduled it: the intake's span for an event's first application, an
    // operator's replay; the sweep's attempts begin traces of their own.
    const cause = context.active();
    const attempt = this.slots
      .add(
        async () => {
          if (!this.stopping) await this.tracedAttempt(event, cause);
        },
        { priority: status === 'RECEIVED' ? FRESH : RETRY },
      )
      .finally(() => this.scheduled.delete(id));
    this.scheduled.set(id, attempt);
    return attempt;
  }

  /**
   * Applies a stored event again, whatever its status (an operator's replay, DEAD ones included): it is reopened
   * with its attempts back at 0, applied now, and answered as it then stands; undefined when no event has this id.
   * Order events it announced before are not announced twice (their keys name the stored event).
   */
  async replay(id: string): Promise<WebhookEvent | undefined> {
    // A replay while the event is scheduled waits for that attempt instead of racing it.
    await this.scheduled.get(id);
    const reopened = await this.options.store.reopenWebhookEvent(id, this.options.clock.now());
    if (reopened === undefined) return undefined;
    // An operator's replay is applied however full the queue is; scheduled now, unless a sweep got there first.
    await (this.scheduled.get(id) ?? this.schedule(reopened));
    return this.options.store.findWebhookEvent(id);
  }

  /** Stops sweeping and waits for the events being applied, for shutdown; those still waiting stay owed in the store. */
  async stop(): Promise<void> {
    this.stopSweeps?.();
    this.stopping = true;
    await this.slots.onIdle();
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

  /** One attempt inside its span, `webhook apply <source>`, under `cause`. */
  private tracedAttempt(scheduled: ScheduledEvent, cause: Context): Promise<void> {
    const options = { kind: SpanKind.INTERNAL, attributes: webhookEventAttributes(scheduled) };
    return inSpan(this.tracer, `webhook apply ${scheduled.source}`, options, cause, (span) =>
      this.attempt(scheduled, span),
    );
  }

  private async attempt(scheduled: ScheduledEvent, span: Span): Promise<void> {
    const { store, logger, clock } = this.options;
    const log = logger.child({ webhookEvent: scheduled.id, source: scheduled.source, type: scheduled.type });
    let event: WebhookEvent | undefined;
    try {
      // As the store has it now, not as it was when scheduled: a sweep may have read it just before an earlier
      // attempt settled it, and it may have waited a while for its slot.
      event = await store.findWebhookEvent(scheduled.id);
    } catch (error) {
      markFailed(span, error);
      log.error({ err: error }, 'could not read the webhook event to apply; it stays owed');
      return;
    }
    if (event === undefined || !owed(event, clock.now())) return;
    const attempt = event.attempts + 1;
    span.setAttribute(WEBHOOK_ATTRIBUTES.attempt, attempt);
    try {
      const handler = this.handlers.get(event.source);
      if (!handler) throw new Error(`no handler for ${event.source} webhooks`);
      await handler.process(event);
      await store.settleWebhookEvent(event.id, { status: 'PROCESSED', at: clock.now() });
      this.options.observer?.applied(event.source);
      span.setAttribute(WEBHOOK_ATTRIBUTES.outcome, 'PROCESSED');
      // Debug: at info, the intake's line per webhook says it arrived; what did not apply is a warning or an error.
      log.debug({ attempt }, 'webhook applied');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const outcome = afterFailedAttempt(attempt, message, clock.now(), this.options.retry);
      this.options.observer?.failed(event.source, outcome.status === 'DEAD');
      markFailed(span, error);
      span.setAttribute(WEBHOOK_ATTRIBUTES.outcome, outcome.status);
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

/** Whether an event is owed an attempt at `now`: never attempted (RECEIVED), or failed with its backoff over. */
function owed(event: WebhookEvent, now: Date): boolean {
  if (event.status === 'RECEIVED') return true;
  return event.status === 'FAILED' && (event.nextAttemptAt === null || event.nextAttemptAt <= now);
}
