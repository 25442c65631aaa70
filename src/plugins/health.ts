import type { FastifyPluginAsync } from 'fastify';

/** A readiness check: resolves when its dependency can serve, rejects with the reason it cannot. */
export type ReadinessCheck = () => Promise<void>;

export interface HealthPluginOptions {
  /** Named checks that `/readyz` runs, e.g. `noon` (a session can be had). */
  checks: Record<string, ReadinessCheck>;
}

/**
 * `/healthz`: the process is up (for a liveness probe: restart me if this fails).
 * `/readyz`: every dependency the gateway needs answers (for a load balancer: send me traffic), with each
 * check's outcome in the body so an operator sees which one is down.
 */
export const healthPlugin: FastifyPluginAsync<HealthPluginOptions> = async (app, options) => {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (request, reply) => {
    const names = Object.keys(options.checks);
    const outcomes = await Promise.allSettled(names.map((name) => options.checks[name]!()));
    const checks = Object.fromEntries(
      outcomes.map((outcome, index) => [
        names[index],
        outcome.status === 'fulfilled'
          ? { ready: true }
          : { ready: false, error: String(outcome.reason?.message ?? outcome.reason) },
      ]),
    );
    const ready = outcomes.every((outcome) => outcome.status === 'fulfilled');
    if (!ready) request.log.warn({ checks }, 'not ready');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });
};
