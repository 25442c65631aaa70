import type { FastifyPluginAsync } from 'fastify';
import {
  MAX_ITEMS_PER_CALL,
  type PriceGetResponse,
  type PriceUpsertResponse,
  type StockListResponse,
  type StockUpdateResponse,
} from './wire.js';
import { NoonError } from './errors.js';
import type { PriceBook } from './pricing.js';
import type { SessionGuard } from './session-guard.js';
import type { StockBook } from './stock.js';
import { priceGetBody, priceUpsertBody, stockListBody, stockUpdateBody } from './stock-schemas.js';
import { parseInput } from './validation.js';

/** The whole call is refused past the limit: per-item statuses are for the items, not for the call's size. */
function withinLimit<T extends { items: unknown[] }>(body: T): T {
  if (body.items.length > MAX_ITEMS_PER_CALL) {
    throw new NoonError(
      'ITEMS_LIMIT_EXCEEDED',
      `${body.items.length} items in one call; the maximum is ${MAX_ITEMS_PER_CALL.toLocaleString('en-US')}`,
    );
  }
  return body;
}

/**
 * noon's stock service (`/stock/v1`) and pricing service (`/pricing/v1`), which FBPI warehouses use. Both answer
 * 200 with a status per item; only a malformed or oversized call is refused whole.
 */
export function stockRoutes(stock: StockBook, guard: SessionGuard): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', guard.onRequest);

    app.post('/stock-update', async (request): Promise<StockUpdateResponse> => {
      return stock.update(guard.partnerOf(request), withinLimit(parseInput(stockUpdateBody, request.body, 'body')));
    });

    app.post('/stock-list', async (request): Promise<StockListResponse> => {
      return stock.list(guard.partnerOf(request), withinLimit(parseInput(stockListBody, request.body, 'body')));
    });
  };
}

export function pricingRoutes(prices: PriceBook, guard: SessionGuard): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', guard.onRequest);

    app.post('/pricing/upsert', async (request): Promise<PriceUpsertResponse> => {
      return prices.upsert(guard.partnerOf(request), withinLimit(parseInput(priceUpsertBody, request.body, 'body')));
    });

    app.post('/pricing/get', async (request): Promise<PriceGetResponse> => {
      return prices.get(guard.partnerOf(request), withinLimit(parseInput(priceGetBody, request.body, 'body')));
    });
  };
}
