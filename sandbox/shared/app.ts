import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import type { LoggedRequest, RequestLog } from './request-log.js';
import type { TrafficControl } from './traffic.js';

/** What every simulator's server is built on besides its marketplace's own parts. */
export interface ServerParts {
  traffic: TrafficControl;
  log: RequestLog<LoggedRequest>;
  /** Fastify logger option; none when undefined. */
  logger: FastifyServerOptions['logger'] | undefined;
}

/** An answer in the marketplace's error shape. */
export interface Refusal {
  status: number;
  body: unknown;
  /** Headers it carries (WWW-Authenticate). */
  headers?: Record<string, string>;
}

/** How a marketplace words every error its simulator answers, the /_sandbox routes' too. */
export interface ErrorShape {
  /** The refusal `error` is, when it is one of the marketplace's; undefined when the marketplace throws none. */
  refusal?(error: Error): Refusal | undefined;
  /**
   * Fastify's own 4xx errors, which all come from reading the body (invalid or empty JSON, another media type, too
   * large), and any other error with a 4xx `statusCode`: a body the marketplace cannot read.
   */
  unreadable(message: string): Refusal;
  /** Anything else, a bug in the simulator (logged). */
  internal(): Refusal;
}

function answerError(shape: ErrorShape) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const status = error.statusCode ?? 500;
    let refusal = shape.refusal?.(error);
    if (refusal === undefined && status >= 400 && status < 500) refusal = shape.unreadable(error.message);
    if (refusal === undefined) {
      request.log.error(error);
      refusal = shape.internal();
    }
    return reply
      .code(refusal.status)
      .headers(refusal.headers ?? {})
      .send(refusal.body);
  };
}

/** What a simulator's server holds of its marketplace. */
export interface MarketplaceParts {
  /** Largest request body in bytes, where the marketplace takes more than Fastify's default 1 MiB. */
  bodyLimit?: number;
  errors: ErrorShape;
  /** The simulator's /_sandbox routes (for humans: no authentication, and none of the API's hooks). */
  controlRoutes: FastifyPluginAsync;
  /**
   * Where the log, the traffic controls and the guard see a request: as it arrives (`onRequest`, the default), or
   * once its body is read (`preHandler`), for a log that names a request by its body (a GraphQL operation).
   */
  inspectAt?: 'onRequest' | 'preHandler';
  /** The marketplace's own check of every API request (credentials, User-Agent), made after the rate limit and faults. */
  guard?: (request: FastifyRequest) => Promise<void>;
  /** The marketplace's body for a 404 to a path no route serves, worded by `message`. */
  notFound(message: string): unknown;
  /** The marketplace's API. */
  api: FastifyPluginAsync;
}

/**
 * A simulator's server: its /_sandbox routes, and its API wrapped in the hooks an API gateway applies. Order
 * matters: the log sees the request first; the rate limit and faults strike before the marketplace's own check;
 * on the way out the late faults rewrite the answer before the log reads its status.
 *
 * Closing it drops its connections at once, even one whose request is still being delayed by injected latency:
 * otherwise that connection outlives `close()` until its keep-alive timeout, holding the process (and a test run)
 * open for over a minute.
 */
export function simulatorApp(server: ServerParts, parts: MarketplaceParts): FastifyInstance {
  const { traffic, log } = server;
  const app = Fastify({
    logger: server.logger ?? false,
    forceCloseConnections: true,
    ...(parts.bodyLimit === undefined ? {} : { bodyLimit: parts.bodyLimit }),
  });
  app.setErrorHandler(answerError(parts.errors));
  app.register(parts.controlRoutes, { prefix: '/_sandbox' });

  app.register(async (api) => {
    for (const hook of [log.record, traffic.onRequest, ...(parts.guard === undefined ? [] : [parts.guard])]) {
      if (parts.inspectAt === 'preHandler') api.addHook('preHandler', hook);
      else api.addHook('onRequest', hook);
    }
    api.addHook('onSend', traffic.onSend);
    api.addHook('onSend', log.onSend);
    api.setNotFoundHandler(async (request, reply) =>
      reply.code(404).send(parts.notFound(`No route for ${request.method} ${request.url}`)),
    );
    await api.register(parts.api);
  });
  return app;
}
