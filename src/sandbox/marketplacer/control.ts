import type { SandboxClock } from '../shared/clock.js';
import type { SandboxFault, TrafficControl } from '../shared/traffic.js';
import type { Catalog } from './catalog.js';
import type { RecordedOperation } from './operation-log.js';
import type { RequestLog } from '../shared/request-log.js';
import type { WebhookDelivery, WebhookRegistration, WebhookSender, WebhookState } from './webhooks.js';

/** What a test (or a human, through /_sandbox) may do to the simulated Marketplacer that its API offers no way to. */
export interface MarketplacerSandboxControl {
  /** Delay added before every answer from now on. */
  setLatency(ms: number): void;
  /** New budget of the rate limit, applied to the current window too. */
  setRatePerMinute(n: number): void;
  /**
   * The next `count` (default 1) requests answer `status` with a GraphQL-shaped error body (code from the status
   * unless given: 429 RATE_LIMIT_EXCEEDED, 503 SERVICE_UNAVAILABLE, 500 INTERNAL_SERVER_ERROR). With
   * `afterProcessing: true` the request is carried out first and then answered with the error: a lost answer.
   */
  injectFault(fault: SandboxFault): void;
  clearFaults(): void;
  /** Moves the sandbox clock (new orders, shipments, the rate window); negative seconds rewind it. */
  advanceClock(seconds: number): void;
  now(): Date;
  /**
   * Sets the stock of every variant with this SKU, as a seller's stock update would (each announced as a Variant
   * update); returns how many it set.
   */
  setCountOnHand(sku: string, countOnHand: number): number;
  /**
   * Registers the operator's webhook (Configuration → Webhooks), enabled: where events go from now on, the HMAC key
   * that signs them, the types and the query. Undefined removes it.
   */
  setWebhook(registration: WebhookRegistration | undefined): void;
  /** The registered webhook, and whether it is enabled (a 4xx other than 429 disables it). */
  webhook(): WebhookState | undefined;
  /** Enables the webhook again after a receiver's 4xx disabled it, as the operator does in the portal. */
  enableWebhook(): void;
  /** Every webhook event so far with its delivery attempts, oldest first. */
  webhookDeliveries(): WebhookDelivery[];
  /** Every request to /graphql, named by operation, oldest first. */
  operations(): RecordedOperation[];
  resetOperations(): void;
}

export function createControl(parts: {
  clock: SandboxClock;
  traffic: TrafficControl;
  catalog: Catalog;
  log: RequestLog<RecordedOperation>;
  webhooks: WebhookSender;
}): MarketplacerSandboxControl {
  const { clock, traffic, catalog, log, webhooks } = parts;
  return {
    setLatency: (ms) => traffic.setLatency(ms),
    setRatePerMinute: (n) => traffic.setRatePerMinute(n),
    injectFault: (fault) => traffic.injectFault(fault),
    clearFaults: () => traffic.clearFaults(),
    advanceClock: (seconds) => clock.advance(seconds),
    now: () => clock.now(),
    setCountOnHand(sku, countOnHand) {
      const variants = catalog.variantsWithSku([sku]);
      for (const variant of variants) {
        variant.countOnHand = countOnHand;
        variant.updatedAt = clock.now();
        webhooks.announce('update', variant);
      }
      return variants.length;
    },
    setWebhook: (registration) => webhooks.register(registration),
    webhook: () => webhooks.state(),
    enableWebhook: () => webhooks.enable(),
    webhookDeliveries: () => webhooks.list(),
    operations: () => log.list(),
    resetOperations: () => log.reset(),
  };
}
