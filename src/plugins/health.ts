import type { FastifyPluginAsync } from 'fastify';

/** Resolves when a dependency can serve; rejects with the reason it cannot. */
export type Probe = () => Promise<void>;

/** One named check of `/readyz`. */
export interface ReadinessCheck {
  probe: Probe;
  /**
   * Whether its failure makes the instance not ready (503): the store, without which it can neither store a webhook
   * nor answer an order. A failure that is not fatal leaves it ready but `degraded` (200): a marketplace's (down for
   * every instance alike, while the others still serve, webhooks included) and Redis's (the gateway works on without
   * it, each instance on its own: README, "Several instances").
   */
  fatal: boolean;
  /** What to show beside the outcome, whatever it is, e.g. `{ breaker: 'open' }`. */
  details?: () => Record<string, string>;
}

export interface HealthPluginOptions {
  /** The checks `/readyz` runs, by the name its body shows: `store`, `redis`, `noon`, … */
  checks: Record<string, ReadinessCheck>;
}

/**
 * How long one check may take: a probe that has not answered by then has failed. A dependency that hangs (MongoDB
 * gone, whose driver waits 30 s for a server) would otherwise hold the answer past any load balancer's patience, and
 * nobody would see which check it was.
 */
const CHECK_TIMEOUT_MS = 2000;

/** What `/readyz` says: ready (200), ready with Redis or a marketplace failing (200), or not ready (503). */
type Readiness = 'ready' | 'degraded' | 'not ready';

/**
 * `/healthz`: the process is up (for a liveness probe: restart me if this fails).
 * `/readyz`: every dependency the gateway needs answers (for a load balancer: send me traffic), with each check's
 * outcome by name in the body, so an operator sees which one is down and whether it is fatal.
 */
export const healthPlugin: FastifyPluginAsync<HealthPluginOptions> = async (app, options) => {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (request, reply) => {
    const entries = Object.entries(options.checks);
    const outcomes = await Promise.allSettled(entries.map(([name, check]) => withinTimeout(name, check.probe)));
    let status: Readiness = 'ready';
    const checks: Record<string, Record<string, unknown>> = {};
    for (const [index, [name, check]] of entries.entries()) {
      const outcome = outcomes[index]!;
      // After the probe: a marketplace's probe may be the call that closes its breaker again.
      const details = check.details?.() ?? {};
      if (outcome.status === 'fulfilled') {
        checks[name] = { ready: true, ...details };
        continue;
      }
      checks[name] = { ready: false, ...details, error: String(outcome.reason?.message ?? outcome.reason) };
      status = check.fatal ? 'not ready' : status === 'ready' ? 'degraded' : status;
    }
    if (status !== 'ready') request.log.warn({ checks }, status);
    return reply.code(status === 'not ready' ? 503 : 200).send({ status, checks });
  });
};

function withinTimeout(name: string, probe: Probe): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([Promise.resolve().then(probe), timeout]).finally(() => clearTimeout(timer));
}
