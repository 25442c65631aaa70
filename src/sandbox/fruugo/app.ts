import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { simulatorApp, type ServerParts } from '../shared/app.js';
import { requireRetailer, type RetailerCredentials } from './basic-auth.js';
import type { CallbackDispatcher } from './callbacks.js';
import type { FruugoSandboxControl } from './control.js';
import { controlRoutes } from './control-routes.js';
import { fieldErrors, FruugoRefusal, generalError } from './errors.js';
import { orderRoutes } from './order-routes.js';
import type { OrderBook } from './orders.js';

export interface AppParts extends ServerParts {
  book: OrderBook;
  callbacks: CallbackDispatcher;
  control: FruugoSandboxControl;
  credentials: RetailerCredentials;
}

/**
 * Every failure leaves as Fruugo's error array. Fastify's own 4xx errors come from reading the body (invalid or
 * empty JSON, another media type): a 400 about the field `body`.
 */
function answerError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof FruugoRefusal) return reply.code(error.status).headers(error.headers).send(error.body);
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const refusal = fieldErrors([{ field: 'body', message: error.message }]);
    return reply.code(refusal.status).send(refusal.body);
  }
  request.log.error(error);
  return reply.code(500).send([generalError(500)]);
}

/** Fruugo's Orders API v3 behind the retailer's Basic auth. */
export function buildApp(parts: AppParts): FastifyInstance {
  return simulatorApp(parts, {
    answerError,
    controlRoutes: controlRoutes(parts.control),
    guard: requireRetailer(parts.credentials),
    notFound: (message) => [generalError(404, 'NOT_FOUND', message)],
    api: async (fruugo) => {
      await fruugo.register(orderRoutes(parts.book, parts.callbacks), { prefix: '/v3' });
    },
  });
}
