import { Histogram, type Registry } from 'prom-client';
import type { AroundStoreCall } from '../store/observed-store.js';

/** The store's calls (src/store/observed-store.ts): how long each took, by call and outcome. */
export class StoreMetrics {
  private readonly duration: Histogram<'operation' | 'outcome'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'gateway_store_operation_duration_seconds',
      help: 'Calls to the store (embedded SQLite or MongoDB), by call (e.g. recordWebhookEvent) and outcome (ok, error)',
      labelNames: ['operation', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
  }

  /** For observedStore: times each call and hands back what it resolved or rejected with. */
  readonly around: AroundStoreCall = async (operation, run) => {
    const started = performance.now();
    let outcome = 'error';
    try {
      const result = await run();
      outcome = 'ok';
      return result;
    } finally {
      this.duration.observe({ operation, outcome }, (performance.now() - started) / 1000);
    }
  };
}
