import { getNamedType, isCompositeType } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { Extensions } from 'type-graphql';
import type { UpstreamCalls } from './upstream-calls.js';

/**
 * What a field costs beyond the objects it answers, declared beside the field with `@Cost` (README, Limits). An
 * operation's cost is the sum over its fields of
 *
 *   calls + items × (1 for an object, 0 for a scalar, + what the field selects)
 *
 * so each object the answer can hold costs 1, each upstream call the field can cause costs 1, and a list sized by
 * an argument (`first`, the SKUs asked) pays for what it selects that many times. A list without such an argument
 * (an order's lines) counts once.
 */
export interface FieldCost<Args = Record<string, unknown>> {
  /** Upstream calls one resolution of the field can cause, from its arguments and this gateway's marketplaces. */
  calls?(args: Args, upstream: UpstreamCalls): number;
  /** How many items its answer holds, from its arguments (`first`, the number of SKUs); 1 when absent. */
  items?(args: Args): number;
}

/**
 * Declares what a field costs (a root field, or a field of an object that reaches a marketplace or holds a list).
 * `Args` are the field's arguments as graphql-js coerced them, with defaults applied: the resolver's own.
 */
export function Cost<Args>(cost: FieldCost<Args>): MethodDecorator & PropertyDecorator {
  return Extensions({ cost });
}

/** A list of `first` items, never more than `max` (the resolver refuses more, with its own message). */
export function upTo(max: number): (args: { first: number }) => number {
  return ({ first }) => Math.min(Math.max(0, first), max);
}

function isFieldCost(value: unknown): value is FieldCost {
  return typeof value === 'object' && value !== null;
}

/**
 * The one estimator graphql-query-complexity runs over an operation: every field has a cost, `@Cost` or not (a
 * scalar 0, an object 1 plus what it selects), so no field is left unpriced.
 */
export function fieldCostEstimator(upstream: UpstreamCalls): ComplexityEstimator {
  return ({ field, args, childComplexity }) => {
    const declared = field.extensions.cost;
    const cost: FieldCost = isFieldCost(declared) ? declared : {};
    const own = isCompositeType(getNamedType(field.type)) ? 1 : 0;
    const items = Math.max(0, cost.items?.(args) ?? 1);
    return (cost.calls?.(args, upstream) ?? 0) + items * (own + childComplexity);
  };
}
