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
