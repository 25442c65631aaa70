import { SpanKind, SpanStatusCode, type Context, type Span, type SpanContext, type Tracer } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
} from '@opentelemetry/semantic-conventions';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { inSpan } from './spans.js';
import { traceContextOf } from './w3c-trace-context.js';

/**
 * The trace a request continues: its `traceparent`, with its `tracestate`. Without one, or with one that does not
 * parse, the request begins a new trace; a bad header is never an error.
 */
export function incomingTrace(request: FastifyRequest): Context {
  return traceContextOf(request.headers);
}

/**
 * Each traced request's span, for the lines logged about the request after its handler, outside the span: Fastify's
 * "request completed" line above all (src/tracing/log-trace-ids.ts). Weak: it goes with the request.
 */
const requestSpans = new WeakMap<object, SpanContext>();

/** The span of the traced request `request`, if it is one. */
export function requestSpan(request: unknown): SpanContext | undefined {
  return typeof request === 'object' && request !== null ? requestSpans.get(request) : undefined;
}

/**
 * A route's handler run inside a server span that continues the request's trace: named `METHOD /route` (a handler
 * may rename it, as the GraphQL operation does), with the answer's status; a 5xx answer or a thrown error marks it
 * failed. The handler gets the span to add what it learns.
 */
export function tracedRoute<Request extends FastifyRequest, Reply extends FastifyReply, Answer>(
  tracer: Tracer,
  handler: (request: Request, reply: Reply, span: Span) => Answer | Promise<Answer>,
): (request: Request, reply: Reply) => Promise<Answer> {
  return (request, reply) => {
    const route = request.routeOptions.url ?? request.url;
    const attributes = { [ATTR_HTTP_REQUEST_METHOD]: request.method, [ATTR_HTTP_ROUTE]: route };
    const options = { kind: SpanKind.SERVER, attributes };
    return inSpan(tracer, `${request.method} ${route}`, options, incomingTrace(request), async (span) => {
      requestSpans.set(request, span.spanContext());
      const answer = await handler(request, reply, span);
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      return answer;
    });
  };
}
