import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  wrap,
  type CircuitBreakerPolicy,
  type CircuitState,
} from 'cockatiel';
import type { Tracer } from '@opentelemetry/api';
import { request as send } from 'undici';
import type { Logger } from '../logger.js';
import type { Marketplace } from '../domain/marketplace.js';
import { gatewayTracer } from '../tracing/spans.js';
import { CallSpans, type CallAttempts } from './call-spans.js';
import type { Deadline } from './deadline.js';
import type { RequestBudget } from './request-budget.js';
import { retryPolicy, type RetryOptions } from './retry-policy.js';
import { ResponseHeaders } from './response-headers.js';
import { UpstreamError, type UpstreamErrorDetail } from './upstream-error.js';
import type { ObservedClient, UpstreamObserver } from './upstream-observer.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a marketplace's error answer means, read by that marketplace's own parser. */
export interface ParsedErrorBody {
  code: string;
  message: string;
  details?: UpstreamErrorDetail[];
}

export interface CircuitBreakerOptions {
  /** Consecutive failed calls (after their retries) that open the circuit. */
  threshold: number;
  /** How long an open circuit fails fast before one call is let through to test the upstream. */
  halfOpenAfterMs: number;
}

export interface HttpClientOptions {
  /** The marketplace this client talks to; stamped on every error and log line. */
  marketplace: Marketplace;
  /** Every request path is appended to it, e.g. `https://noon-api-gateway.noon.partners`. */
  baseUrl: string;
  /** Sent on every call; noon rejects calls that do not name the application. */
  userAgent: string;
  /**
   * Limit of one attempt, from sending the request to reading the whole body; a call with a deadline ends its
   * attempt sooner when the deadline is nearer.
   */
  timeoutMs: number;
  retry: RetryOptions;
  /** The marketplace's request budget, which every attempt takes a turn of; no limit when undefined. */
  budget?: RequestBudget;
  breaker: CircuitBreakerOptions;
  /**
   * The wait to assume when the marketplace answers 429 without `Retry-After` (Marketplacer: 60 s); such a 429 is
   * retried on the plain backoff when undefined. Only 429: a 503 without the header is more likely an outage.
   */
  retryAfterWhenAbsentMs?: number;
  /** Reads this marketplace's error body; each one shapes errors its own way. */
  parseErrorBody: (status: number, body: unknown) => ParsedErrorBody;
  logger: Logger;
  /** Told of every attempt, retry and wait for a turn (the gateway's metrics); nobody when undefined. */
  observer?: UpstreamObserver;
  /** Where the calls' spans go (src/http/call-spans.ts); the global OpenTelemetry API's tracer when absent. */
  tracer?: Tracer;
}

export interface HttpRequest {
  /** A name for logs, e.g. `inbound.CreateShipment`. */
  operation: string;
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Whether the call may be repeated after a 5xx, a network error or a timeout (see `isRetryable`). */
  idempotent: boolean;
}

export interface HttpResponse<T> {
  status: number;
  headers: ResponseHeaders;
  /** The body parsed as JSON (the text itself when it is not JSON; undefined when empty). */
  readonly body: T;
  /** The body as it came, for a library that reads it itself (graphql-request: datasources/marketplacer/client.ts). */
  text: string;
}

/**
 * Outages open the circuit; answers about the request itself (4xx) say nothing about the upstream's health, and
 * neither does a call its operation's deadline stopped before it was sent.
 */
function isOutage(error: unknown): boolean {
  return (
    error instanceof UpstreamError &&
    error.kind !== 'deadline' &&
    error.kind !== 'budget' &&
    (error.kind !== 'http' || error.httpStatus >= 500)
  );
}

/**
 * The one HTTP layer every marketplace client uses: per-attempt timeout, retries with exponential backoff and
 * jitter (honouring `Retry-After`), a client-side rate limit and a circuit breaker, and errors that carry the
 * upstream status and body; all of it held to the operation's deadline when the call has one. Marketplace
 * semantics (auth, paths, payloads) stay in the datasources.
 */
export class HttpClient implements ObservedClient {
  readonly marketplace: Marketplace;
  private readonly options: HttpClientOptions;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly spans: CallSpans;

  constructor(options: HttpClientOptions) {
    this.options = options;
    this.marketplace = options.marketplace;
    this.spans = new CallSpans(options.tracer ?? gatewayTracer(), options.marketplace, options.baseUrl);
    this.breaker = circuitBreaker(handleWhen(isOutage), {
      halfOpenAfter: options.breaker.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(options.breaker.threshold),
    });
    options.observer?.watch(this);
  }

  /** Closed, open (calls fail fast) or half-open (one call tests the marketplace): for `/readyz` and the metrics. */
  get circuitState(): CircuitState {
    return this.breaker.state;
  }

  /** Calls waiting for a turn of the marketplace's request budget; undefined when it has none. */
  get waitingCalls(): number | undefined {
    return this.options.budget?.waiting;
  }

  /**
   * Sends the request through the policies; resolves with a 2xx answer or rejects with an UpstreamError. With a
   * `deadline` (a GraphQL operation's), every wait and attempt ends by it; without one (webhooks, jobs) the call
   * has its timeout per attempt and its retries.
   */
  request<T>(request: HttpRequest, log: Logger = this.options.logger, deadline?: Deadline): Promise<HttpResponse<T>> {
    return this.spans.call(request, (attempts) => this.send<T>(request, log, deadline, attempts));
  }

