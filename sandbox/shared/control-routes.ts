import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { SandboxTrafficControl } from './sandbox-control.js';

/**
 * Reads a /_sandbox body with the simulator's own validation, which throws what its error handler answers in the
 * marketplace's error shape when the body does not fit.
 */
export type BodyParser = <S extends z.ZodType>(schema: S, body: unknown) => z.output<S>;

/** Described, so a simulator whose refusals carry no field list can say what it expected. */
export const advanceClockBody = z.object({ seconds: z.number() }).describe('{"seconds": <number>}');

/**
 * A fault as a human asks for one over HTTP (SandboxFault without the pattern: `path` is the exact path). Bounded,
 * so a typo cannot leave a simulator failing for good: at most 1,000 requests, a status that is an error, a hold of
 * at most a minute.
 */
export const injectFaultBody = z
  .object({
    method: z.string().min(1).max(10).optional(),
    path: z.string().startsWith('/').max(500).optional(),
    status: z.number().int().min(400).max(599).optional(),
    code: z.string().min(1).max(100).optional(),
    count: z.number().int().min(1).max(1000).optional(),
    afterProcessing: z.boolean().optional(),
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    holdMs: z.number().int().min(0).max(60_000).optional(),
  })
  .strict()
  .describe(
    '{"method"?, "path"?, "status"? (400-599), "code"?, "count"? (1-1000), "afterProcessing"?, "retryAfterSeconds"?, "holdMs"?}',
  );

export interface TrafficRouteOptions {
  parseBody: BodyParser;
  /** Writes the clock's time in answers, the way the marketplace writes its timestamps. */
  timestamp(at: Date): string;
}

/**
 * The /_sandbox routes every simulator offers a human for its traffic, faults and clock (SandboxTrafficControl). Like
 * every /_sandbox route, they skip the marketplace's authentication, rate limit, injected faults and request log.
 */
export function trafficRoutes(control: SandboxTrafficControl, options: TrafficRouteOptions): FastifyPluginAsync {
  return async (app) => {
    app.post('/clock/advance', async (request) => {
      control.advanceClock(options.parseBody(advanceClockBody, request.body).seconds);
      return { now: options.timestamp(control.now()) };
    });
    // What the tests do through SandboxTrafficControl, for an operator trying the gateway by hand: a marketplace
    // answering 429 or 503 moves the gateway's retries, breakers and metrics (README, Operations).
    app.post('/faults', async (request) => {
      control.injectFault(options.parseBody(injectFaultBody, request.body));
      return { injected: true };
    });
    app.delete('/faults', async () => {
      control.clearFaults();
      return { cleared: true };
    });
  };
}
