import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import { EventMetrics } from './event-metrics.js';
import { OperationMetrics } from './operation-metrics.js';
import { SocketMetrics } from './socket-metrics.js';
import { StoreMetrics } from './store-metrics.js';
import { UpstreamMetrics } from './upstream-metrics.js';
import { WebhookMetrics } from './webhook-metrics.js';

/**
 * Every Prometheus metric of one gateway, in a registry of its own: several gateways in one process (the tests) each
 * count their own, and nothing is registered in prom-client's global registry. The parts are handed to what they
 * watch; README "Operations" lists every metric.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly operations: OperationMetrics;
  readonly sockets: SocketMetrics;
  readonly upstream: UpstreamMetrics;
  readonly webhooks: WebhookMetrics;
  readonly store: StoreMetrics;
  readonly events: EventMetrics;

  constructor(logger: Logger) {
    // The process's own: CPU, memory and heap, event-loop lag, garbage collection, handles.
    collectDefaultMetrics({ register: this.registry });
    this.operations = new OperationMetrics(this.registry);
    this.sockets = new SocketMetrics(this.registry, this.operations);
    this.upstream = new UpstreamMetrics(this.registry);
    this.webhooks = new WebhookMetrics(this.registry, logger);
    this.store = new StoreMetrics(this.registry);
    this.events = new EventMetrics(this.registry);
  }
}
