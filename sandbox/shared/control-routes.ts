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

export interface TrafficRouteOptions {
  parseBody: BodyParser;
  /** Writes the clock's time in answers, the way the marketplace writes its timestamps. */
  timestamp(at: Date): string;
}

/**
 * The /_sandbox routes every simulator offers a human for its traffic and clock (SandboxTrafficControl). Like
 * every /_sandbox route, they skip the marketplace's authentication, rate limit, injected faults and request log.
 */
export function trafficRoutes(control: SandboxTrafficControl, options: TrafficRouteOptions): FastifyPluginAsync {
  return async (app) => {
    app.post('/clock/advance', async (request) => {
      control.advanceClock(options.parseBody(advanceClockBody, request.body).seconds);
      return { now: options.timestamp(control.now()) };
    });
  };
}
