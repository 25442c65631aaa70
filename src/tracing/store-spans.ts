import { SpanKind, context, type Tracer } from '@opentelemetry/api';
import { ATTR_DB_OPERATION_NAME, ATTR_DB_SYSTEM_NAME } from '@opentelemetry/semantic-conventions';
import type { AroundStoreCall } from '../store/observed-store.js';
import type { StoreLocation } from '../store/open-store.js';
import { inSpan, inTrace } from './spans.js';

/** Each store's `db.system.name`, as OpenTelemetry names the database behind it. */
const DATABASE_SYSTEMS: Record<StoreLocation['kind'], string> = { mongodb: 'mongodb', embedded: 'sqlite' };

/**
 * The store's calls as client spans `store <call>` (`db.operation.name` the call, e.g. `recordWebhookEvent`), for
 * `observedStore`: inside a trace only, so the sweep's and the outage reads' polling make none (src/tracing/spans.ts).
 */
export function storeSpans(tracer: Tracer, store: StoreLocation['kind']): AroundStoreCall {
  const system = DATABASE_SYSTEMS[store];
  return (call, run) => {
    if (!inTrace()) return run();
    const attributes = { [ATTR_DB_SYSTEM_NAME]: system, [ATTR_DB_OPERATION_NAME]: call };
    return inSpan(tracer, `store ${call}`, { kind: SpanKind.CLIENT, attributes }, context.active(), run);
  };
}
