import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * One log line per request, written when it is answered: the request (method, URL, address), the status and the
 * time taken. Fastify's default is two (received, then completed); at `info` the second line was a sixth of what a
 * small request costs (bench/README.md), and a request that never completes is bounded by the server's timeouts.
 * Requests whose route logs them itself (`logsItself`: the webhooks) get no line here. Fastify's other lines
 * (errors, unknown routes) stay as they are.
 */
export class OneLinePerRequest extends LogController {
  constructor(logsItself: (url: string) => boolean) {
    super({ disableRequestLogging: (request) => logsItself(request.url) });
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
