import {
  ROOT_CONTEXT,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * W3C Trace Context, read and written explicitly rather than through a global propagator: the same for every gateway
 * (a test's with its own tracer provider included), and no other format (B3, Jaeger) is taken.
 */
const w3c = new W3CTraceContextPropagator();

/**
 * The trace a carrier's `traceparent` (with its `tracestate`) names: a request's headers, an event's publication.
 * Without one, or with one that does not parse (a wrong version, length or character), none: a bad one is no error.
 */
export function traceContextOf(carrier: Readonly<Record<string, string | string[] | undefined>>): Context {
  return w3c.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
}

/** The W3C `traceparent` naming `span`. */
export function traceparentOf(span: Span): string | undefined {
  const carrier: Record<string, string> = {};
  w3c.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
  return carrier.traceparent;
}
