import type { SandboxClock } from '../shared/clock.js';
import type { RequestLog, RequestTimes } from '../shared/request-log.js';
import { trafficControl, type SandboxTrafficControl } from '../shared/sandbox-control.js';
import type { TrafficControl } from '../shared/traffic.js';
import type { Catalog } from './catalog.js';
import type { RecordedOperation } from './operation-log.js';
import type { WebhookDelivery, WebhookRegistration, Webhooks, WebhookState } from './webhooks.js';

/** What a test (or a human, through /_sandbox) may do to the simulated Marketplacer that its API offers no way to. */
export interface MarketplacerSandboxControl extends SandboxTrafficControl {
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
  /** Every request to /graphql, named by operation, with when it came and was answered, oldest first. */
  operations(): Array<RecordedOperation & RequestTimes>;
  resetOperations(): void;
}

export function createControl(parts: {
  clock: SandboxClock;
  traffic: TrafficControl;
  catalog: Catalog;
  log: RequestLog<RecordedOperation>;
  webhooks: Webhooks;
}): MarketplacerSandboxControl {
  const { clock, traffic, catalog, log, webhooks } = parts;
  return {
    ...trafficControl(clock, traffic),
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
