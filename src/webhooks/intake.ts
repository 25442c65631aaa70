import type { FastifyPluginAsync } from 'fastify';
import type { CallbackStore } from '../store/callback-store.js';
import { MalformedWebhook, type WebhookEndpoint, type WebhookHandler } from '../domain/ports/webhook-handler.js';
import type { WebhookProcessor } from './processor.js';

export interface WebhookIntakeOptions {
  handler: WebhookHandler;
  store: CallbackStore;
  processor: WebhookProcessor;
  /** Largest body accepted; a larger one is refused with 413 before it is read whole. */
  bodyLimitBytes: number;
}

/** The handler's URLs: those it lists, or its one POST. */
function endpointsOf(handler: WebhookHandler): readonly WebhookEndpoint[] {
  if (handler.endpoints !== undefined) return handler.endpoints;
  const { identify } = handler;
  if (identify === undefined)
    throw new Error(`the ${handler.source} webhook handler has neither identify nor endpoints`);
  return [{ method: 'POST', url: '/', identify: (raw, headers) => identify.call(handler, raw, headers) }];
}

/** A GET's query string exactly as sent, without the `?`. */
function queryString(url: string): string {
  const mark = url.indexOf('?');
  return mark === -1 ? '' : url.slice(mark + 1);
}

/**
 * The endpoints of one sender (registered under `/webhooks/<sender>`): authenticate, check the request, store it
 * once, then answer; the event is applied after the answer, so a slow or failing application never makes the
 * sender resend, and a stored event is never lost. A redelivery is answered again and applied nowhere.
 *
 * Answers: 200 stored (or already stored), with the receipt or the handler's answer; 401 not the sender; 400 (or
 * the handler's `malformedStatus`) not a webhook of this sender; 413 too large; 415 not JSON; 503 when it could not
 * be stored, so the sender delivers it again later.
 */
export const webhookIntake: FastifyPluginAsync<WebhookIntakeOptions> = async (app, options) => {
  const { handler, store, processor } = options;
  // The raw text, exactly as sent: signatures are computed over it, and it is what gets stored.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  for (const endpoint of endpointsOf(handler)) {
    app.route<{ Body: string | undefined }>({
      method: endpoint.method,
      url: endpoint.url,
      bodyLimit: options.bodyLimitBytes,
      // A HEAD would store the event and answer nothing; senders never need one.
      exposeHeadRoute: false,
      handler: async (request, reply) => {
        const raw = endpoint.method === 'GET' ? queryString(request.url) : (request.body ?? '');
        if (!(await handler.authenticate(request, raw))) {
          request.log.warn({ source: handler.source }, 'webhook refused: not authenticated');
          return reply.code(401).send({ error: 'UNAUTHENTICATED', message: `not a ${handler.source} webhook sender` });
        }
        let identity;
        try {
          identity = endpoint.identify(raw, request.headers);
        } catch (error) {
          if (!(error instanceof MalformedWebhook)) throw error;
          request.log.warn({ source: handler.source, reason: error.message }, 'webhook refused: malformed');
          return reply
            .code(handler.malformedStatus ?? 400)
            .send({ error: 'MALFORMED_WEBHOOK', message: error.message });
        }
        const { answer, ...named } = identity;
        let recorded;
        try {
          recorded = await store.recordWebhookEvent({
            source: handler.source,
            ...named,
            body: raw,
            receivedAt: new Date(),
          });
        } catch (error) {
          request.log.error({ err: error, source: handler.source }, 'webhook not stored');
          return reply
            .code(503)
            .send({ error: 'NOT_STORED', message: 'the event could not be stored; deliver it again' });
        }
        const { event, duplicate } = recorded;
        request.log.info(
          { source: handler.source, type: event.type, webhookEvent: event.id, duplicate },
          'webhook received',
        );
        if (!duplicate) reply.raw.once('finish', () => void processor.apply(event));
        return reply.code(200).send(answer ?? { received: true, id: event.id, duplicate });
      },
    });
  }
  if (handler.exchanges !== undefined) await app.register(handler.exchanges);
};
