import { Marketplace } from '../../src/domain/marketplace.js';
import type { ParsedErrorBody } from '../../src/http/http-client.js';
import { UpstreamError, type UpstreamErrorDetail } from '../../src/http/upstream-error.js';

/**
 * Marketplacer fails in three places, and each becomes an UpstreamError:
 * - HTTP refusals (401 bad key, 429/503 throttling) with a GraphQL-shaped body `{errors:[{message, extensions}]}`,
 *   read by `parseMarketplacerError` inside the shared HTTP layer;
 * - GraphQL errors in a 200 answer (`MISSING_SCOPE`, argument errors), read by `fromGraphQLErrors`;
 * - a mutation payload's `errors: [{field, messages}]` (stock, validation), read by `fromMutationErrors`.
 */

/** One entry of a GraphQL answer's `errors`, as far as the gateway reads it. */
export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: unknown };
}

/** One entry of a mutation payload's `errors`. */
export interface MutationError {
  field: string;
  messages: string[];
}

function isErrorEntry(value: unknown): value is GraphQLErrorEntry {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

/** The entries of `body.errors`; empty when the body has none (or is not JSON at all). */
export function graphqlErrorsOf(body: unknown): GraphQLErrorEntry[] {
  if (typeof body !== 'object' || body === null || !('errors' in body)) return [];
  const { errors } = body as { errors: unknown };
  return Array.isArray(errors) ? errors.filter(isErrorEntry) : [];
}

function codeOf(entry: GraphQLErrorEntry): string | undefined {
  const code = entry.extensions?.code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

function toDetail(entry: GraphQLErrorEntry): UpstreamErrorDetail {
  const code = codeOf(entry);
  return {
    message: entry.message,
    ...(code === undefined ? {} : { code }),
    ...(entry.path === undefined ? {} : { field: entry.path.join('.') }),
  };
}

function codeForStatus(status: number): string {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 429) return 'RATE_LIMIT_EXCEEDED';
  if (status === 503) return 'SERVICE_UNAVAILABLE';
  return status >= 500 ? 'INTERNAL_ERROR' : `HTTP_${status}`;
}

/**
 * Reads a non-2xx answer for the shared HTTP layer: the first error's `extensions.code` (else one named after the
 * status) and every error's message. A body without GraphQL errors (a proxy's HTML page) still gives a clear error.
 */
export function parseMarketplacerError(status: number, body: unknown): ParsedErrorBody {
  const errors = graphqlErrorsOf(body);
  if (errors.length > 0) {
    return {
      code: errors.map(codeOf).find((code) => code !== undefined) ?? codeForStatus(status),
      message: errors.map((entry) => entry.message).join('; '),
    };
  }
  const text = typeof body === 'string' && body !== '' ? `: ${body.slice(0, 200)}` : '';
  return { code: codeForStatus(status), message: `Marketplacer answered HTTP ${status}${text}` };
}

/**
 * GraphQL errors in a 200 answer. The code is the first error's `extensions.code` (`MISSING_SCOPE` for a key
 * without the scope) or GRAPHQL_ERROR; each error becomes a detail naming its path. The status stays the 200 that
 * was answered: nothing about it calls for a retry.
 */
export function fromGraphQLErrors(
  operation: string,
  errors: readonly GraphQLErrorEntry[],
  body: unknown,
): UpstreamError {
  return new UpstreamError({
    marketplace: Marketplace.MARKETPLACER,
    kind: 'http',
    code: errors.map(codeOf).find((code) => code !== undefined) ?? 'GRAPHQL_ERROR',
    httpStatus: 200,
    message: `Marketplacer refused ${operation}: ${errors.map((entry) => entry.message).join('; ')}`,
    details: errors.map(toDetail),
    body,
  });
}

/** A mutation's payload `errors`: Marketplacer refused the input (stock, an unknown id, a quantity too large). */
export function fromMutationErrors(operation: string, errors: readonly MutationError[]): UpstreamError {
  const details = errors.flatMap((error) => error.messages.map((message) => ({ field: error.field, message })));
  return new UpstreamError({
    marketplace: Marketplace.MARKETPLACER,
    kind: 'http',
    code: 'INVALID_INPUT',
    httpStatus: 200,
    message: `Marketplacer refused ${operation}: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`,
    details,
    body: { errors },
  });
}

/** A 2xx answer that is not a GraphQL result (an HTML page from a proxy, an empty body). */
export function invalidAnswer(operation: string, cause: unknown): UpstreamError {
  return new UpstreamError({
    marketplace: Marketplace.MARKETPLACER,
    kind: 'http',
    code: 'INVALID_RESPONSE',
    httpStatus: 502,
    message: `Marketplacer answered ${operation} with something that is not a GraphQL result`,
    cause,
  });
}

/** ORDER_NOT_FOUND (404), the OrderSource contract's answer for an unknown order. */
export function orderNotFound(externalId: string): UpstreamError {
  return new UpstreamError({
    marketplace: Marketplace.MARKETPLACER,
    kind: 'http',
    code: 'ORDER_NOT_FOUND',
    httpStatus: 404,
    message: `Marketplacer has no invoice ${externalId}`,
  });
}
