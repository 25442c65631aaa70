import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import {
  BadInput,
  DomainError,
  NotConfigured,
  NotSupported,
  REFUSAL_STATUS,
  type FieldProblem,
} from '../domain/errors.js';
import { UpstreamError } from '../http/upstream-error.js';

/**
 * Every code an error may carry that is not a marketplace's own (those come with its refusals: INVALID_ASN_STATUS,
 * VALIDATION_ERROR, HTTP_431, …), with the HTTP status it stands for: the error contract's table (README, "Errors").
 * test/gateway/error-contract.test.ts provokes each one over HTTP, so a code added here without a case there fails.
 */
export const ERROR_CODES = {
  // The request or the document, refused by Apollo Server and graphql-js before anything runs.
  [ApolloServerErrorCode.BAD_REQUEST]: 400,
  [ApolloServerErrorCode.GRAPHQL_PARSE_FAILED]: 400,
  [ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED]: 400,
  [ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE]: 400,
  [ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND]: 404,
  // The caller's credentials (src/auth).
  UNAUTHENTICATED: 401,
  AUTHENTICATION_UNAVAILABLE: 503,
  // More operations at once on one websocket than SUBSCRIPTIONS_PER_SOCKET (src/graphql/socket-limits.ts).
  TOO_MANY_SUBSCRIPTIONS: 429,
  // An operation refused before it ran (src/graphql/limits/): over its limits of cost, depth or aliases, or over its
  // caller's budgets a minute.
  OPERATION_LIMIT_EXCEEDED: 400,
  RATE_LIMITED: 429,
  // With TRUSTED_DOCUMENTS_FILE: an operation not among the trusted documents, from a caller who is not an admin
  // (src/graphql/trusted-documents.ts).
  OPERATION_NOT_TRUSTED: 400,
  // The gateway's own refusals (src/domain/errors.ts); BAD_USER_INPUT also for arguments GraphQL cannot coerce.
  ...REFUSAL_STATUS,
  // A marketplace that does not know the order, or could not answer or be asked (UpstreamError, with its
  // `marketplace`): UPSTREAM_RATE_LIMITED when its request budget had no turn before the deadline.
  ORDER_NOT_FOUND: 404,
  UPSTREAM_RATE_LIMITED: 429,
  UPSTREAM_UNREACHABLE: 502,
  UPSTREAM_UNAVAILABLE: 503,
  UPSTREAM_TIMEOUT: 504,
  // A fault of the gateway, never a client's mistake.
  [ApolloServerErrorCode.INTERNAL_SERVER_ERROR]: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

/** `input.items.3.quantity: quantity must not be less than 1` — one line per broken constraint. */
function describeValidation(errors: ValidationError[], path: string[] = []): FieldProblem[] {
  return errors.flatMap((error) => {
    const at = [...path, error.property];
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field: at.join('.'), message }));
    return [...own, ...describeValidation(error.children ?? [], at)];
  });
}

/**
 * A domain error's extensions in the error contract: its code and the HTTP status it stands for; a request wrong
 * in itself, or naming a marketplace that is off here, names the fields at fault; one about a marketplace names it.
 */
function contractOf(error: DomainError): { code: string; [extension: string]: unknown } {
  const contract = { code: error.code, httpStatus: error.httpStatus };
  if (error instanceof BadInput) return { ...contract, details: error.details };
  if (error instanceof NotConfigured) {
    return { ...contract, ...(error.marketplaces.length === 1 ? { marketplace: error.marketplaces[0] } : {}) };
  }
  if (error instanceof NotSupported) return { ...contract, marketplace: error.marketplace };
  return contract;
}

/**
 * The code a client gets for `error`, as Apollo Server would assign it: the marketplace's own code, the domain
 * error's code, BAD_USER_INPUT for arguments that fail validation, the code a GraphQLError was thrown with, and
 * INTERNAL_SERVER_ERROR for anything unexpected. Used where Apollo does not assign codes (graphql-ws) and by the
 * audit log.
 */
export function errorCode(error: unknown): string {
  const original = unwrapResolverError(error);
  if (original instanceof UpstreamError) return original.code;
  if (original instanceof DomainError) return original.code;
  if (original instanceof ArgumentValidationError) return ApolloServerErrorCode.BAD_USER_INPUT;
  for (const candidate of [original, error]) {
    if (candidate instanceof GraphQLError && typeof candidate.extensions.code === 'string')
      return candidate.extensions.code;
  }
  return ApolloServerErrorCode.INTERNAL_SERVER_ERROR;
}

/**
 * What a BAD_USER_INPUT names at fault when its origin named nothing: the variable GraphQL could not coerce
 * (`Variable "$first" got invalid value …`), else the field of the operation that refused.
 */
