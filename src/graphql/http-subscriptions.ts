import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';

/**
 * A subscription sent over HTTP is the client's mistake, answered 400 BAD_REQUEST with where to send it: graphql-ws
 * on the same URL. Executed as a query, it resolved its root field without an event and answered
 * INTERNAL_SERVER_ERROR. (A GET with any operation but a query is Apollo Server's own 405.)
 */
export function subscriptionsOverHttpRefused<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new GraphQLError(
            'Subscriptions are served over websockets (the graphql-ws protocol, graphql-transport-ws) on this same ' +
              'URL, ws:// or wss://; over HTTP only queries and mutations are',
            { extensions: { code: ApolloServerErrorCode.BAD_REQUEST, http: { status: 400 } } },
          );
        },
      };
    },
  };
}
