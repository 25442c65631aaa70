import type { FastifyInstance } from 'fastify';
import { simulatorApp, type ErrorShape, type ServerParts } from '../shared/app.js';
import type { NoonSandboxControl } from './control.js';
import { controlRoutes } from './control-routes.js';
import { destinationRoutes } from './destination-routes.js';
import type { DestinationBook } from './destinations.js';
import { errorBody, NoonError, validationError } from './errors.js';
import { fbpiRoutes, type FbpiServices } from './fbpi-routes.js';
import type { IdentityService } from './identity.js';
import { identityRoutes } from './identity-routes.js';
import { inboundRoutes } from './inbound-routes.js';
import { SessionGuard } from './session-guard.js';
import type { PriceBook } from './pricing.js';
import type { ShipmentStore } from './shipments.js';
import type { StockBook } from './stock.js';
import { pricingRoutes, stockRoutes } from './stock-routes.js';
import { requireApplicationUserAgent } from './user-agent.js';

export interface AppParts extends ServerParts {
  identity: IdentityService;
  shipments: ShipmentStore;
  fbpi: FbpiServices;
  stock: StockBook;
  prices: PriceBook;
  destinations: DestinationBook;
  control: NoonSandboxControl;
}

/** Every failure leaves in noon's `{"detail":{...}}` shape; a body it cannot read is a malformed payload (422). */
const NOON_ERRORS: ErrorShape = {
  refusal: (error) => (error instanceof NoonError ? error : undefined),
  unreadable: (message) => validationError([{ field: 'body', message }]),
  internal: () => new NoonError('INTERNAL_ERROR'),
};

/** noon's APIs, each call carrying a User-Agent that names the application. */
export function buildApp(parts: AppParts): FastifyInstance {
  const { identity, shipments, fbpi, stock, prices, destinations } = parts;
  const guard = new SessionGuard(identity);
  return simulatorApp(parts, {
    errors: NOON_ERRORS,
    controlRoutes: controlRoutes(parts.control),
    guard: requireApplicationUserAgent,
    notFound: (message) => errorBody('NOT_FOUND', message),
    api: async (noon) => {
      await noon.register(identityRoutes(identity, guard));
      await noon.register(inboundRoutes(shipments, guard), { prefix: '/inbound/v1' });
      await noon.register(fbpiRoutes(fbpi, guard), { prefix: '/fbpi/v1' });
      await noon.register(stockRoutes(stock, guard), { prefix: '/stock/v1' });
      await noon.register(pricingRoutes(prices, guard), { prefix: '/pricing/v1' });
      await noon.register(destinationRoutes(destinations, guard), { prefix: '/v1' });
    },
  });
}
