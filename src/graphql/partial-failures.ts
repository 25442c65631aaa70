import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError, type GraphQLResolveInfo } from 'graphql';
import { responsePathAsArray } from 'graphql';
import { DomainError } from '../domain/errors.js';
import type { Marketplace } from '../domain/marketplace.js';
import type { MarketplaceFailure } from '../domain/marketplace-failure.js';
import { UpstreamError } from '../http/upstream-error.js';
import type { Logger } from '../logger.js';
import { logUnexpected } from './unexpected-errors.js';

/**
 * The errors of marketplaces that failed inside a field that still has data (a merged list, a line's stock): the
 * field resolves with what the healthy marketplaces gave, and each failing marketplace is reported once per field
 * of the operation, however many times it failed there (a hundred lines asking a down Increff make one error).
 */
export class PartialFailures {
  private readonly reported = new Map<string, GraphQLError>();

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

  /** Every failure reported so far. */
  errors(): GraphQLError[] {
    return [...this.reported.values()];
  }

  /**
   * Every failure reported so far, forgotten here: the result of a subscription's event names them, for every
   * subscriber sharing it (shared-event-results.ts).
   */
  take(): GraphQLError[] {
    const taken = this.errors();
    this.reported.clear();
    return taken;
  }
}

/**
 * An upstream failure (UpstreamError) and a refusal of the gateway's own (DomainError) keep their contract; anything
 * else is a fault of the gateway's own.
 */
function describe(marketplace: Marketplace, error: unknown, path: ReadonlyArray<string | number>): GraphQLError {
  return error instanceof UpstreamError || error instanceof DomainError
    ? new GraphQLError(error.message, { path, originalError: error })
    : new GraphQLError(`${marketplace} failed: ${error instanceof Error ? error.message : String(error)}`, {
        path,
        originalError: error instanceof Error ? error : undefined,
        extensions: { code: 'INTERNAL_SERVER_ERROR', marketplace },
      });
}

/** What the per-operation context carries for this plugin. */
export interface WithPartialFailures {
  partialFailures: PartialFailures;
  requestId: string;
  log: Logger;
}

/** Formats an error graphql-js holds for the client (the transports' one formatter). */
export type GraphQLErrorFormatter = (error: GraphQLError) => GraphQLFormattedError;

/**
 * Appends the reported failures, formatted as every other error, to a result's errors (HTTP and websocket
 * transports alike); unexpected ones are logged, as execution errors are.
 */
export function withPartialFailures<Result extends { errors?: ReadonlyArray<GraphQLFormattedError> }>(
  result: Result,
  context: WithPartialFailures,
  format: GraphQLErrorFormatter,
): Result {
  const failures = context.partialFailures.errors();
  if (failures.length === 0) return result;
  logUnexpected(failures, context);
  return { ...result, errors: [...(result.errors ?? []), ...failures.map(format)] };
}

/** Apollo Server's side: adds the failures to a single result before it is sent. */
export function partialFailuresPlugin<Context extends WithPartialFailures>(
  format: GraphQLErrorFormatter,
): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind === 'single') {
            response.body.singleResult = withPartialFailures(response.body.singleResult, contextValue, format);
          }
        },
      };
    },
  };
}
