import type { FastifyInstance, FastifyReply } from 'fastify';

/** A request the server has not finished answering. */
export interface InFlightRequest {
  /** Its request id (`x-request-id`), as every log line about it carries. */
  id: string;
  method: string;
  url: string;
  /** How long it has been open, in milliseconds. */
  ageMs: number;
}

/** What a shutdown needs to know of, and do with, the requests being answered. */
export interface InFlightRequests {
  /** The requests not yet answered, for a shutdown that runs out of time to name the ones it was waiting for. */
  list(): InFlightRequest[];
  /**
   * For a shutdown: each connection whose request is being answered closes once the answer is sent, instead of
   * being kept alive for the next. Node's `server.close()` closes the connections idle at that moment and then
   * waits for the others to end; one whose answer was sent after it would be kept alive for the client's next
   * request, up to SERVER_KEEP_ALIVE_TIMEOUT_MS (72 s), which nobody sends, and the shutdown would wait for it
   * past its grace. A webhook that arrived just before a SIGTERM did exactly that.
   */
  closeConnectionsWhenAnswered(): void;
}

/** Keeps the requests `app` is answering. A request leaves when its response closes: sent, or its connection gone. */
export function trackInFlightRequests(app: FastifyInstance): InFlightRequests {
  // A set of entries, not a map by id: a caller may send the same x-request-id twice.
  const open = new Set<{ id: string; method: string; url: string; since: number; reply: FastifyReply }>();
  app.addHook('onRequest', async (request, reply) => {
    const entry = { id: request.id, method: request.method, url: request.url, since: performance.now(), reply };
    open.add(entry);
    reply.raw.once('close', () => open.delete(entry));
  });
  return {
    list: () =>
      [...open].map(({ id, method, url, since }) => ({
        id,
        method,
        url,
        ageMs: Math.round(performance.now() - since),
      })),
    closeConnectionsWhenAnswered() {
      for (const { reply } of open) {
        // Said in the answer, so the client does not send its next request on a connection about to close; Node
        // then ends the connection after the answer.
        if (!reply.raw.headersSent) reply.header('connection', 'close');
        else {
          // Already on its way: ended once it is sent (by then the response has let go of its socket).
          const { socket } = reply.raw;
          reply.raw.once('finish', () => socket?.end());
        }
      }
    },
  };
}
