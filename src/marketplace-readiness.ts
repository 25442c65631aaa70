import { CircuitState } from 'cockatiel';
import type { Marketplace } from './domain/marketplace.js';
import type { RunningMarketplace } from './marketplace-module.js';
import type { ReadinessCheck } from './plugins/health.js';

/** How `/readyz` names a breaker's state. */
const BREAKER: Record<CircuitState, string> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/**
 * `/readyz`'s check of one configured marketplace: its own probe answers (noon: a session can be had; Marketplacer:
 * its smallest read), and its circuit breaker is closed. Not fatal: a marketplace that fails, fails for every
 * instance, and taking them all out of the load balancer would also stop the other marketplaces and every webhook.
 * An open breaker stays open until the first call after HTTP_BREAKER_HALF_OPEN_MS finds the marketplace answering
 * (Marketplacer's probe is such a call; the others' come from their traffic and jobs).
 */
export function marketplaceCheck(marketplace: Marketplace, running: RunningMarketplace): ReadinessCheck {
  return {
    fatal: false,
    details: () => ({ breaker: BREAKER[running.circuitState()] }),
    async probe() {
      await running.readiness?.();
      const state = running.circuitState();
      if (state !== CircuitState.Closed) {
        throw new Error(
          `${marketplace}'s circuit breaker is ${BREAKER[state]}: its calls fail at once until it answers again`,
        );
      }
    },
  };
}
