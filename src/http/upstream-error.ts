import type { Marketplace } from '../domain/marketplace.js';

/**
 * How an upstream call failed:
 * - `http`: the marketplace answered with a non-2xx status (its code and body are kept);
 * - `network`: no answer (connection refused or reset, DNS);
 * - `timeout`: no answer within the attempt's time (its timeout, or what was left of the operation's deadline);
 * - `unavailable`: the circuit breaker is open, so the call was not even tried;
 * - `deadline`: the operation's deadline passed before the call could be sent (src/http/deadline.ts). Not the
 *   marketplace's doing, so it never counts towards opening the circuit.
 * - `budget`: the marketplace's request budget (src/http/request-budget.ts) had no turn for the call before the
 *   operation's deadline, so it was not sent; not the marketplace's doing either.
 */
export type UpstreamFailureKind = 'http' | 'network' | 'timeout' | 'unavailable' | 'deadline' | 'budget';

/** One item-level problem reported by a marketplace (a field, or one SKU of a batch). */
export interface UpstreamErrorDetail {
  /** The marketplace's code for this item, where it gives one (e.g. noon's `NO_MAPPED_PBARCODE`). */
  code?: string;
  /** The request field the problem is about. */
  field?: string;
  /** The item the problem is about, in the marketplace's own identifier (e.g. a partner SKU). */
  item?: string;
  message: string;
}

export interface UpstreamErrorInit {
  marketplace: Marketplace;
  kind: UpstreamFailureKind;
  /** The marketplace's own error code where it has one, else one of ours (`UPSTREAM_TIMEOUT`, ...). */
  code: string;
  message: string;
  /** The upstream HTTP status; for failures without an answer, the status a proxy would give (502/503/504). */
  httpStatus: number;
  details?: UpstreamErrorDetail[];
  /** The raw upstream body, kept for logs and support. */
  body?: unknown;
  /** The delay the upstream asked for (`Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * A failed call to a marketplace. It carries everything the GraphQL error contract needs
 * (`code`, `marketplace`, `httpStatus`, `details`), so the mapping to a GraphQL error happens in one place.
 */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  readonly marketplace: Marketplace;
  readonly kind: UpstreamFailureKind;
  readonly code: string;
  readonly httpStatus: number;
  readonly details: UpstreamErrorDetail[];
  readonly body: unknown;
  readonly retryAfterMs: number | undefined;

  constructor(init: UpstreamErrorInit) {
    super(init.message, { cause: init.cause });
    this.marketplace = init.marketplace;
    this.kind = init.kind;
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.details = init.details ?? [];
    this.body = init.body;
    this.retryAfterMs = init.retryAfterMs;
  }
}
