import type { FastifyInstance } from 'fastify';
import { simulatorApp, type ErrorShape, type ServerParts } from '../shared/app.js';
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

/** Every failure leaves as Fruugo's error array; a body it cannot read is a 400 about the field `body`. */
const FRUUGO_ERRORS: ErrorShape = {
  refusal: (error) => (error instanceof FruugoRefusal ? error : undefined),
  unreadable: (message) => fieldErrors([{ field: 'body', message }]),
  internal: () => ({ status: 500, body: [generalError(500)] }),
};

/** Fruugo's Orders API v3 behind the retailer's Basic auth. */
export function buildApp(parts: AppParts): FastifyInstance {
  return simulatorApp(parts, {
    errors: FRUUGO_ERRORS,
    controlRoutes: controlRoutes(parts.control),
    guard: requireRetailer(parts.credentials),
    notFound: (message) => [generalError(404, 'NOT_FOUND', message)],
    api: async (fruugo) => {
      await fruugo.register(orderRoutes(parts.book, parts.callbacks), { prefix: '/v3' });
    },
  });
}
