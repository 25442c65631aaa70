import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import cors from '@fastify/cors';
import type { Tracer } from '@opentelemetry/api';
import type { FastifyPluginAsync } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  NoSchemaIntrospectionCustomRule,
  specifiedRules,
  validate,
  type GraphQLError,
  type GraphQLSchema,
} from 'graphql';
import { WebSocketServer } from 'ws';
import type { Authenticator } from '../auth/authenticator.js';
import type { OriginPolicy } from '../auth/origin-policy.js';
import {
  clientErrorFormatter,
  formatGraphQLError,
  UNEXPECTED_ERROR_MESSAGE,
  type ClientErrorOptions,
} from '../graphql/client-errors.js';
import type { ContextFactory, GatewayContext } from '../graphql/context.js';
import { partialFailuresPlugin, withPartialFailures } from '../graphql/partial-failures.js';
import { unexpectedErrorsPlugin } from '../graphql/unexpected-errors.js';
import { operationSpanPlugin } from '../graphql/operation-span.js';
import { tracedRoute } from '../tracing/route-spans.js';
import { httpPrincipal } from '../auth/http-principal.js';
import { subscriptionSockets } from '../graphql/subscription-sockets.js';
import { httpAdmission } from '../graphql/limits/http-admission.js';
import type { OperationGate } from '../graphql/limits/operation-gate.js';
import { admitOverSocket } from '../graphql/limits/socket-admission.js';
import { subscriptionsOverHttpRefused } from '../graphql/http-subscriptions.js';
import { SocketLimits, type SocketLimitsConfig } from '../graphql/socket-limits.js';
import { serveOverWebSockets } from '../graphql/socket-server.js';
import { requestedDocument, type TrustedDocuments } from '../graphql/trusted-documents.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { answerBrowserVisit } from './endpoint-page.js';
import { sandboxLandingPage } from './sandbox-landing-page.js';

export interface GraphqlPluginOptions {
  schema: GraphQLSchema;
  /** What every operation is admitted by before it runs, on both transports: its limits and its caller's budgets. */
  gate: OperationGate;
  context: ContextFactory;
  /** Who is calling, from the same credentials on HTTP and on websockets. */
  authenticator: Authenticator;
  /** Which browser origins may call, on HTTP (CORS) and on the websocket upgrade. */
  origins: OriginPolicy;
  /** Apollo Sandbox on GET /graphql from a browser (development). */
  landingPage: boolean;
  /** GraphiQL's page when the gateway serves it, which the landing page links to. */
  graphiqlPath: string | undefined;
  /** `__schema` and `__type` answered, on both transports. */
  introspection: boolean;
  /** What errors hide from clients (production hides unexpected errors' details and field suggestions). */
  errors: ClientErrorOptions;
  /** Largest accepted request body, and websocket message. */
  bodyLimitBytes: number;
  /** Websockets per caller and in all, operations per socket. */
  socketLimits: SocketLimitsConfig;
  /** TRUSTED_DOCUMENTS_FILE's documents, the only ones a caller who is not an admin may run; undefined: any. */
  trustedDocuments: TrustedDocuments | undefined;
  /** Counts operations on both transports, and the websockets and subscriptions open. */
  metrics: Pick<GatewayMetrics, 'operations' | 'sockets'>;
  /** Each operation over HTTP is a span continuing the request's `traceparent` (README, "Traces"). */
  tracer: Tracer;
}

/** The one GraphQL path: queries and mutations over HTTP (Apollo Server), and subscriptions over graphql-ws. */
export const GRAPHQL_PATH = '/graphql';

/**
 * Serves the schema on `/graphql`: `GET`/`POST` through Apollo Server (Apollo Sandbox as the landing page outside
 * production), and graphql-ws on the same path and port, so a client needs one URL for everything. Both transports
 * authenticate with one Authenticator, check origins with one OriginPolicy, validate with the same rules and
 * format errors with one formatter.
 */
