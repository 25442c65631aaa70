import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { isoSeconds } from '../shared/clock.js';
import { trafficRoutes, type BodyParser } from '../shared/control-routes.js';
import type { MarketplacerSandboxControl } from './control.js';
import { BadRequest, errorBody } from './errors.js';
import { WEBHOOK_OBJECT_TYPES } from './webhooks.js';

const countOnHandBody = z.object({ countOnHand: z.number().int().min(0) }).describe('{"countOnHand": <integer ≥ 0>}');
const webhookBody = z
  .object({
    url: z.url().nullable(),
    hmacKey: z.string().min(1).optional(),
    types: z.array(z.enum(WEBHOOK_OBJECT_TYPES)).min(1).optional(),
    query: z.string().min(1).optional(),
  })
  .describe('{"url": <URL or null>, "hmacKey"?, "types"?: [<object type>], "query"?}');

/** A body that does not fit is refused with what the route expects: its schema's description. */
const parseBody: BodyParser = (schema, body) => {
  const result = schema.safeParse(body);
  if (!result.success) throw new BadRequest(`body must be ${schema.description ?? 'valid'}`);
  return result.data;
};

/**
 * The sandbox controls a human needs when trying the gateway by hand (mounted under `/_sandbox`, no auth). They are
 * not Marketplacer: they skip the rate limit, injected faults and the operation log.
 */
export function controlRoutes(control: MarketplacerSandboxControl): FastifyPluginAsync {
  return async (app) => {
    await app.register(trafficRoutes(control, { parseBody, timestamp: isoSeconds }));

    app.post<{ Params: { sku: string } }>('/variants/:sku/count-on-hand', async (request, reply) => {
      const { countOnHand } = parseBody(countOnHandBody, request.body);
      const variants = control.setCountOnHand(request.params.sku, countOnHand);
      if (variants === 0)
        return reply.code(404).send(errorBody(`no variant has SKU ${request.params.sku}`, 'NOT_FOUND'));
      return { variants };
    });

    app.get('/operations', async () => ({ operations: control.operations() }));

    app.get('/webhook', async () => ({ webhook: control.webhook() ?? null }));

    app.post('/webhook', async (request) => {
      const { url, ...rest } = parseBody(webhookBody, request.body);
      control.setWebhook(url === null ? undefined : { url, ...rest });
      return { webhook: control.webhook() ?? null };
    });

    app.post('/webhook/enable', async (_request, reply) => {
      if (control.webhook() === undefined)
        return reply.code(404).send(errorBody('no webhook is registered', 'NOT_FOUND'));
      control.enableWebhook();
      return { webhook: control.webhook() };
    });

    app.get('/webhook/deliveries', async () => ({ deliveries: control.webhookDeliveries() }));
  };
}
