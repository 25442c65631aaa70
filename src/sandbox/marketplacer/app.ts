import { simulatorServerOptions } from '../shared/listen.js';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { graphql, type GraphQLSchema } from 'graphql';
import { z } from 'zod';
import type { SandboxClock } from '../shared/clock.js';
import type { TrafficControl } from '../shared/traffic.js';
import { authenticate, type AuthSettings } from './auth.js';
import type { MarketplacerSandboxControl } from './control.js';
import { controlRoutes } from './control-routes.js';
import { wholeSecond } from './date-time.js';
import { errorBody } from './errors.js';
import type { RecordedOperation } from './operation-log.js';
import type { RequestLog } from '../shared/request-log.js';
import type { SimulatorContext } from './resolvers.js';

export interface AppParts {
  schema: GraphQLSchema;
  auth: AuthSettings;
  clock: SandboxClock;
  traffic: TrafficControl;
  log: RequestLog<RecordedOperation>;
  control: MarketplacerSandboxControl;
  logger: FastifyServerOptions['logger'];
}

/** A GraphQL request over HTTP POST (GraphQL over HTTP). */
const requestBody = z.object({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

/**
 * Fastify's own 4xx errors come from reading the body (invalid JSON, another media type, too large): a malformed
 * request. Everything leaves GraphQL-shaped.
 */
function answerError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return reply.code(400).send(errorBody(error.message, 'BAD_REQUEST'));
  request.log.error(error);
  return reply.code(500).send(errorBody('Internal server error', 'INTERNAL_SERVER_ERROR'));
}

export function buildApp(parts: AppParts): FastifyInstance {
  const { schema, auth, clock, traffic, log, control } = parts;
  const app = Fastify(simulatorServerOptions(parts.logger));
  app.setErrorHandler(answerError);
  app.register(controlRoutes(control), { prefix: '/_sandbox' });

  // Everything Marketplacer would answer. The hooks run once the body is read, so the log can name the operation:
  // the log first (refused calls count), then the rate limit and faults; on the way out the late faults rewrite
  // the answer before the log reads its status.
  app.register(async (api) => {
    api.addHook('preHandler', log.record);
    api.addHook('preHandler', traffic.onRequest);
    api.addHook('onSend', traffic.onSend);
    api.addHook('onSend', log.onSend);
    api.setNotFoundHandler(async (request, reply) =>
      reply.code(404).send(errorBody(`No route for ${request.method} ${request.url}`, 'NOT_FOUND')),
    );

    api.post('/graphql', async (request, reply) => {
      const caller = authenticate(request.headers, auth);
      if (!caller.ok) {
        if (caller.basicChallenge) reply.header('www-authenticate', 'Basic realm="Marketplacer"');
        return reply.code(401).send(errorBody(caller.message, 'UNAUTHORIZED'));
      }
      const body = requestBody.safeParse(request.body);
      if (!body.success) {
        return reply.code(400).send(errorBody('the body must be {"query", "variables", "operationName"} as JSON', 'BAD_REQUEST'));
      }
      const contextValue: SimulatorContext = { key: caller.key, now: wholeSecond(clock.now()) };
      return graphql({
        schema,
        source: body.data.query,
        variableValues: body.data.variables ?? undefined,
        operationName: body.data.operationName ?? undefined,
        contextValue,
      });
    });
  });
  return app;
}
