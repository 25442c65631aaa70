import type { CallerLimits } from '../../auth/caller-limits.js';
import type { OperationShape } from './operation-shape.js';

/** An operation turned away before any resolver ran: over its limits, or over its caller's budget (README, Limits). */
export interface Refusal {
  message: string;
  /** The `extensions` of its GraphQL error: the code, and the figures behind it. */
  extensions: { code: 'OPERATION_LIMIT_EXCEEDED' | 'RATE_LIMITED'; [figure: string]: unknown };
  /** Over HTTP: 400 for an operation the caller must change, 429 for one to send again later. */
  httpStatus: 400 | 429;
  /** Whole seconds until the caller's budget is renewed (`Retry-After`); only when rate limited. */
  retryAfterSeconds?: number;
}

const figure = (value: number) => value.toLocaleString('en-US');

/**
 * The refusal of an operation whose shape is over `limits`, naming each limit it exceeds; undefined when it is
 * within them. `maxFields` is how far pricing walks.
 */
export function overLimits(shape: OperationShape, limits: CallerLimits, maxFields: number): Refusal | undefined {
  const over: string[] = [];
  if (shape.cost === undefined) {
    over.push(`it selects more than ${figure(maxFields)} fields (each fragment counted where it is spread)`);
  } else if (shape.cost > limits.maxCost) {
    over.push(`it costs ${figure(shape.cost)}, over the limit of ${figure(limits.maxCost)}`);
  }
  if (shape.depth > limits.maxDepth) {
    over.push(`it is ${figure(shape.depth)} levels deep, over the limit of ${figure(limits.maxDepth)}`);
  }
  if (shape.aliases > limits.maxAliases) {
    over.push(`it uses ${figure(shape.aliases)} aliases, over the limit of ${figure(limits.maxAliases)}`);
  }
  if (over.length === 0) return undefined;
  return {
    message: `Operation refused before it ran: ${over.join('; ')}`,
    extensions: {
      code: 'OPERATION_LIMIT_EXCEEDED',
      cost: shape.cost ?? null,
      depth: shape.depth,
      aliases: shape.aliases,
      limits: { cost: limits.maxCost, depth: limits.maxDepth, aliases: limits.maxAliases },
    },
    httpStatus: 400,
  };
}

/** The refusal of an operation over its caller's budget of operations a minute. */
export function tooManyRequests(perMinute: number, retryAfterMs: number): Refusal {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return {
    message: `Rate limited: at most ${figure(perMinute)} operations a minute for this caller; try again in ${seconds} s`,
    extensions: { code: 'RATE_LIMITED', requestsPerMinute: perMinute, retryAfterSeconds: seconds },
    httpStatus: 429,
    retryAfterSeconds: seconds,
  };
}

/** The refusal of an operation costing more than is left of its caller's cost budget this minute. */
export function costBudgetSpent(cost: number, perMinute: number, retryAfterMs: number): Refusal {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return {
    message:
      `Rate limited: what is left of this caller's cost budget (${figure(perMinute)} a minute) cannot pay this ` +
      `operation's cost of ${figure(cost)}; try again in ${seconds} s`,
    extensions: { code: 'RATE_LIMITED', cost, costPerMinute: perMinute, retryAfterSeconds: seconds },
    httpStatus: 429,
    retryAfterSeconds: seconds,
  };
}
