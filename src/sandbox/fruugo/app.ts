import { simulatorServerOptions } from '../shared/listen.js';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import type { RecordedRequest, RequestLog } from '../shared/request-log.js';
import type { TrafficControl } from '../shared/traffic.js';
import { requireRetailer, type RetailerCredentials } from './basic-auth.js';
import type { CallbackDispatcher } from './callbacks.js';
import type { FruugoSandboxControl } from './control.js';
import { controlRoutes } from './control-routes.js';
import { fieldErrors, FruugoRefusal, generalError } from './errors.js';
import { orderRoutes } from './order-routes.js';
import type { OrderBook } from './orders.js';

export interface AppParts {
  book: OrderBook;
  callbacks: CallbackDispatcher;
  traffic: TrafficControl;
  log: RequestLog<RecordedRequest>;
  control: FruugoSandboxControl;
  credentials: RetailerCredentials;
  logger: FastifyServerOptions['logger'];
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

export function buildApp(parts: AppParts): FastifyInstance {
  const { traffic, log } = parts;
  const app = Fastify(simulatorServerOptions(parts.logger));
  app.setErrorHandler(answerError);

  app.register(controlRoutes(parts.control), { prefix: '/_sandbox' });

  // What Fruugo would answer, in the hooks an API gateway applies: the log sees the request first, the rate limit
  // and faults strike before authentication, and on the way out the late faults rewrite the answer before the
  // log reads its status.
  app.register(async (fruugo) => {
    fruugo.addHook('onRequest', log.record);
    fruugo.addHook('onRequest', traffic.onRequest);
    fruugo.addHook('onRequest', requireRetailer(parts.credentials));
    fruugo.addHook('onSend', traffic.onSend);
    fruugo.addHook('onSend', log.onSend);
    fruugo.setNotFoundHandler(async (request, reply) =>
      reply.code(404).send([generalError(404, 'NOT_FOUND', `No route for ${request.method} ${request.url}`)]),
    );
    await fruugo.register(orderRoutes(parts.book, parts.callbacks), { prefix: '/v3' });
  });
  return app;
}
