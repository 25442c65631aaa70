import type { FastifyPluginAsync } from 'fastify';
import { trafficRoutes } from '../shared/control-routes.js';
import { isoSeconds } from '../shared/clock.js';
import type { NoonSandboxControl } from './control.js';
import { customerCancelBody, placeOrderBody } from './fbpi-schemas.js';
import { receiveBody } from './schemas.js';
import { parseInput } from './validation.js';

interface ReceiveRoute {
  Params: { asn_nr: string };
}

interface FbpiOrderRoute {
  Params: { fbpi_order_nr: string };
}

/**
 * The sandbox controls a human needs when trying the gateway by hand (mounted under `/_sandbox`, no auth). They are
 * not noon: they skip the User-Agent check, the rate limit, injected faults and the request log.
 */
export function controlRoutes(control: NoonSandboxControl): FastifyPluginAsync {
  return async (app) => {
    await app.register(
      trafficRoutes(control, { parseBody: (schema, body) => parseInput(schema, body, 'body'), timestamp: isoSeconds }),
    );

    app.post<ReceiveRoute>('/shipments/:asn_nr/receive', async (request, reply) => {
      const body = parseInput(receiveBody, request.body, 'body');
      control.receiveShipment(request.params.asn_nr, body.status, body.qty_received);
      return reply.code(204).send();
    });

    app.post('/fbpi/orders', async (request, reply) => {
      const body = parseInput(placeOrderBody, request.body ?? {}, 'body');
      const fbpiOrderNr = control.placeFbpiOrder({
        countryCode: body.country_code,
        items: body.items?.map((item) => ({ status: item.status, partnerSku: item.partner_sku })),
      });
      return reply.code(201).send({ fbpi_order_nr: fbpiOrderNr });
    });

    app.post<FbpiOrderRoute>('/fbpi/orders/:fbpi_order_nr/customer-cancel', async (request, reply) => {
      const body = parseInput(customerCancelBody, request.body ?? {}, 'body');
      control.customerCancelFbpiOrder(request.params.fbpi_order_nr, body.mp_item_nrs);
      return reply.code(204).send();
    });
  };
}
