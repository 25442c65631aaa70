import {
  SpanStatusCode,
  context,
  trace,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';

/** The instrumentation scope every span of the gateway is filed under. */
const TRACER_NAME = 'marketplace-gateway';

/**
 * The gateway's tracer: from `provider` (a test's, with an in-memory exporter), else from the global OpenTelemetry
 * API, whose provider is a no-op unless `npm start` started the SDK (src/tracing/trace-export.ts).
 */
export function gatewayTracer(provider: TracerProvider = trace.getTracerProvider()): Tracer {
  return provider.getTracer(TRACER_NAME);
}

/**
 * Whether a trace is under way here. Only the entry points (a GraphQL request, a webhook's intake, a webhook applied
 * again) begin traces; marketplace calls, store calls and publications are spans only inside one, so the polls that
 * run on their own (the webhook sweep, the readiness probes, Redis outage reads) make none. With no SDK started there
 * is never one, and those paths cost nothing.
 */
export function inTrace(): boolean {
  return trace.getSpan(context.active()) !== undefined;
}

/**
 * Runs `work` inside a new span (the parent of the spans `work` starts) under `parent`, and ends the span when `work`
 * settles; a rejection marks it failed and is passed on.
 */
export function inSpan<T>(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  parent: Context,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, options, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * A span whose work failed: status ERROR with the error's message, and `error.type` its code where it has one (an
 * UpstreamError's, a system error's such as ECONNRESET), else its class.
 */
export function markFailed(span: Span, error: unknown): void {
  span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

function errorType(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const { code } = error as { code?: unknown };
  return typeof code === 'string' ? code : error.name;
}
