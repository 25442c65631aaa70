import type { FastifyPluginAsync } from 'fastify';
import { isoSeconds } from '../shared/clock.js';
import type { NoonSandboxControl } from './control.js';
import { advanceClockBody, receiveBody } from './schemas.js';
import { parseInput } from './validation.js';

interface ReceiveRoute {
  Params: { asn_nr: string };
}

/**
 * The sandbox controls a human needs when trying the gateway by hand (mounted under `/_sandbox`, no auth). They are
 * not noon: they skip the User-Agent check, the rate limit, injected faults and the request log.
 */
export function controlRoutes(control: NoonSandboxControl): FastifyPluginAsync {
  return async (app) => {
    app.post('/clock/advance', async (request) => {
      control.advanceClock(parseInput(advanceClockBody, request.body, 'body').seconds);
      return { now: isoSeconds(control.now()) };
    });

    app.post<ReceiveRoute>('/shipments/:asn_nr/receive', async (request, reply) => {
      const body = parseInput(receiveBody, request.body, 'body');
      control.receiveShipment(request.params.asn_nr, body.status, body.qty_received);
      return reply.code(204).send();
    });
  };
}
