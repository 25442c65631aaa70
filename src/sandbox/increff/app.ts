import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncreffCredentials } from '../../../datasources/increff/increff-client.js';
import { simulatorApp, type ServerParts } from '../shared/app.js';
import { increffRoutes, type SearchSettings } from './api-routes.js';
import { requireCredentials } from './auth.js';
import type { IncreffSandboxControl } from './control.js';
import { controlRoutes } from './control-routes.js';
import { errorBody, IncreffError, refusal } from './errors.js';
import type { Inventory } from './inventory.js';
import type { OrderBook } from './orders.js';
import type { ReturnBook } from './returns.js';

export interface AppParts extends ServerParts {
  credentials: IncreffCredentials;
  orders: OrderBook;
  inventory: Inventory;
  returns: ReturnBook;
  search: SearchSettings;
  control: IncreffSandboxControl;
}

/** An order of 2,500 items with tax breakups and addresses passes Fastify's default 1 MiB. */
const BODY_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Every failure leaves in the chosen `{"code","message","errors"}` shape. Fastify's own 4xx errors all come from
 * reading the body (invalid or empty JSON, wrong media type, too large): bad data, hence 400 BAD_DATA.
 */
function answerError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof IncreffError) return reply.code(error.status).send(error.body);
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const bad = refusal('BAD_DATA', [{ field: 'body', message: error.message }]);
    return reply.code(bad.status).send(bad.body);
  }
  request.log.error(error);
  const internal = new IncreffError('INTERNAL_ERROR');
  return reply.code(internal.status).send(internal.body);
}

/** Increff's API behind the three credential headers. */
export function buildApp(parts: AppParts): FastifyInstance {
  return simulatorApp(parts, {
    bodyLimit: BODY_LIMIT_BYTES,
    answerError,
    controlRoutes: controlRoutes(parts.control),
    guard: requireCredentials(parts.credentials),
    notFound: (message) => errorBody('NOT_FOUND', message),
    api: increffRoutes(parts.orders, parts.inventory, parts.returns, parts.search),
  });
}
