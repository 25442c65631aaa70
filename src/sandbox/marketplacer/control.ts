import type { SandboxClock } from '../shared/clock.js';
import type { SandboxFault, TrafficControl } from '../shared/traffic.js';
import type { Catalog } from './catalog.js';
import type { OperationLog, RecordedOperation } from './operation-log.js';

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
  /** Sets the stock of every variant with this SKU, as a seller's stock update would; returns how many it set. */
  setCountOnHand(sku: string, countOnHand: number): number;
  /** Every request to /graphql, named by operation, oldest first. */
  operations(): RecordedOperation[];
  resetOperations(): void;
}

export function createControl(parts: {
  clock: SandboxClock;
  traffic: TrafficControl;
  catalog: Catalog;
  log: OperationLog;
}): MarketplacerSandboxControl {
  const { clock, traffic, catalog, log } = parts;
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
      }
      return variants.length;
    },
    operations: () => log.list(),
    resetOperations: () => log.reset(),
  };
}