function fieldAtFault(formatted: GraphQLFormattedError): string {
  const variable = /^Variable "(\$[_A-Za-z][_0-9A-Za-z]*)"/.exec(formatted.message);
  if (variable) return variable[1]!;
  return formatted.path?.join('.') ?? 'request';
}

/**
 * The extensions every error ends with (README, "Errors"): a code (BAD_REQUEST for a request Apollo Server refused
 * with a 4xx but no code of its own, such as a persisted query whose hash does not match); the HTTP status it stands
 * for (the one a GraphQLError was thrown with, as Apollo's refusals and authentication's are, else its code's); and
 * on BAD_USER_INPUT, `details` as a list of `{ field, message }`, one naming the field at fault when nothing else did.
 */
function withContract(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const extensions: Record<string, unknown> = { ...formatted.extensions };
  const original = unwrapResolverError(error);
  const http =
    original instanceof GraphQLError ? (original.extensions.http as { status?: unknown } | undefined) : undefined;
  // Only a refusal's: Apollo answers a persisted query it does not hold with 200, the protocol's way to ask for it.
  const status = typeof http?.status === 'number' && http.status >= 400 ? http.status : undefined;
  const refusedByApollo =
    status !== undefined && status < 500 && (original as GraphQLError).extensions.code === undefined;
  const code = refusedByApollo
    ? ApolloServerErrorCode.BAD_REQUEST
    : typeof extensions.code === 'string'
      ? extensions.code
      : ApolloServerErrorCode.INTERNAL_SERVER_ERROR;
  extensions.code = code;
  if (typeof extensions.httpStatus !== 'number') {
    const standsFor = isErrorCode(code) ? ERROR_CODES[code] : undefined;
    const httpStatus = status ?? standsFor;
    if (httpStatus !== undefined) extensions.httpStatus = httpStatus;
  }
  const message = echoed(formatted.message);
  if (code === ApolloServerErrorCode.BAD_USER_INPUT) {
    const named = Array.isArray(extensions.details) && extensions.details.length > 0;
    if (!named) extensions.details = [{ field: fieldAtFault(formatted), message }];
  }
  return { ...formatted, message, extensions };
}

/**
 * The error contract (docs/architecture.md, README "Errors"), in one place: an upstream failure becomes an error
 * whose extensions carry the marketplace's own `code`, the `marketplace`, the upstream `httpStatus` and the item
 * `details`; a domain error (src/domain/errors.ts) its code, status and what it names (`details`, `marketplace`);
 * argument validation becomes BAD_USER_INPUT naming each field; everything else keeps Apollo's code and gets the
 * status of ERROR_CODES.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof UpstreamError) {
    return {
      ...formatted,
      message: original.message,
      extensions: {
        code: original.code,
        marketplace: original.marketplace,
        httpStatus: original.httpStatus,
        details: original.details,
      },
    };
  }
  if (original instanceof DomainError) {
    // What Apollo added (a stack trace outside production) stays, as it does for a GraphQLError thrown with a code.
    const extensions = { ...formatted.extensions, ...contractOf(original) };
    return withContract({ ...formatted, message: original.message, extensions }, error);
  }
  if (original instanceof ArgumentValidationError) {
    const details = describeValidation(original.extensions.validationErrors);
    return withContract(
      {
        ...formatted,
        message: `Invalid arguments: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`,
        extensions: { code: ApolloServerErrorCode.BAD_USER_INPUT, details },
      },
      error,
    );
  }
  if (original instanceof GraphQLError && original.message === TOO_MANY_VARIABLE_ERRORS) {
    // The client's variables, all of them wrong past graphql-js's count of 50; Apollo marks the 50 as
    // BAD_USER_INPUT but not the one error graphql-js gives instead of them.
    const message = `${original.message} More than 50 variable values were invalid; the first ones are what to fix.`;
    const extensions = { ...formatted.extensions, code: ApolloServerErrorCode.BAD_USER_INPUT };
    return withContract(
      { ...formatted, message, extensions: { ...extensions, details: [{ field: 'variables', message }] } },
      error,
    );
  }
  return withContract(formatted, error);
}

/** The longest error message a client gets back; graphql-js quotes an invalid value whole. */
const MESSAGE_MAX_CHARS = 1_000;

/**
 * A message cut to MESSAGE_MAX_CHARS: graphql-js repeats the value it refused in each of up to 50 errors, so a
 * 70 KB string sent in a list came back as megabytes of errors.
 */
function echoed(message: string): string {
  return message.length <= MESSAGE_MAX_CHARS ? message : `${message.slice(0, MESSAGE_MAX_CHARS)}… (cut)`;
}

/** What graphql-js answers, with no code, when a request's variables hold more than 50 invalid values. */
const TOO_MANY_VARIABLE_ERRORS = 'Too many errors processing variables, error limit reached. Execution aborted.';
