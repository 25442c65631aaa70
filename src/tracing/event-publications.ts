import {
  ROOT_CONTEXT,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

// An event's way to its subscribers is a trace of its own (the subscription's consumer span), linked to the trace it
// was published in: one webhook's or mutation's work reads on from the publication to each delivery, across instances
// too, as the W3C `traceparent` travels with the event through Redis.

const w3c = new W3CTraceContextPropagator();

/** The W3C `traceparent` naming `span`, for an event published inside it to carry. */
export function traceparentOf(span: Span): string | undefined {
  const carrier: Record<string, string> = {};
  w3c.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
  return carrier.traceparent;
}

/** The span each event heard on this instance was published in, by the event its subscribers are handed. */
const publications = new WeakMap<object, SpanContext>();

/** Notes that `event` was published in the span `traceparent` names; nothing when it names none. */
export function notePublication(event: object, traceparent: string | undefined): void {
  if (traceparent === undefined) return;
  const published = trace.getSpanContext(w3c.extract(ROOT_CONTEXT, { traceparent }, defaultTextMapGetter));
  if (published !== undefined) publications.set(event, published);
}

/** The span `event` was published in, when it was heard as published in one (not read back from the store). */
export function publicationOf(event: unknown): SpanContext | undefined {
  return typeof event === 'object' && event !== null ? publications.get(event) : undefined;
}
