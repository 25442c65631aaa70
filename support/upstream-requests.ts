import type { TestGateway } from './gateway.js';
import { upstreamCalls } from './upstream-rounds.js';

/**
 * Every request the simulators have had from the gateway so far: noon's, Fruugo's and Increff's request logs and
 * Marketplacer's GraphQL operations. Compare two readings to count an operation's upstream calls.
 */
export function upstreamRequests(gw: Pick<TestGateway, 'noon' | 'fruugo' | 'increff' | 'marketplacer'>): number {
  return upstreamCalls(gw).length;
}