  private async send<T>(
    request: HttpRequest,
    log: Logger,
    deadline: Deadline | undefined,
    attempts: CallAttempts,
  ): Promise<HttpResponse<T>> {
    deadline?.throwIfPassed(this.marketplace, request.operation);
    // Per call, as the retries depend on its deadline; the breaker is the client's, shared by every call.
    const { observer } = this.options;
    const policy = wrap(
      this.breaker,
      retryPolicy(
        this.options.retry,
        request.idempotent,
        deadline,
        observer &&
          ((failure, ms, asked) => observer.retrying(this.marketplace, request.operation, failure, ms, asked)),
      ),
    );
    try {
      return await policy.execute(() => attempts.next((attempt) => this.attempt<T>(request, attempt, log, deadline)));
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        throw new UpstreamError({
          marketplace: this.marketplace,
          kind: 'unavailable',
          code: 'UPSTREAM_UNAVAILABLE',
          httpStatus: 503,
          message: `${this.marketplace} is failing; calls are paused for a moment to let it recover`,
          cause: error,
        });
      }
      throw error;
    }
  }

  private async attempt<T>(
    request: HttpRequest,
    attempt: number,
    log: Logger,
    deadline: Deadline | undefined,
  ): Promise<HttpResponse<T>> {
    await this.takeTurn(request.operation, deadline);
    deadline?.throwIfPassed(this.marketplace, request.operation);
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const url = this.url(request);
    const started = performance.now();
    const logFields = { marketplace: this.marketplace, operation: request.operation, method: request.method, attempt };
    let status: number;
    let headers: ResponseHeaders;
    let text: string;
    try {
      // undici's own request API, not fetch: fetch's WHATWG machinery cost about a third of the gateway's CPU in a
      // fanned-out orders query (bench/README.md), for nothing a JSON call needs.
      const response = await send(url, {
        method: request.method,
        headers: {
          accept: 'application/json',
          'user-agent': this.options.userAgent,
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...request.headers,
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: deadline === undefined ? timeout : AbortSignal.any([timeout, deadline.signal]),
      });
      status = response.statusCode;
      headers = new ResponseHeaders(response.headers);
      text = await response.body.text();
    } catch (cause) {
      const timedOut = cause instanceof DOMException && cause.name === 'TimeoutError';
      // The attempt's own timeout when it has fired (the deadline may pass a moment later), else the deadline's.
      const within =
        deadline === undefined || timeout.aborted
          ? `${this.options.timeoutMs} ms`
          : `the operation's ${deadline.budgetMs} ms deadline`;
      // The operation's deadline cutting short an attempt that had under half the operation's time says little of the
      // marketplace (the call waited its turn in the budget until little was left), so it is no outage for the
      // breaker; an attempt that had more, or its own timeout firing, is.
      const cutByDeadline =
        timedOut && !timeout.aborted && deadline !== undefined && elapsed(started) < deadline.budgetMs / 2;
      const error = new UpstreamError({
        marketplace: this.marketplace,
        kind: cutByDeadline ? 'deadline' : timedOut ? 'timeout' : 'network',
        code: timedOut ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNREACHABLE',
        httpStatus: timedOut ? 504 : 502,
        message: timedOut
          ? `${this.marketplace} did not answer ${request.operation} within ${within}`
          : `${this.marketplace} could not be reached for ${request.operation}: ${describe(cause)}`,
        cause,
      });
      log.warn({ ...logFields, err: error, durationMs: elapsed(started) }, 'upstream call failed');
      this.observed(request, error, started);
      throw error;
    }
    const durationMs = elapsed(started);
    this.observed(request, status, started);
    if (status >= 200 && status < 300) {
      log.debug({ ...logFields, status, durationMs }, 'upstream call');
      return answer<T>(status, headers, text);
    }
    const body = parseJson(text);
    const parsed = this.options.parseErrorBody(status, body);
    const error = new UpstreamError({
      marketplace: this.marketplace,
      kind: 'http',
      code: parsed.code,
      message: parsed.message,
      details: parsed.details,
      httpStatus: status,
      body,
      retryAfterMs:
        retryAfterMs(headers.get('retry-after')) ?? (status === 429 ? this.options.retryAfterWhenAbsentMs : undefined),
    });
    log.warn({ ...logFields, status, code: parsed.code, durationMs }, 'upstream call refused');
    throw error;
  }

  /** Waits for a turn of the marketplace's request budget, if it has one, telling the observer how long it took. */
  private async takeTurn(operation: string, deadline: Deadline | undefined): Promise<void> {
    const { budget, observer } = this.options;
    if (budget === undefined) return;
    const started = performance.now();
    let granted = false;
    try {
      await budget.take(operation, deadline);
      granted = true;
    } finally {
      observer?.waitedForTurn(this.marketplace, (performance.now() - started) / 1000, granted);
    }
  }

  private observed(request: HttpRequest, ended: number | UpstreamError, started: number): void {
    this.options.observer?.attempted(this.marketplace, request.operation, ended, (performance.now() - started) / 1000);
  }

  private url(request: HttpRequest): string {
    const url = new URL(this.options.baseUrl.replace(/\/$/, '') + request.path);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url.toString();
  }
}

/** `Retry-After` is either a number of seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * A 2xx answer whose body is parsed when first read: a client that hands the text to a library reading it itself
 * (Marketplacer's, to graphql-request) does not parse it twice.
 */
function answer<T>(status: number, headers: ResponseHeaders, text: string): HttpResponse<T> {
  let parsed: { body: T } | undefined;
  return {
    status,
    headers,
    text,
    get body() {
      parsed ??= { body: parseJson(text) as T };
      return parsed.body;
    },
  };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
    return `${cause.message}${inner}`;
  }
  return String(cause);
}
