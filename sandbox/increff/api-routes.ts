import type { FastifyPluginAsync } from 'fastify';
import type { SearchInventoryResponse, SkuInventory } from './wire.js';
import type { Inventory } from './inventory.js';
import type { OrderBook } from './orders.js';
import type { ReturnBook } from './returns.js';
import { cancellationBody, outwardOrderBody, returnOrderBody, searchInventoryBody } from './schemas.js';
import { parseBody } from './validation.js';

/** Which spelling Search Inventory answers with: the field table's, or the page example's `sucessList`. */
export interface SearchSettings {
  listKey: 'successList' | 'sucessList';
}

interface OrderRoute {
  Params: { orderCode: string };
}

/** The four inbound APIs in scope; each answers an empty 200 except Search Inventory. */
export function increffRoutes(
  orders: OrderBook,
  inventory: Inventory,
  returns: ReturnBook,
  search: SearchSettings,
): FastifyPluginAsync {
  return async (app) => {
    app.post('/orders/outward', async (request, reply) => {
      orders.create(parseBody(outwardOrderBody, request.body));
      return reply.code(200).send();
    });

    app.put<OrderRoute>('/orders/:orderCode/cancel', async (request, reply) => {
      orders.cancel(request.params.orderCode, parseBody(cancellationBody, request.body));
      return reply.code(200).send();
    });

    app.post('/inventories/search-sku', async (request): Promise<SearchInventoryResponse> => {
      const { channelSkuCodes } = parseBody(searchInventoryBody, request.body);
      const found: SkuInventory[] = [];
      const failureList: SearchInventoryResponse['failureList'] = [];
      for (const sku of new Set(channelSkuCodes)) {
        const answer = inventory.search(sku);
        if (answer === undefined) failureList.push({ channelSkuCode: sku, message: 'not listed on this channel' });
        else found.push(answer);
      }
      return { [search.listKey]: found, failureList };
    });

    app.post('/return/return-orders', async (request, reply) => {
      returns.create(parseBody(returnOrderBody, request.body));
      return reply.code(200).send();
    });
  };
}
