import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { isoSeconds } from '../shared/clock.js';
import type { MarketplacerSandboxControl } from './control.js';
import { errorBody } from './errors.js';
import { WEBHOOK_OBJECT_TYPES } from './webhooks.js';

const advanceClockBody = z.object({ seconds: z.number().finite() });
const countOnHandBody = z.object({ countOnHand: z.number().int().min(0) });
const webhookBody = z.object({
  url: z.url().nullable(),
  hmacKey: z.string().min(1).optional(),
  types: z.array(z.enum(WEBHOOK_OBJECT_TYPES)).min(1).optional(),
  query: z.string().min(1).optional(),
});

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

    app.get('/webhook', async () => ({ webhook: control.webhook() ?? null }));

    app.post('/webhook', async (request, reply) => {
      const body = webhookBody.safeParse(request.body);
      if (!body.success) {
        return reply
          .code(400)
          .send(errorBody('body must be {"url": <URL or null>, "hmacKey"?, "types"?: [<object type>], "query"?}', 'BAD_REQUEST'));
      }
      const { url, ...rest } = body.data;
      control.setWebhook(url === null ? undefined : { url, ...rest });
      return { webhook: control.webhook() ?? null };
    });

    app.post('/webhook/enable', async (_request, reply) => {
      if (control.webhook() === undefined) return reply.code(404).send(errorBody('no webhook is registered', 'NOT_FOUND'));
      control.enableWebhook();
      return { webhook: control.webhook() };
    });

    app.get('/webhook/deliveries', async () => ({ deliveries: control.webhookDeliveries() }));
  };
}