export const graphqlPlugin: FastifyPluginAsync<GraphqlPluginOptions> = async (app, options) => {
  const formatError = clientErrorFormatter(options.errors);
  const formatPartialFailure = (error: GraphQLError) => formatGraphQLError(formatError, error);
  const apollo = new ApolloServer<GatewayContext>({
    schema: options.schema,
    formatError,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: !options.errors.maskUnexpected,
    parseOptions: options.gate.parseOptions,
    // A trusted document may be sent as its hash alone (Apollo's persisted-query extension), answered from the manifest.
    ...(options.trustedDocuments ? { persistedQueries: options.trustedDocuments.persistedQueries() } : {}),
    // No drain plugin: Fastify drains its own connections on close, and the integration's drain plugin calls
    // fastify.close() itself, which deadlocks when Apollo is stopped from Fastify's onClose hook.
    plugins: [
      httpAdmission(options.gate),
      partialFailuresPlugin(formatPartialFailure),
      unexpectedErrorsPlugin(),
      // After the plugins that change the answer: it classifies what is sent.
      options.metrics.operations.plugin(),
      // After the plugins that change the answer too: it sees the answer's every error.
      operationSpanPlugin(),
      subscriptionsOverHttpRefused(),
      // The schema declares no cache hints and no response is cached, so Apollo's default cache-control plugin would
      // only compute a policy for every field resolved (a 50-order list: about 1,500 fields) that nothing reads.
      ApolloServerPluginCacheControlDisabled(),
      // Apollo Server adds federated tracing (ftv1) to a subgraph by itself, and says so on the console, past the
      // gateway's logger. The gateway logs its own timings; a router that reports field-level traces gets none here.
      ApolloServerPluginInlineTraceDisabled(),
      options.landingPage ? sandboxLandingPage(options.graphiqlPath) : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  // CORS for /graphql only: webhooks and health checks are server to server. The plugin answers preflights on every
  // path (its OPTIONS route is `*`), so the path is checked here; elsewhere a preflight finds nothing (404).
  await app.register(cors, {
    delegator: (request, done) => {
      const { origin } = request.headers;
      const allowed =
        request.url.split('?')[0] === GRAPHQL_PATH && origin !== undefined && options.origins.listed(origin);
      done(null, {
        origin: allowed ? origin : false,
        // Sandbox and Apollo Client send these; the CSRF guard of Apollo Server asks for one of the last two.
        allowedHeaders: [
          'authorization',
          'content-type',
          'x-request-id',
          'apollo-require-preflight',
          'x-apollo-operation-name',
        ],
        exposedHeaders: ['x-request-id'],
        maxAge: 600,
      });
    },
  });

  const handler = fastifyApolloHandler(apollo, {
    // Authentication runs here, after Apollo has served the landing page (which executes nothing and needs no
    // credentials) and after its CSRF check, and before any operation is parsed.
    // Trusted documents are checked here too, once the caller is known and before anything is parsed.
    context: async (request) => {
      const principal = await httpPrincipal(options.authenticator, request.headers.authorization);
      const params = request.method === 'GET' ? request.query : request.body;
      const refusal = options.trustedDocuments?.refusal(requestedDocument(params), principal, { status: 400 });
      if (refusal) throw refusal;
      return options.context({
        log: request.log,
        requestId: request.id,
        principal,
        transport: 'http',
        address: request.ip,
      });
    },
  });
  // Typed as Apollo's handler answers (JSON text), which the traced handler passes on.
  app.route<{ Reply: string }>({
    method: ['GET', 'POST'],
    url: GRAPHQL_PATH,
    bodyLimit: options.bodyLimitBytes,
    onRequest: async (request, reply) => {
      // A browser sends no preflight for some requests; a page of a foreign origin gets no further than this.
      if (!options.origins.allows(request.headers.origin, request.headers.host)) {
        const refusal = {
          errors: [
            {
              message: `Origin ${request.headers.origin} is not allowed (CORS_ORIGINS)`,
              extensions: { code: 'FORBIDDEN', httpStatus: 403 },
            },
          ],
        };
        await reply.code(403).type('application/json').send(JSON.stringify(refusal));
        return;
      }
      if (!options.landingPage) await answerBrowserVisit(request, reply, options.graphiqlPath);
    },
    handler: tracedRoute(options.tracer, handler),
    errorHandler: (error, request, reply) => {
      // What Fastify refuses before Apollo sees the request (a body that is not JSON, or over the limit) is answered
      // in the error contract too, with its own status; anything else here is a fault of the gateway's own.
      const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) request.log.error({ err: error }, 'GraphQL request failed outside Apollo Server');
      const refusal = {
        errors: [
          status === 500
            ? { message: UNEXPECTED_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 } }
            : { message: error.message, extensions: { code: 'BAD_REQUEST', httpStatus: status } },
        ],
      };
      void reply.code(status).type('application/json').send(JSON.stringify(refusal));
    },
  });

  const rules = options.introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  // Not attached to the HTTP server (`noServer`): an attached one re-emits the server's errors, and graphql-ws would
  // print a failed listen (a taken port) as its own stack trace before main.ts can name the port.
  const sockets = new WebSocketServer({
    noServer: true,
    path: GRAPHQL_PATH,
    // A larger message is refused by ws with 1009 (message too big), as a larger body is over HTTP (ws took 100 MiB).
    maxPayload: options.bodyLimitBytes,
    // Refused before the handshake: a foreign page never gets as far as a GraphQL message.
    verifyClient: ({ origin, req }, done) =>
      options.origins.allows(origin || undefined, req.headers.host)
        ? done(true)
        : done(false, 403, 'Origin not allowed'),
  });
  const subscriptions = serveOverWebSockets(
    subscriptionSockets({
      schema: options.schema,
      authenticator: options.authenticator,
      validate: (schema, document) => validate(schema, document, rules),
      limits: new SocketLimits(options.socketLimits),
      parseOptions: options.gate.parseOptions,
      admit: (operation, caller) => admitOverSocket(options.gate, operation, caller),
      formatError,
      trustedDocuments: options.trustedDocuments,
      // One context per operation on the socket (not per socket), so loaders and failures never leak across them.
      context: (principal, requestId, address) =>
        options.context({
          log: app.log.child({ reqId: requestId, transport: 'graphql-ws' }),
          requestId,
          principal,
          transport: 'websocket',
          address,
        }),
      onResult: (result, context) => withPartialFailures(result, context, formatPartialFailure),
      watcher: options.metrics.sockets,
      tracer: options.tracer,
    }),
    sockets,
    { log: app.log.child({ component: 'graphql-ws' }) },
  );

  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) =>
    sockets.handleUpgrade(request, socket, head, (websocket) => sockets.emit('connection', websocket, request));
  app.server.on('upgrade', upgrade);

  // Websockets go first, in preClose: Fastify's own close waits for every connection of the server, upgraded ones
  // included, before any onClose hook runs, so sockets closed there would hold the shutdown forever. graphql-ws's
  // dispose closes each with 1001 (going away), which tells clients to reconnect (to another instance), and waits for
  // them to go.
  app.addHook('preClose', async () => {
    app.server.off('upgrade', upgrade);
    await subscriptions.dispose();
  });
  app.addHook('onClose', async () => {
    await apollo.stop();
  });
};
