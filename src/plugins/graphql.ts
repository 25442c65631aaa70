import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyPluginAsync } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { ContextFactory, GatewayContext } from '../graphql/context.js';
import { formatError } from '../graphql/errors.js';
import { partialFailuresPlugin, withPartialFailures } from '../graphql/partial-failures.js';

export interface GraphqlPluginOptions {
  schema: GraphQLSchema;
  context: ContextFactory;
  /** Production turns off Apollo Sandbox and introspection. */
  production: boolean;
  /** Largest accepted request body. */
  bodyLimitBytes: number;
}

/** The one GraphQL path: queries and mutations over HTTP (Apollo Server), and subscriptions over graphql-ws. */
export const GRAPHQL_PATH = '/graphql';

/**
 * Serves the schema on `/graphql`: `GET`/`POST` through Apollo Server (Apollo Sandbox as the landing page outside
 * production), and graphql-ws on the same path and port, so a client needs one URL for everything.
 */
export const graphqlPlugin: FastifyPluginAsync<GraphqlPluginOptions> = async (app, options) => {
  const apollo = new ApolloServer<GatewayContext>({
    schema: options.schema,
    formatError,
    introspection: !options.production,
    // No drain plugin: Fastify drains its own connections on close, and the integration's drain plugin calls
    // fastify.close() itself, which deadlocks when Apollo is stopped from Fastify's onClose hook.
    plugins: [
      partialFailuresPlugin(),
      options.production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
    ],
  });
  await apollo.start();

  const handler = fastifyApolloHandler(apollo, {
    context: async (request) => options.context(request.log, request.id),
  });
  app.route({
    method: ['GET', 'POST', 'OPTIONS'],
    url: GRAPHQL_PATH,
    bodyLimit: options.bodyLimitBytes,
    handler,
  });

  const sockets = new WebSocketServer({ server: app.server, path: GRAPHQL_PATH });
  const subscriptions = useServer(
    {
      schema: options.schema,
      // One context per operation on the socket (not per socket), so loaders and failures never leak across them.
      context: () => {
        const requestId = randomUUID();
        return options.context(app.log.child({ reqId: requestId, transport: 'graphql-ws' }), requestId);
      },
      // The same error contract as over HTTP, and the same partial failures.
      onNext: (_ctx, _id, _payload, args, result) => {
        const formatted = { ...result, errors: result.errors?.map((error) => formatError(error.toJSON(), error)) };
        return withPartialFailures(formatted, (args.contextValue as GatewayContext).partialFailures);
      },
    },
    sockets,
  );

  app.addHook('onClose', async () => {
    await subscriptions.dispose();
    await new Promise<void>((resolve) => sockets.close(() => resolve()));
    await apollo.stop();
  });
};
