import { SpanKind, type Tracer } from '@opentelemetry/api';
import type { EventBus } from '../events/bus.js';
import { traceparentOf } from './w3c-trace-context.js';
import { inTrace, markFailed } from './spans.js';

// OpenTelemetry's messaging attributes are still incubating: written here rather than imported from a module that may
// rename them.
const MESSAGING_SYSTEM = 'messaging.system';
const MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
const MESSAGING_OPERATION_TYPE = 'messaging.operation.type';

/**
 * The bus, with each publication inside a trace a producer span `publish <topic>` (`messaging.destination.name` the
 * topic, `messaging.system` redis when the event also goes to the other instances). An order event is published once
 * the store has it durably, under the span of what changed the order: a webhook's application, a mutation's operation.
 * The event goes with that span's `traceparent` (src/tracing/event-publications.ts).
 */
export function publicationSpans(bus: EventBus, tracer: Tracer, viaRedis: boolean): EventBus {
  return {
    publish(topic, payload) {
      if (!inTrace()) return bus.publish(topic, payload);
      const span = tracer.startSpan(`publish ${topic}`, {
        kind: SpanKind.PRODUCER,
        attributes: {
          [MESSAGING_DESTINATION_NAME]: topic,
          [MESSAGING_OPERATION_TYPE]: 'send',
          ...(viaRedis ? { [MESSAGING_SYSTEM]: 'redis' } : {}),
        },
      });
      try {
        // The event carries the span it was published in, so that each delivery's span can link to it.
        bus.publish(topic, { ...payload, traceparent: traceparentOf(span) });
      } catch (error) {
        markFailed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
    subscribe: (topic) => bus.subscribe(topic),
  };
}
