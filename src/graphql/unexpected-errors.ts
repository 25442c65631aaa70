import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { Logger } from '../logger.js';
import { errorCode } from './errors.js';

interface OperationIdentity {
  requestId: string;
  log: Logger;
}

/** Logs every unexpected error of an operation with its stack: the client sees only its request id. */
export function logUnexpected(errors: readonly GraphQLError[], { log }: OperationIdentity): void {
  for (const error of errors) {
    if (errorCode(error) !== ApolloServerErrorCode.INTERNAL_SERVER_ERROR) continue;
    log.error({ err: unwrapResolverError(error), path: error.path }, 'unexpected error in a GraphQL operation');
  }
}

/** Adds the request id to each unexpected error the client gets, so a report can be matched with the log. */
export function withRequestId(
  errors: readonly GraphQLFormattedError[],
  { requestId }: OperationIdentity,
): GraphQLFormattedError[] {
  return errors.map((error) =>
    error.extensions?.code === ApolloServerErrorCode.INTERNAL_SERVER_ERROR
      ? { ...error, extensions: { ...error.extensions, requestId } }
      : error,
  );
}

/** Apollo Server's side of the two above (graphql-ws calls them from its own hooks). */
export function unexpectedErrorsPlugin<Context extends OperationIdentity>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          logUnexpected(errors, contextValue);
        },
        async willSendResponse({ response, contextValue }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          if (result?.errors) result.errors = withRequestId(result.errors, contextValue);
        },
      };
    },
  };
}
