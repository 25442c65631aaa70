import type { FastifyPluginAsync } from 'fastify';
import { trafficRoutes } from '../shared/control-routes.js';
import type { FruugoSandboxControl } from './control.js';
import { newOrderBody, webhookBody } from './schemas.js';
import { parseBody } from './validation.js';

interface OrderRoute {
  Params: { orderId: string };
}

/**
 * The sandbox controls a human needs when trying the gateway by hand (under `/_sandbox`, no auth). They are not
 * Fruugo: they skip authentication, the rate limit, injected faults and the request log.
 */
export function controlRoutes(control: FruugoSandboxControl): FastifyPluginAsync {
  return async (app) => {
    await app.register(trafficRoutes(control, { parseBody, timestamp: (at) => at.toISOString() }));

    app.get('/webhook', async () => ({ url: control.webhookUrl() ?? null }));

    app.post('/webhook', async (request) => {
      const { url } = parseBody(webhookBody, request.body);
      control.setWebhookUrl(url ?? undefined);
      return { url };
    });

    app.post('/orders', async (request, reply) => {
      return reply.code(201).send(control.createOrder(parseBody(newOrderBody, request.body)));
    });

    app.post<OrderRoute>('/orders/:orderId/customer-cancel', async (request, reply) => {
      if (control.order(request.params.orderId) === undefined) {
        return reply.code(404).send({ message: `no order ${request.params.orderId}` });
      }
      return control.customerCancel(request.params.orderId);
    });

    app.get('/callbacks', async () => control.callbacks());
  };
}
