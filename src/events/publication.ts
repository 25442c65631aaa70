/** What every event carries on the bus beside its payload. */
export interface Publication {
  /** The W3C `traceparent` of the span it was published in (src/tracing/publication-spans.ts); none outside a trace. */
  traceparent?: string;
}
