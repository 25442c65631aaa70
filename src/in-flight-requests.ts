import type { FastifyInstance } from 'fastify';

/** A request the server has not finished answering. */
export interface InFlightRequest {
  /** Its request id (`x-request-id`), as every log line about it carries. */
  id: string;
  method: string;
  url: string;
  /** How long it has been open, in milliseconds. */
  ageMs: number;
}

/**
 * Keeps the requests `app` is answering, so a shutdown that runs out of time can name the ones it was waiting for.
 * A request leaves when its response closes: sent, or its connection gone, whichever comes first.
 */
export function trackInFlightRequests(app: FastifyInstance): () => InFlightRequest[] {
  // A set of entries, not a map by id: a caller may send the same x-request-id twice.
  const open = new Set<{ id: string; method: string; url: string; since: number }>();
  app.addHook('onRequest', async (request, reply) => {
    const entry = { id: request.id, method: request.method, url: request.url, since: performance.now() };
    open.add(entry);
    reply.raw.once('close', () => open.delete(entry));
  });
  return () => [...open].map(({ since, ...entry }) => ({ ...entry, ageMs: Math.round(performance.now() - since) }));
}
