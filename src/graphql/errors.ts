import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { BadInput, DomainError, Forbidden, NotConfigured, NotFound, NotSupported } from '../domain/errors.js';
import { UpstreamError } from '../http/upstream-error.js';

/** `input.items.3.quantity: quantity must not be less than 1` — one line per broken constraint. */
function describeValidation(errors: ValidationError[], path: string[] = []): Array<{ field: string; message: string }> {
  return errors.flatMap((error) => {
    const at = [...path, error.property];
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field: at.join('.'), message }));
    return [...own, ...describeValidation(error.children ?? [], at)];
  });
}

/**
 * A domain error's extensions in the error contract. A request wrong in itself, or one naming a marketplace that is
 * off here, is BAD_USER_INPUT (the caller's to fix); a marketplace that cannot do it names itself and the contract's
 * code; a caller without the right is FORBIDDEN.
 */
function contractOf(error: DomainError): { code: string; [extension: string]: unknown } {
  if (error instanceof BadInput) {
    const details = error.details === undefined ? {} : { details: error.details };
    return { code: ApolloServerErrorCode.BAD_USER_INPUT, ...details };
  }
  if (error instanceof NotConfigured) return { code: ApolloServerErrorCode.BAD_USER_INPUT };
  if (error instanceof NotSupported) return { code: error.code, marketplace: error.marketplace };
  if (error instanceof NotFound) return { code: error.code };
  if (error instanceof Forbidden) return { code: 'FORBIDDEN' };
  // A kind added to the domain without a code here is a bug of the gateway, and reads as one.
  return { code: ApolloServerErrorCode.INTERNAL_SERVER_ERROR };
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
  if (original instanceof DomainError) return contractOf(original).code;
  if (original instanceof ArgumentValidationError) return ApolloServerErrorCode.BAD_USER_INPUT;
  for (const candidate of [original, error]) {
    if (candidate instanceof GraphQLError && typeof candidate.extensions.code === 'string')
      return candidate.extensions.code;
  }
  return ApolloServerErrorCode.INTERNAL_SERVER_ERROR;
}

/**
 * The error contract (docs/architecture.md): an upstream failure becomes an error whose extensions carry the
 * marketplace's own `code`, the `marketplace`, the upstream `httpStatus` and the item `details`; a domain error
 * (src/domain/errors.ts) its code and what it names (`details`, `marketplace`); argument validation becomes
 * BAD_USER_INPUT naming each field. Everything else passes as Apollo formats it.
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
    return { ...formatted, message: original.message, extensions };
  }
  if (original instanceof ArgumentValidationError) {
    const details = describeValidation(original.extensions.validationErrors);
    return {
      ...formatted,
      message: `Invalid arguments: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`,
      extensions: { code: ApolloServerErrorCode.BAD_USER_INPUT, details },
    };
  }
  return formatted;
}
