import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError, type GraphQLResolveInfo } from 'graphql';
import { responsePathAsArray } from 'graphql';
import { UpstreamError } from '../http/upstream-error.js';
import type { Marketplace } from '../../schema/marketplace.js';
import { formatError } from './errors.js';

/** A marketplace that failed while others answered. */
export interface MarketplaceFailure {
  marketplace: Marketplace;
  error: unknown;
}

/**
 * The errors of marketplaces that failed inside a field that still has data (a merged list, a line's stock): the
 * field resolves with what the healthy marketplaces gave, and each failing marketplace is reported once per field
 * of the operation, however many times it failed there (a hundred lines asking a down Increff make one error).
 */
export class PartialFailures {
  private readonly reported = new Map<string, GraphQLFormattedError>();

  /** Records the failures of the field at `info`'s path. */
  report(failures: readonly MarketplaceFailure[], info: GraphQLResolveInfo): void {
    const path = responsePathAsArray(info.path);
    // Lines of a list share one error: the path up to the first list index names the field that fanned out.
    const firstIndex = path.findIndex((segment) => typeof segment === 'number');
    const fieldPath = firstIndex === -1 ? path : [...path.slice(0, firstIndex), info.fieldName];
    for (const { marketplace, error } of failures) {
      const key = `${fieldPath.join('.')}|${marketplace}`;
      if (this.reported.has(key)) continue;
      this.reported.set(key, describe(marketplace, error, path));
    }
  }

  /** Every failure reported so far, formatted by the error contract. */
  errors(): GraphQLFormattedError[] {
    return [...this.reported.values()];
  }
}

function describe(marketplace: Marketplace, error: unknown, path: ReadonlyArray<string | number>): GraphQLFormattedError {
  const graphqlError =
    error instanceof UpstreamError
      ? new GraphQLError(error.message, { path, originalError: error })
      : new GraphQLError(`${marketplace} failed: ${error instanceof Error ? error.message : String(error)}`, {
          path,
          extensions: { code: 'INTERNAL_SERVER_ERROR', marketplace },
        });
  return formatError(graphqlError.toJSON(), graphqlError);
}

/** What the per-operation context carries for this plugin. */
export interface WithPartialFailures {
  partialFailures: PartialFailures;
}

/** Appends the reported failures to a result's errors (HTTP and websocket transports alike). */
export function withPartialFailures<Result extends { errors?: ReadonlyArray<GraphQLFormattedError> }>(
  result: Result,
  failures: PartialFailures,
): Result {
  const extra = failures.errors();
  return extra.length === 0 ? result : { ...result, errors: [...(result.errors ?? []), ...extra] };
}

/** Apollo Server's side: adds the failures to a single result before it is sent. */
export function partialFailuresPlugin<Context extends WithPartialFailures>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind === 'single') {
            response.body.singleResult = withPartialFailures(response.body.singleResult, contextValue.partialFailures);
          }
        },
      };
    },
  };
}
