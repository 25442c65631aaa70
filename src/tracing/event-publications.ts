import { trace, type SpanContext } from '@opentelemetry/api';
import { traceContextOf } from './w3c-trace-context.js';

// An event's way to its subscribers is a trace of its own (the subscription's consumer span), linked to the trace it
// was published in: one webhook's or mutation's work reads on from the publication to each delivery, across instances
// too, as the W3C `traceparent` travels with the event through Redis.

/** The span each event heard on this instance was published in, by the event its subscribers are handed. */
const publications = new WeakMap<object, SpanContext>();

/** Notes that `event` was published in the span `traceparent` names; nothing when it names none. */
export function notePublication(event: object, traceparent: string | undefined): void {
  if (traceparent === undefined) return;
  const published = trace.getSpanContext(traceContextOf({ traceparent }));
  if (published !== undefined) publications.set(event, published);
}

/** The span `event` was published in, when it was heard as published in one (not read back from the store). */
export function publicationOf(event: unknown): SpanContext | undefined {
  return typeof event === 'object' && event !== null ? publications.get(event) : undefined;
}
