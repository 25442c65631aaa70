import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { simulatorApp, type ServerParts } from '../shared/app.js';
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

/**
 * Every failure leaves in noon's `{"detail":{...}}` shape. Fastify's own 4xx errors all come from reading the body
 * (invalid or empty JSON, unsupported media type, oversized body): a malformed payload, hence 422 VALIDATION_ERROR.
 */
function answerError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof NoonError) return reply.code(error.status).send(error.body);
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const refusal = validationError([{ field: 'body', message: error.message }]);
    return reply.code(refusal.status).send(refusal.body);
  }
  request.log.error(error);
  const internal = new NoonError('INTERNAL_ERROR');
  return reply.code(internal.status).send(internal.body);
}

/** noon's APIs, each call carrying a User-Agent that names the application. */
export function buildApp(parts: AppParts): FastifyInstance {
  const { identity, shipments, fbpi, stock, prices, destinations } = parts;
  const guard = new SessionGuard(identity);
  return simulatorApp(parts, {
    answerError,
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
