import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  getVariableValues,
  TypeInfo,
  ValidationContext,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { createComplexityRule, type ComplexityEstimator } from 'graphql-query-complexity';

/** One operation as its limits see it, measured before it runs. */
export interface OperationShape {
  /** Its deepest selection, as GraphQL Armor counts it (a fragment spread is a level; `__schema` is not counted). */
  depth: number;
  /** Its aliases, as GraphQL Armor counts them (`__typename` aliases are free), each fragment once per spread. */
  aliases: number;
  /**
   * What it costs (src/graphql/limits/field-cost.ts), rounded up; undefined when it has too many fields to price,
   * which is a refusal of its own.
   */
  cost: number | undefined;
}

/** Coercing variables stops at the first that does not fit: whether they fit is all the meter needs to know. */
const ONE_ERROR = { maxErrors: 1 };

/** A validation rule that does its whole work when it enters and leaves an operation, as these three do. */
type OperationRule = (context: ValidationContext) => { readonly OperationDefinition: Record<string, unknown> };

/**
 * Runs `rule` on `operation` alone, calling its hooks as graphql-js's walk would (on the rule's own visitor: they are
 * not bound to it). Each of these rules walks the operation itself when it enters it, so the walk graphql-js would
 * make over the whole document around them, with its type information at every field, is work for nothing.
 */
function runOn(rule: OperationRule, context: ValidationContext, operation: OperationDefinitionNode): void {
  const visitor = rule(context);
  for (const hook of ['enter', 'leave'] as const) {
    const run = visitor.OperationDefinition[hook];
    if (typeof run === 'function') run.call(visitor, operation);
  }
}

/**
 * Measures operations of the gateway's schema: depth and aliases with GraphQL Armor's rules, cost with
 * graphql-query-complexity's and the gateway's estimator, with the operation's variables (`first: $n` costs what
 * `$n` says). With no ceiling the rules only count and report what they counted; the gate compares it with the
 * caller's limits and words the refusal.
 */
export class OperationMeter {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly estimator: ComplexityEstimator,
    /**
     * The most fields pricing walks, each fragment once per spread: fragments spread within fragments multiply what
     * a short document selects, and such an operation is refused rather than priced.
     */
    readonly maxFields: number,
  ) {}

  /**
   * Shapes already measured, by operation: Apollo Server hands the same parsed document back for the same text, so a
   * repeated operation is measured once. Depth and aliases are the text's alone; the cost is too when the operation
   * declares no variables.
   */
  private readonly measured = new WeakMap<OperationDefinitionNode, OperationShape>();

  /**
   * The shape of `operation` (one of `document`'s, which has passed validation) with `variables`; undefined when the
   * variables do not fit the operation, which its execution reports before any resolver runs.
   */
  measure(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Readonly<Record<string, unknown>> | null | undefined,
  ): OperationShape | undefined {
    const known = this.measured.get(operation);
    const fixedCost = (operation.variableDefinitions?.length ?? 0) === 0;
    if (known !== undefined && fixedCost) return known;

    // Variables that do not fit are found at their first misfit. graphql-query-complexity coerces them with no limit on
    // errors: a list of 50,000 wrong items made 100,000 GraphQLErrors, each with its stack, before anything answered
    // (half the fuzz's CPU). Execution reports them, at most 50.
    if (
      !fixedCost &&
      'errors' in getVariableValues(this.schema, operation.variableDefinitions!, variables ?? {}, ONE_ERROR)
    ) {
      return undefined;
    }
    const problems: GraphQLError[] = [];
    const context = new ValidationContext(this.schema, document, new TypeInfo(this.schema), (error) =>
      problems.push(error),
    );
    let cost: number | undefined;
    const complexity = createComplexityRule({
      maximumComplexity: Number.POSITIVE_INFINITY,
      estimators: [this.estimator],
      variables: { ...variables },
      maxQueryNodes: this.maxFields,
      // Fractions come from batched fields (a line's share of a stock call): the operation pays whole calls.
      onComplete: (total) => (cost = Math.ceil(total)),
    });
    try {
      runOn(complexity, context, operation);
    } catch {
      // Its one throw: the walk reached `maxFields`.
      cost = undefined;
    }
    // What it reports of a valid document: variables that do not fit.
    if (problems.length > 0) return undefined;
    if (known !== undefined) return { ...known, cost };
    const counted = { depth: 0, aliases: 0 };
    const count = (into: keyof typeof counted) => [(_context: unknown, { n }: { n: number }) => (counted[into] = n)];
    runOn(maxDepthRule({ n: Number.POSITIVE_INFINITY, onAccept: count('depth') }), context, operation);
    runOn(maxAliasesRule({ n: Number.POSITIVE_INFINITY, onAccept: count('aliases') }), context, operation);
    const shape = { ...counted, cost };
    this.measured.set(operation, shape);
    return shape;
  }
}
