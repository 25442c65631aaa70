import { context, type Tracer } from '@opentelemetry/api';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { CallbackStore } from '../store/callback-store.js';
import { WEBHOOK_EVENT_ID } from '../domain/stored-ids.js';
import { MalformedWebhook, type WebhookEndpoint, type WebhookHandler } from '../domain/ports/webhook-handler.js';
import { tracedRoute } from '../tracing/route-spans.js';
import { gatewayTracer } from '../tracing/spans.js';
import { hasBody, mediaTypeOf } from './media-type.js';
import type { WebhookProcessor } from './processor.js';
import type { WebhookObserver } from './webhook-observer.js';
import { WEBHOOK_ATTRIBUTES, webhookEventAttributes } from './webhook-spans.js';

/** Where every sender's endpoints are registered: `/webhooks/<sender>`. */
export const WEBHOOKS_PATH = '/webhooks/';

/**
 * The gateway's line per request (src/request-log.ts) is left out for webhooks: the
 * intake logs each one itself, once, with what identifies it (its sender, type, stored id, redelivery or not), and
 * every refusal as a warning. At info, those two lines were a quarter of the gateway's time under 32 senders.
 */
export function logsItsOwnRequests(url: string): boolean {
  return url.startsWith(WEBHOOKS_PATH);
}

export interface WebhookIntakeOptions {
  handler: WebhookHandler;
  store: CallbackStore;
  processor: WebhookProcessor;
  /** Largest body accepted; a larger one is refused with 413 before it is read whole. */
  bodyLimitBytes: number;
  /** Told of each webhook received, redelivered or refused (the gateway's metrics). */
  observer: WebhookObserver;
  /**
   * Each request past `onRequest` is a span (the intake), the parent of the event's first application, which runs
   * after the answer (README, "Traces"); the global OpenTelemetry API's tracer when absent.
   */
  tracer?: Tracer;
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
 * The sender's credential headers and the body's media type are checked before the body is read (`onRequest`), so
 * a caller that is not the sender, or that sends another type, costs no read and no memory; such an answer, like
 * any other given before the body was read whole (413), closes the connection instead of reading the rest. Only a
 * sender that signs its body has its body read before it is known to be genuine, within its own tight limit.
 *
 * Answers: 200 stored (or already stored), with the receipt or the handler's answer; 401 not the sender; 400 (or
 * the handler's `malformedStatus`) not a webhook of this sender; 413 too large; 415 not a media type the sender
 * uses; 503 when it could not be stored, so the sender delivers it again later.
 */
export const webhookIntake: FastifyPluginAsync<WebhookIntakeOptions> = async (app, options) => {
  const { handler, store, processor, observer, tracer = gatewayTracer() } = options;
  const mediaTypes = handler.mediaTypes.map((type) => type.toLowerCase());
  // Only the sender's media types are parsed (Fastify's own text/plain parser goes too), as the raw text, exactly
  // as sent: signatures are computed over it, and it is what gets stored.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(mediaTypes, { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.addHook('onSend', async (request, reply) => {
    // Answered before the body arrived whole: reading the rest (up to the body limit) would serve no one.
    if (!request.raw.complete) reply.header('connection', 'close');
  });
  // Fastify refuses a body over the limit before any handler of ours sees it.
  app.addHook('onResponse', async (_request, reply) => {
    if (reply.statusCode === 413) observer.refused(handler.source, 'too_large');
  });

  const notTheSender = (request: FastifyRequest, reply: FastifyReply) => {
    request.log.warn({ source: handler.source }, 'webhook refused: not authenticated');
    observer.refused(handler.source, 'unauthenticated');
    return reply.code(401).send({ error: 'UNAUTHENTICATED', message: `not a ${handler.source} webhook sender` });
  };

  /** Before the body is read: who sends it, and whether it is a type the sender sends. */
  const onRequest = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!(await handler.authenticate(request))) return notTheSender(request, reply);
    const type = mediaTypeOf(request.headers['content-type']);
    if (hasBody(request.headers) && !mediaTypes.includes(type)) {
      request.log.warn({ source: handler.source, contentType: type }, 'webhook refused: media type');
      observer.refused(handler.source, 'media_type');
      return reply.code(415).send({
        error: 'UNSUPPORTED_MEDIA_TYPE',
        message: `${handler.source} webhooks are ${mediaTypes.join(' or ')}; this body is ${type || 'of no stated type'}`,
      });
    }
    return undefined;
  };

  for (const endpoint of endpointsOf(handler)) {
    app.route<{ Body: string | undefined }>({
      method: endpoint.method,
      url: endpoint.url,
      bodyLimit: options.bodyLimitBytes,
      // A HEAD would store the event and answer nothing; senders never need one.
      exposeHeadRoute: false,
      onRequest,
      handler: tracedRoute(tracer, async (request, reply, span) => {
        const raw = endpoint.method === 'GET' ? queryString(request.url) : (request.body ?? '');
        if (handler.verifyBody !== undefined && !handler.verifyBody(request, raw)) return notTheSender(request, reply);
        let identity;
        try {
          identity = endpoint.identify(raw, request.headers);
        } catch (error) {
          if (!(error instanceof MalformedWebhook)) throw error;
          request.log.warn({ source: handler.source, reason: error.message }, 'webhook refused: malformed');
          observer.refused(handler.source, 'malformed');
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
          observer.refused(handler.source, 'not_stored');
          return reply
            .code(503)
            .send({ error: 'NOT_STORED', message: 'the event could not be stored; deliver it again' });
        }
        const { event, duplicate } = recorded;
        observer.received(handler.source, duplicate);
        span.setAttributes({ ...webhookEventAttributes(event), [WEBHOOK_ATTRIBUTES.duplicate]: duplicate });
        request.log.info(
          { source: handler.source, type: event.type, webhookEvent: event.id, duplicate },
          'webhook received',
        );
        // Applied under this span, though after it has ended: the application continues the intake's trace.
        if (!duplicate)
          reply.raw.once(
            'finish',
            context.bind(context.active(), () => void processor.apply(event)),
          );
        // The receipt names the event as the API does, so it can be asked for as it is (`node(id:)`, a replay).
        return reply.code(200).send(answer ?? { received: true, id: WEBHOOK_EVENT_ID.show(event.id), duplicate });
      }),
    });
  }
  if (handler.exchanges !== undefined) await app.register(handler.exchanges);
};
