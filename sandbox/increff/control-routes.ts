import type { FastifyPluginAsync } from 'fastify';
import { trafficRoutes } from '../shared/control-routes.js';
import type { IncreffSandboxControl } from './control.js';
import { IncreffError } from './errors.js';
import { advanceOrderBody, sellerCancelBody, setStockBody, syncInventoryBody } from './schemas.js';
import { parseBody } from './validation.js';

interface OrderRoute {
  Params: { orderCode: string };
}

/**
 * The sandbox controls a human needs when trying the gateway by hand (mounted under `/_sandbox`, no auth). They are
 * not Increff: they skip the credentials, the rate limit, injected faults and the request log.
 */
export function controlRoutes(control: IncreffSandboxControl): FastifyPluginAsync {
  return async (app) => {
    await app.register(trafficRoutes(control, { parseBody, timestamp: (at) => at.toISOString() }));

    // Increff has no order read API; this is how a human sees what the warehouse holds.
    app.get<OrderRoute>('/orders/:orderCode', async (request) => {
      const order = control.order(request.params.orderCode);
      if (order === undefined) throw new IncreffError('ORDER_NOT_FOUND', `No order ${request.params.orderCode}`);
      return order;
    });

    app.post<OrderRoute>('/orders/:orderCode/advance', async (request) => {
      control.advanceOrder(request.params.orderCode, parseBody(advanceOrderBody, request.body).status);
      return control.order(request.params.orderCode);
    });

    app.post<OrderRoute>('/orders/:orderCode/seller-cancel', async (request) => {
      control.sellerCancel(request.params.orderCode, parseBody(sellerCancelBody, request.body ?? {}).orderItems);
      return control.order(request.params.orderCode);
    });

    app.post('/inventories/sync', async (request) => ({
      calls: control.syncInventory(parseBody(syncInventoryBody, request.body ?? {}).skus),
    }));

    // What Increff called on the channel, and what the channel answered.
    app.get('/channel-calls', async () => ({
      calls: control.channelCalls(),
      credentialFetches: control.credentialFetches(),
    }));

    app.put('/inventories', async (request) => {
      const body = parseBody(setStockBody, request.body);
      control.setStock(body.locationCode, body.channelSkuCode, body.quantity);
      return control.stock(body.channelSkuCode);
    });
  };
}
