import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { isoSeconds } from '../shared/clock.js';
import type { MarketplacerSandboxControl } from './control.js';
import { errorBody } from './errors.js';

const advanceClockBody = z.object({ seconds: z.number().finite() });
const countOnHandBody = z.object({ countOnHand: z.number().int().min(0) });

/**
 * The sandbox controls a human needs when trying the gateway by hand (mounted under `/_sandbox`, no auth). They are
 * not Marketplacer: they skip the rate limit, injected faults and the operation log.
 */
export function controlRoutes(control: MarketplacerSandboxControl): FastifyPluginAsync {
  return async (app) => {
    app.post('/clock/advance', async (request, reply) => {
      const body = advanceClockBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send(errorBody('body must be {"seconds": <number>}', 'BAD_REQUEST'));
      control.advanceClock(body.data.seconds);
      return { now: isoSeconds(control.now()) };
    });

    app.post<{ Params: { sku: string } }>('/variants/:sku/count-on-hand', async (request, reply) => {
      const body = countOnHandBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send(errorBody('body must be {"countOnHand": <integer ≥ 0>}', 'BAD_REQUEST'));
      const variants = control.setCountOnHand(request.params.sku, body.data.countOnHand);
      if (variants === 0) return reply.code(404).send(errorBody(`no variant has SKU ${request.params.sku}`, 'NOT_FOUND'));
      return { variants };
    });

    app.get('/operations', async () => ({ operations: control.operations() }));
  };
}
