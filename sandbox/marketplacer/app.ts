import type { FastifyInstance } from 'fastify';
import { graphql, type GraphQLSchema } from 'graphql';
import { z } from 'zod';
import { simulatorApp, type ErrorShape, type ServerParts } from '../shared/app.js';
import type { SandboxClock } from '../shared/clock.js';
import { authenticate, type AuthSettings } from './auth.js';
import type { MarketplacerSandboxControl } from './control.js';
import { controlRoutes } from './control-routes.js';
import { wholeSecond } from './date-time.js';
import { errorBody } from './errors.js';
import type { SimulatorContext } from './resolvers.js';

export interface AppParts extends ServerParts {
  schema: GraphQLSchema;
  auth: AuthSettings;
  clock: SandboxClock;
  control: MarketplacerSandboxControl;
}

/** A GraphQL request over HTTP POST (GraphQL over HTTP). */
const requestBody = z.object({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

/** Everything leaves GraphQL-shaped; a body it cannot read is a malformed request (400 BAD_REQUEST). */
const MARKETPLACER_ERRORS: ErrorShape = {
  unreadable: (message) => ({ status: 400, body: errorBody(message, 'BAD_REQUEST') }),
  internal: () => ({ status: 500, body: errorBody('Internal server error', 'INTERNAL_SERVER_ERROR') }),
};

/**
 * The Operator API, `POST /graphql`. Its log and traffic controls act once the body is read, so the log can name
 * the operation of every call, refused ones included.
 */
export function buildApp(parts: AppParts): FastifyInstance {
  const { schema, auth, clock } = parts;
  return simulatorApp(parts, {
    errors: MARKETPLACER_ERRORS,
    controlRoutes: controlRoutes(parts.control),
    inspectAt: 'preHandler',
    notFound: (message) => errorBody(message, 'NOT_FOUND'),
    api: async (api) => {
      api.post('/graphql', async (request, reply) => {
        const caller = authenticate(request.headers, auth);
        if (!caller.ok) {
          if (caller.basicChallenge) reply.header('www-authenticate', 'Basic realm="Marketplacer"');
          return reply.code(401).send(errorBody(caller.message, 'UNAUTHORIZED'));
        }
        const body = requestBody.safeParse(request.body);
        if (!body.success) {
          return reply
            .code(400)
            .send(errorBody('the body must be {"query", "variables", "operationName"} as JSON', 'BAD_REQUEST'));
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
    },
  });
}
