import { isSpanContextValid, trace } from '@opentelemetry/api';
import { requestSpan } from './route-spans.js';

/**
 * The gateway logger's pino `mixin`: `trace_id`, `span_id` and `trace_flags` (the names of OpenTelemetry's own pino
 * instrumentation) on every line written inside a span, so a line leads to its trace. A line about a traced request
 * written after its handler (Fastify's "request completed", which carries the request as `req`) gets that request's
 * span; any other line gets no such field.
 */
export function traceIdsInLogs(line: object): Record<string, string> {
  const span = trace.getActiveSpan()?.spanContext() ?? requestSpan((line as { req?: unknown }).req);
  if (span === undefined || !isSpanContextValid(span)) return {};
  return { trace_id: span.traceId, span_id: span.spanId, trace_flags: `0${span.traceFlags.toString(16)}` };
}
