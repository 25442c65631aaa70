import { setTimeout as sleep } from 'node:timers/promises';
import type { WebhookSource } from '../../src/store/callback-store.js';
import { INCREFF_WEBHOOK_TOKEN } from '../gateway.js';
import type { MadeWebhook } from './tap.js';

/** A webhook being delivered, and what its deliveries met. */
export interface Delivery {
  webhook: MadeWebhook;
  /** HTTP attempts so far. */
  attempts: number;
  /** Whether an attempt was answered 2xx (then it is never sent again). */
  acknowledged: boolean;
  /** A 4xx other than Increff's 401: the gateway refused a webhook its marketplace made; the status and answer. */
  refusals: string[];
}

export interface SenderOptions {
  /** Senders of each source; a source's webhooks are shared among its senders. */
  perSource: number;
  /** Where the gateway is now. */
  origin: () => string;
  /** Each attempt's limit: a killed gateway may leave a request unanswered. */
  attemptTimeoutMs: number;
  /** The wait after the n-th failed attempt is `retryBaseMs` · 2^(n−1), at most `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
}

const SOURCES: readonly WebhookSource[] = ['noon', 'fruugo', 'increff', 'marketplacer'];

/**
 * The marketplaces' side of the storm: `perSource` senders for each of the four sources, each delivering one webhook
 * at a time and retrying it (same method, path, headers and body) after a short growing wait until the gateway
 * answers 2xx, as marketplaces do: a refused connection, a request cut by a kill, a 5xx. Increff's calls about one
 * order go one after the other, as Increff makes them (the next leaves once the one before was answered); the other
 * marketplaces promise no order, so theirs may overtake each other. Increff's credential is fetched from the
 * gateway's Get Credential after a 401, as Increff does.
 */
export class StormSenders {
  readonly deliveries: Delivery[] = [];
  private readonly queues = new Map<WebhookSource, Delivery[]>(SOURCES.map((source) => [source, []]));
  /** Increff orders with a call under way: their next call waits. */
  private readonly busyOrders = new Set<string>();
  private readonly wakers: Array<() => void> = [];
  private increffCredential: Record<string, string> = {};
  private stopped = false;
  private readonly running: Array<Promise<void>>;

  constructor(private readonly options: SenderOptions) {
    this.running = SOURCES.flatMap((source) => Array.from({ length: options.perSource }, () => this.sender(source)));
  }

  /** A webhook the marketplace made: one of the source's senders takes it. */
  send(webhook: MadeWebhook): void {
    const delivery: Delivery = { webhook, attempts: 0, acknowledged: false, refusals: [] };
    this.deliveries.push(delivery);
    this.queues.get(webhook.source)!.push(delivery);
    this.wake();
  }

  /** Webhooks of `source` not taken by a sender yet. */
  backlog(source: WebhookSource): number {
    return this.queues.get(source)!.length;
  }

  /** Webhooks of `source` made so far. */
  made(source: WebhookSource): number {
    return this.deliveries.filter((delivery) => delivery.webhook.source === source).length;
  }

  /**
   * Resolves once `condition` holds (asked again whenever a webhook is made or a delivery ends); rejects, naming
   * `what`, when it has not held within `timeoutMs` or the senders were stopped first.
   */
  async until(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.wake();
    }, timeoutMs);
    try {
      while (!condition()) {
        if (timedOut) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        if (this.stopped) throw new Error(`the senders were stopped while waiting for ${what}`);
        await new Promise<void>((resolve) => this.wakers.push(resolve));
      }
    } finally {
      clearTimeout(timer);
    }
  }

  acknowledged(): number {
    return this.deliveries.filter((delivery) => delivery.acknowledged).length;
  }

  /** Whether every webhook made so far was acknowledged. */
  settled(): boolean {
    return this.deliveries.every((delivery) => delivery.acknowledged);
  }

  /** Stops the senders (a delivery under way ends after its current attempt) and waits for them. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await Promise.all(this.running);
  }

  private wake(): void {
    for (const wake of this.wakers.splice(0)) wake();
  }

  private async sender(source: WebhookSource): Promise<void> {
    while (!this.stopped) {
      const delivery = this.take(source);
      if (delivery === undefined) {
        await new Promise<void>((resolve) => this.wakers.push(resolve));
        continue;
      }
      const order = source === 'increff' ? increffOrderCode(delivery.webhook) : undefined;
      if (order !== undefined) this.busyOrders.add(order);
      try {
        await this.deliver(delivery);
      } finally {
        if (order !== undefined) this.busyOrders.delete(order);
        this.wake();
      }
    }
  }

  /** The first queued webhook of `source` whose turn it is, taken off the queue. */
  private take(source: WebhookSource): Delivery | undefined {
    const queue = this.queues.get(source)!;
    const waiting = new Set<string>();
    const index = queue.findIndex((delivery) => {
      const order = source === 'increff' ? increffOrderCode(delivery.webhook) : undefined;
      if (order === undefined) return true;
      const free = !this.busyOrders.has(order) && !waiting.has(order);
      waiting.add(order); // a later call about the same order waits for this one
      return free;
    });
    return index === -1 ? undefined : queue.splice(index, 1)[0];
  }

  private async deliver(delivery: Delivery): Promise<void> {
    const { webhook } = delivery;
    let failures = 0;
    while (!this.stopped) {
      delivery.attempts++;
      let status: number | undefined;
      try {
        const response = await fetch(`${this.options.origin()}/webhooks/${webhook.source}${webhook.path}`, {
          method: webhook.method,
          headers: {
            ...webhook.headers,
            ...(webhook.source === 'increff' ? this.increffCredential : {}),
          },
          body: webhook.method === 'GET' ? undefined : webhook.body,
          signal: AbortSignal.timeout(this.options.attemptTimeoutMs),
        });
        status = response.status;
        const answer = await response.text();
        if (response.ok) {
          delivery.acknowledged = true;
          return;
        }
        if (webhook.source === 'increff' && status === 401) {
          if (await this.fetchIncreffCredential()) continue; // and again at once, as Increff does
        } else if (status < 500 && status !== 429) {
          delivery.refusals.push(`${status} ${answer}`);
        }
      } catch {
        // Refused, reset or timed out: the gateway is down or was killed during the attempt.
      }
      failures++;
      await sleep(Math.min(this.options.retryBaseMs * 2 ** (failures - 1), this.options.retryMaxMs));
    }
  }

  /** Increff's Get Credential, with the static token header; whether a credential came. */
  private async fetchIncreffCredential(): Promise<boolean> {
    try {
      const response = await fetch(`${this.options.origin()}/webhooks/increff/credential`, {
        headers: { authToken: INCREFF_WEBHOOK_TOKEN },
        signal: AbortSignal.timeout(this.options.attemptTimeoutMs),
      });
      if (!response.ok) return false;
      this.increffCredential = (await response.json()) as Record<string, string>;
      return true;
    } catch {
      return false;
    }
  }
}

/** The Increff order a call is about: `orderCode` in its body or query, or the first of a handover's `orderCodes`. */
function increffOrderCode(webhook: MadeWebhook): string | undefined {
  const query = new URL(webhook.path, 'http://x').searchParams.get('orderCode');
  if (query !== null) return query;
  if (webhook.body === '') return undefined;
  const body = JSON.parse(webhook.body) as { orderCode?: string; orderCodes?: string[] };
  return body.orderCode ?? body.orderCodes?.[0];
}
