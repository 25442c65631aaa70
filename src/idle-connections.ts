import type { FastifyInstance } from 'fastify';

/**
 * While `app` closes, each connection is closed as soon as it falls idle, not only those idle when the close began.
 * Node's `server.close()` closes the connections idle at that moment and then waits for the others to end; a
 * connection whose request was answered after that is kept alive for the client's next request, up to
 * SERVER_KEEP_ALIVE_TIMEOUT_MS (72 s), which the shutdown would wait for past its grace. A webhook arriving just
 * before a SIGTERM did exactly that. A request that does come on such a connection meanwhile is answered 503 with
 * `Connection: close` by Fastify.
 *
 * Looked for every `everyMs` during the close rather than per request: nothing is added to a request's way.
 */
export function closeIdleConnectionsWhileClosing(app: FastifyInstance, everyMs = 100): void {
  let sweeping: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    sweeping = setInterval(() => app.server.closeIdleConnections(), everyMs).unref();
  });
  // After the server has closed: nothing is left to look at.
  app.addHook('onClose', async () => clearInterval(sweeping));
}
