import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import type { Marketplace } from '../../schema/marketplace.js';
import { UpstreamError } from '../http/upstream-error.js';

/** A request the gateway refuses before asking any marketplace. */
export function badUserInput(message: string, details?: unknown): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ApolloServerErrorCode.BAD_USER_INPUT, ...(details === undefined ? {} : { details }) },
  });
}

/** A caller who is known but may not do this: a role or a marketplace it does not hold. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/**
 * The caller asked for a marketplace this gateway has no configuration for: it is off here, which is the caller's
 * to know (BAD_USER_INPUT), not a failure of the gateway. One message wherever that happens.
 */
export function notConfigured(marketplaces: readonly Marketplace[]): GraphQLError {
  return badUserInput(`${marketplaces.join(', ')} ${marketplaces.length > 1 ? 'are' : 'is'} not configured on this gateway`);
}

/** `input.items.3.quantity: quantity must not be less than 1` — one line per broken constraint. */
function describeValidation(errors: ValidationError[], path: string[] = []): Array<{ field: string; message: string }> {
  return errors.flatMap((error) => {
    const at = [...path, error.property];
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field: at.join('.'), message }));
    return [...own, ...describeValidation(error.children ?? [], at)];
  });
}

/**
 * The code a client gets for `error`, as Apollo Server would assign it: the marketplace's own code, BAD_USER_INPUT
 * for arguments that fail validation, the code a GraphQLError was thrown with, and INTERNAL_SERVER_ERROR for
 * anything unexpected. Used where Apollo does not assign codes (graphql-ws) and by the audit log.
 */
export function errorCode(error: unknown): string {
  const original = unwrapResolverError(error);
  if (original instanceof UpstreamError) return original.code;
  if (original instanceof ArgumentValidationError) return ApolloServerErrorCode.BAD_USER_INPUT;
  for (const candidate of [original, error]) {
    if (candidate instanceof GraphQLError && typeof candidate.extensions.code === 'string') return candidate.extensions.code;
  }
  return ApolloServerErrorCode.INTERNAL_SERVER_ERROR;
}

/**
 * The error contract (docs/architecture.md): an upstream failure becomes an error whose extensions carry the
 * marketplace's own `code`, the `marketplace`, the upstream `httpStatus` and the item `details`; argument
 * validation becomes BAD_USER_INPUT naming each field. Everything else passes as Apollo formats it.
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
