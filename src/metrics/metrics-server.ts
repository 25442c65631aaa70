import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.js';

/** Where Prometheus scrapes. */
export const METRICS_PATH = '/metrics';

/**
 * `/metrics` on a port of its own (METRICS_PORT), apart from the API's, so that what the metrics tell (operation
 * names, marketplaces, backlogs) need not be public: the API port may face the internet while this one stays on the
 * internal network. Scrapes are not logged (one every 15 s would fill the log).
 */
export class MetricsServer {
  private readonly app: FastifyInstance;

  constructor(
    registry: Registry,
    logger: Logger,
    private readonly where: { port: number; host: string },
  ) {
    this.app = Fastify({ loggerInstance: logger, logController: new LogController({ disableRequestLogging: true }) });
    this.app.get(METRICS_PATH, async (_request, reply) => {
      const text = await registry.metrics();
      return reply.type(registry.contentType).send(text);
    });
  }

  /** Starts listening; resolves with the URL of `/metrics`. Rejects with Node's listen error (a port taken). */
  async listen(): Promise<string> {
    const { port, host } = this.where;
    await this.app.listen({ port, host });
    const address = this.app.server.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    const named = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
    return `http://${named}:${bound}${METRICS_PATH}`;
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
