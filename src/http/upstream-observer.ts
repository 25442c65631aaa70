import type { CircuitState } from 'cockatiel';
import type { Marketplace } from '../domain/marketplace.js';
import type { UpstreamError } from './upstream-error.js';

/** One marketplace client as an observer reads it when asked (a scrape): its breaker and its budget's line. */
export interface ObservedClient {
  readonly marketplace: Marketplace;
  readonly circuitState: CircuitState;
  /** Calls waiting for a turn of the marketplace's request budget; undefined when it has none. */
  readonly waitingCalls: number | undefined;
}

/**
 * What the HTTP layer tells whoever watches its calls (the gateway's Prometheus metrics, src/metrics/): it knows
 * nothing of how they are counted. `operation` is one of our fixed names (`inbound.CreateShipment`), never an id.
 */
export interface UpstreamObserver {
  /** A client was made; what it holds (breaker, line) is read from it when needed, not pushed. */
  watch(client: ObservedClient): void;
  /**
   * One attempt was sent and ended after `seconds`: with the marketplace's answer (its status), or without one (the
   * UpstreamError of a timeout, a network failure or the operation's deadline).
   */
  attempted(marketplace: Marketplace, operation: string, ended: number | UpstreamError, seconds: number): void;
  /** A failed attempt is tried again after `delayMs`; `retryAfter` when the wait is the one the marketplace asked for. */
  retrying(
    marketplace: Marketplace,
    operation: string,
    failure: UpstreamError,
    delayMs: number,
    retryAfter: boolean,
  ): void;
  /** A call waited `seconds` for a turn of the request budget, and got it or was refused (its deadline came first). */
  waitedForTurn(marketplace: Marketplace, seconds: number, granted: boolean): void;
}
