import type { FastifyInstance } from 'fastify';
import type { IncreffCredentials } from './wire.js';
import { simulatorApp, type ErrorShape, type ServerParts } from '../shared/app.js';
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

/** Every failure leaves in the chosen `{"code","message","errors"}` shape; a body it cannot read is bad data (400 BAD_DATA). */
const INCREFF_ERRORS: ErrorShape = {
  refusal: (error) => (error instanceof IncreffError ? error : undefined),
  unreadable: (message) => refusal('BAD_DATA', [{ field: 'body', message }]),
  internal: () => new IncreffError('INTERNAL_ERROR'),
};

/** Increff's API behind the three credential headers. */
export function buildApp(parts: AppParts): FastifyInstance {
  return simulatorApp(parts, {
    bodyLimit: BODY_LIMIT_BYTES,
    errors: INCREFF_ERRORS,
    controlRoutes: controlRoutes(parts.control),
    guard: requireCredentials(parts.credentials),
    notFound: (message) => errorBody('NOT_FOUND', message),
    api: increffRoutes(parts.orders, parts.inventory, parts.returns, parts.search),
  });
}
