import { SpanKind, context, type Span, type Tracer } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
} from '@opentelemetry/semantic-conventions';
import type { Marketplace } from '../domain/marketplace.js';
import { inSpan, inTrace } from '../tracing/spans.js';
import { UpstreamError } from './upstream-error.js';

/** The gateway's own attributes of a marketplace call and its attempts. */
export const CALL_ATTRIBUTES = {
  marketplace: 'marketplace.name',
  operation: 'marketplace.operation',
  /** On an attempt: which one, from 1. */
  attempt: 'marketplace.attempt',
  /** On a call: how many attempts it made (0 when the circuit breaker or the deadline let none go). */
  attempts: 'marketplace.attempts',
} as const;

/** What a span needs to know of a request (HttpClient's `HttpRequest`). */
interface CallDescription {
  operation: string;
  method: string;
  path: string;
}

/** Makes a call's attempts one after the other, numbering them from 1 and tracing each inside a traced call. */
export interface CallAttempts {
  next<R extends { status: number }>(attempt: (number: number) => Promise<R>): Promise<R>;
}

/**
 * The spans of one marketplace's calls (src/http/http-client.ts), inside a trace only: a call is an internal span
 * `MARKETPLACE operation` (`marketplace.name`, `marketplace.operation`, the final status, `marketplace.attempts`)
 * with a client span per attempt (named by its method, with `url.full` without its query, the status, the attempt's
 * number, `http.request.resend_count` from the second). An attempt's span includes its wait for the marketplace's
 * request budget; the waits between attempts (backoff, `Retry-After`) are the gaps between them. A failure sets
 * `error.type` to the UpstreamError's code (the marketplace's own, or UPSTREAM_TIMEOUT, …).
 *
 * No `traceparent` goes to the marketplaces: they are third parties that take no part in the gateway's traces, and a
 * trace id would tell them how the gateway's own requests relate.
 */
export class CallSpans {
  /** The marketplace's origin and base path, without user info: `url.full` is this and the request's path. */
  private readonly base: string;
  private readonly server: Record<string, string | number>;

  constructor(
    private readonly tracer: Tracer,
    private readonly marketplace: Marketplace,
    baseUrl: string,
  ) {
    const url = new URL(baseUrl);
    this.base = `${url.origin}${url.pathname}`.replace(/\/$/, '');
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    this.server = { [ATTR_SERVER_ADDRESS]: url.hostname, [ATTR_SERVER_PORT]: port };
  }

  /** Runs `send` (the whole call, through its policies) inside the call's span, and its attempts inside theirs. */
  call<R extends { status: number }>(
    request: CallDescription,
    send: (attempts: CallAttempts) => Promise<R>,
  ): Promise<R> {
    if (!inTrace()) return send(numbered());
    const name = `${this.marketplace} ${request.operation}`;
    const attributes = {
      [CALL_ATTRIBUTES.marketplace]: this.marketplace,
      [CALL_ATTRIBUTES.operation]: request.operation,
    };
    return inSpan(this.tracer, name, { kind: SpanKind.INTERNAL, attributes }, context.active(), async (span) => {
      let made = 0;
      const attempts: CallAttempts = {
        next: (attempt) => {
          made += 1;
          return this.attempt(request, made, attempt);
        },
      };
      try {
        return await withStatus(span, send(attempts));
      } finally {
        span.setAttribute(CALL_ATTRIBUTES.attempts, made);
      }
    });
  }

  private attempt<R extends { status: number }>(
    request: CallDescription,
    number: number,
    attempt: (number: number) => Promise<R>,
  ): Promise<R> {
    const attributes = {
      ...this.server,
      [ATTR_HTTP_REQUEST_METHOD]: request.method,
      [ATTR_URL_FULL]: `${this.base}${request.path}`,
      [CALL_ATTRIBUTES.attempt]: number,
      ...(number > 1 ? { [ATTR_HTTP_REQUEST_RESEND_COUNT]: number - 1 } : {}),
    };
    return inSpan(this.tracer, request.method, { kind: SpanKind.CLIENT, attributes }, context.active(), (span) =>
      withStatus(span, attempt(number)),
    );
  }
}

/** Attempts outside a trace: numbered, nothing more. */
function numbered(): CallAttempts {
  let made = 0;
  return { next: (attempt) => attempt(++made) };
}

/** The status the marketplace answered, on success or refusal (none when it did not answer). */
async function withStatus<R extends { status: number }>(span: Span, answer: Promise<R>): Promise<R> {
  try {
    const response = await answer;
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
    return response;
  } catch (error) {
    if (error instanceof UpstreamError && error.kind === 'http') {
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, error.httpStatus);
    }
    throw error;
  }
}
