import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import type { CallbackStore, WebhookBacklog, WebhookSource } from '../store/callback-store.js';
import type { WebhookObserver, WebhookRefusal } from '../webhooks/webhook-observer.js';

/** The statuses of an event not applied, as the backlog gauges label them. */
const BACKLOG_STATUSES: ReadonlyArray<WebhookBacklog['status']> = ['RECEIVED', 'FAILED', 'DEAD'];

/** Where the backlog is read from at each scrape, and the senders whose webhooks the gateway takes. */
interface BacklogSource {
  store: Pick<CallbackStore, 'webhookBacklog'>;
  sources: readonly WebhookSource[];
}

/**
 * Webhooks: counted as the intake and the processor meet them (received, duplicate, refused, applied, failed, by
 * sender), and the backlog not applied read from the store at each scrape, so it is the store's truth, shared by every
 * instance, and never drifts from it.
 */
export class WebhookMetrics implements WebhookObserver {
  private readonly receivedTotal: Counter<'source'>;
  private readonly duplicateTotal: Counter<'source'>;
  private readonly refusedTotal: Counter<'source' | 'reason'>;
  private readonly appliedTotal: Counter<'source'>;
  private readonly failedTotal: Counter<'source' | 'outcome'>;
  private backlogSource: BacklogSource | undefined;
  /** The store's answer for the scrape under way: both backlog gauges read it once. */
  private reading: Promise<WebhookBacklog[] | undefined> | undefined;

  constructor(
    registry: Registry,
    private readonly logger: Logger,
  ) {
    const registers = [registry];
    this.receivedTotal = new Counter({
      name: 'gateway_webhooks_received_total',
      help: 'Webhooks stored and acknowledged (redeliveries not included), by sender',
      labelNames: ['source'],
      registers,
    });
    this.duplicateTotal = new Counter({
      name: 'gateway_webhooks_duplicate_total',
      help: 'Redeliveries of a webhook stored before: answered again, stored and applied nothing, by sender',
      labelNames: ['source'],
      registers,
    });
    this.refusedTotal = new Counter({
      name: 'gateway_webhooks_refused_total',
      help:
        'Webhook requests turned away, nothing stored, by sender and reason (unauthenticated, media_type, malformed, ' +
        'too_large, not_stored)',
      labelNames: ['source', 'reason'],
      registers,
    });
    this.appliedTotal = new Counter({
      name: 'gateway_webhooks_applied_total',
      help: 'Attempts that applied a stored webhook (PROCESSED), by sender',
      labelNames: ['source'],
      registers,
    });
    this.failedTotal = new Counter({
      name: 'gateway_webhooks_failed_total',
      help: 'Attempts at a stored webhook that failed, by sender and outcome: retry (FAILED, tried again) or dead (DEAD)',
      labelNames: ['source', 'outcome'],
      registers,
    });
    const backlog: Gauge<'source' | 'status'> = new Gauge({
      name: 'gateway_webhooks_backlog',
      help: 'Stored webhooks not applied, by sender and status (received: not attempted yet, failed, dead), read from the store',
      labelNames: ['source', 'status'],
      registers,
      collect: async () => {
        const entries = await this.backlog();
        backlog.reset();
        if (entries === undefined) return;
        // Every sender and status, 0 included, so a backlog that empties reads 0 rather than vanishing.
        for (const source of this.backlogSource?.sources ?? []) {
          for (const status of BACKLOG_STATUSES) backlog.set({ source, status: status.toLowerCase() }, 0);
        }
        for (const { source, status, count } of entries) backlog.set({ source, status: status.toLowerCase() }, count);
      },
    });
    const oldest: Gauge<'source' | 'status'> = new Gauge({
      name: 'gateway_webhooks_backlog_oldest_age_seconds',
      help: 'Age of the oldest stored webhook not applied, by sender and status; absent where there is none',
      labelNames: ['source', 'status'],
      registers,
      collect: async () => {
        const entries = await this.backlog();
        oldest.reset();
        const now = Date.now();
        for (const { source, status, oldestReceivedAt } of entries ?? []) {
          oldest.set({ source, status: status.toLowerCase() }, Math.max(0, (now - oldestReceivedAt.getTime()) / 1000));
        }
      },
    });
  }

  /** Reads the backlog from `store` at each scrape, with a 0 for each of `sources` (the configured senders). */
  watchBacklog(store: Pick<CallbackStore, 'webhookBacklog'>, sources: readonly WebhookSource[]): void {
    this.backlogSource = { store, sources };
  }

  received(source: WebhookSource, duplicate: boolean): void {
    (duplicate ? this.duplicateTotal : this.receivedTotal).inc({ source });
  }

  refused(source: WebhookSource, reason: WebhookRefusal): void {
    this.refusedTotal.inc({ source, reason });
  }

  applied(source: WebhookSource): void {
    this.appliedTotal.inc({ source });
  }

  failed(source: WebhookSource, dead: boolean): void {
    this.failedTotal.inc({ source, outcome: dead ? 'dead' : 'retry' });
  }

  /**
   * The store's backlog, one read shared by the gauges of one scrape; undefined when the store could not answer (the
   * scrape serves everything else, and the backlog gauges are left out of it).
   */
  private backlog(): Promise<WebhookBacklog[] | undefined> {
    if (this.backlogSource === undefined) return Promise.resolve([]);
    this.reading ??= this.backlogSource.store
      .webhookBacklog()
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'metrics: could not read the webhook backlog from the store');
        return undefined;
      })
      .finally(() => (this.reading = undefined));
    return this.reading;
  }
}
