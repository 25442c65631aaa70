import { z } from 'zod';

/**
 * What one caller's operations are held to (README, Limits): the shape and cost of each operation, checked before it
 * runs, and how many operations and how much cost it may spend a minute. The configuration gives everyone's
 * defaults; an API key's `limits` replaces any of them for its holder.
 */
export interface CallerLimits {
  /** The most an operation may cost (src/graphql/limits/field-cost.ts). */
  maxCost: number;
  /** The deepest selection an operation may make. */
  maxDepth: number;
  /** The most aliases an operation may use. */
  maxAliases: number;
  /** Operations a minute. */
  requestsPerMinute: number;
  /** Cost a minute, over every operation of the caller. */
  costPerMinute: number;
}

/** The largest value any limit takes: beyond it, a limit is as good as none. */
export const UNLIMITED = 1_000_000_000;

const limit = z.number().int().min(1).max(UNLIMITED);

/** An API key's `limits` in AUTH_API_KEYS: any of the limits, each replacing the default for that key. */
export const callerLimitsOverride = z
  .object({
    maxCost: limit,
    maxDepth: limit,
    maxAliases: limit,
    requestsPerMinute: limit,
    costPerMinute: limit,
  })
  .partial()
  .strict();

export type CallerLimitsOverride = z.infer<typeof callerLimitsOverride>;
