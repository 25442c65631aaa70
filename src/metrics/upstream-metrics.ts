import { CircuitState } from 'cockatiel';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Marketplace } from '../domain/marketplace.js';
import { UpstreamError } from '../http/upstream-error.js';
import type { ObservedClient, UpstreamObserver } from '../http/upstream-observer.js';

/**
 * How an attempt ended, as a label: the answer's status class (`2xx`, `4xx`, `5xx`, …), `429` apart from the other
 * 4xx (the marketplace's rate limit), or, without an answer, `timeout`, `network`, or `deadline` (the operation's
 * deadline cut the attempt short). Eight values at most.
 */
export function statusClass(ended: number | UpstreamError): string {
  if (ended instanceof UpstreamError) return ended.kind === 'http' ? statusClass(ended.httpStatus) : ended.kind;
  return ended === 429 ? '429' : `${Math.floor(ended / 100)}xx`;
}

/** Each circuit state as the gauge names it; a circuit held open by hand (cockatiel's isolate) is open. */
const CIRCUIT_STATES: ReadonlyArray<[CircuitState, string]> = [
  [CircuitState.Closed, 'closed'],
  [CircuitState.HalfOpen, 'half_open'],
  [CircuitState.Open, 'open'],
];

function circuitLabel(state: CircuitState): string {
  return state === CircuitState.Isolated ? 'open' : CIRCUIT_STATES.find(([known]) => known === state)![1];
}

/**
 * The marketplace calls (src/http/http-client.ts): each attempt, each retry and `Retry-After` wait, each wait for a
 * turn of a request budget; and, read from the clients at each scrape, each marketplace's circuit and budget line.
 */
export class UpstreamMetrics implements UpstreamObserver {
  private readonly clients = new Set<ObservedClient>();
  private readonly duration: Histogram<'marketplace' | 'operation' | 'status_class'>;
  private readonly retries: Counter<'marketplace' | 'operation' | 'reason'>;
  private readonly retryAfter: Histogram<'marketplace'>;
  private readonly turns: Histogram<'marketplace' | 'outcome'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.duration = new Histogram({
      name: 'gateway_upstream_request_duration_seconds',
      help:
        'Attempts sent to a marketplace (retries each count), from sending to the whole answer, by marketplace, ' +
        'operation and status class (2xx, 4xx, 429, 5xx, timeout, network, deadline)',
      labelNames: ['marketplace', 'operation', 'status_class'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.retries = new Counter({
      name: 'gateway_upstream_retries_total',
      help: 'Failed attempts tried again, by marketplace, operation and what the failed attempt got (429, 5xx, timeout, network)',
      labelNames: ['marketplace', 'operation', 'reason'],
      registers,
    });
    this.retryAfter = new Histogram({
      name: 'gateway_upstream_retry_after_seconds',
      help: 'Waits before a retry that a marketplace asked for (Retry-After, or its documented wait when absent)',
      labelNames: ['marketplace'],
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    });
    this.turns = new Histogram({
      name: 'gateway_upstream_budget_wait_seconds',
      help:
        "Waits for a turn of a marketplace's request budget (noon's), by outcome: granted, or refused because the " +
        "turn would come after the operation's deadline (UPSTREAM_RATE_LIMITED)",
      labelNames: ['marketplace', 'outcome'],
      buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    const circuits: Gauge<'marketplace' | 'state'> = new Gauge({
      name: 'gateway_upstream_circuit_state',
      help: "Each marketplace's circuit breaker: 1 for its current state (closed, half_open, open), 0 for the others",
      labelNames: ['marketplace', 'state'],
      registers,
      collect: () => {
        for (const client of this.clients) {
          const current = circuitLabel(client.circuitState);
          for (const [, state] of CIRCUIT_STATES) {
            circuits.set({ marketplace: client.marketplace, state }, state === current ? 1 : 0);
          }
        }
      },
    });
    const waiting: Gauge<'marketplace'> = new Gauge({
      name: 'gateway_upstream_budget_queue_calls',
      help: "Calls waiting for a turn of a marketplace's request budget (only marketplaces with one: noon)",
      labelNames: ['marketplace'],
      registers,
      collect: () => {
        for (const { marketplace, waitingCalls } of this.clients) {
          if (waitingCalls !== undefined) waiting.set({ marketplace }, waitingCalls);
        }
      },
    });
  }

  watch(client: ObservedClient): void {
    this.clients.add(client);
  }

  attempted(marketplace: Marketplace, operation: string, ended: number | UpstreamError, seconds: number): void {
    this.duration.observe({ marketplace, operation, status_class: statusClass(ended) }, seconds);
  }

  retrying(marketplace: Marketplace, operation: string, failure: UpstreamError, delayMs: number, asked: boolean): void {
    this.retries.inc({ marketplace, operation, reason: statusClass(failure) });
    if (asked) this.retryAfter.observe({ marketplace }, delayMs / 1000);
  }

  waitedForTurn(marketplace: Marketplace, seconds: number, granted: boolean): void {
    this.turns.observe({ marketplace, outcome: granted ? 'granted' : 'refused' }, seconds);
  }
}
