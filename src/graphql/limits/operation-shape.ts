import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  getVariableValues,
  TypeInfo,
  ValidationContext,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/** One operation as its limits see it, measured before it runs. */
export interface OperationShape {
  /** Its deepest selection, as GraphQL Armor counts it (a fragment spread is a level; `__schema` is not counted). */
  depth: number;
  /** Its aliases, as GraphQL Armor counts them (`__typename` aliases are free), each fragment once per spread. */
  aliases: number;
  /**
   * What it costs (src/graphql/limits/field-cost.ts), rounded up; undefined when it has too many fields to price,
   * which is a refusal of its own. Never undefined for want of variables: see `measure`.
   */
  cost: number | undefined;
}

/**
 * `operation`'s depth and aliases as GraphQL Armor's rules count them. Each rule does its own walk of the operation
 * when it enters it, so only that node is handed to it, not the whole document (a full validation walk would visit
 * every field of every operation for nothing). With no ceiling the rules only count, and tell onAccept.
 */
function armorCounts(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): { depth: number; aliases: number } {
  const counts = { depth: 0, aliases: 0 };
  const context = new ValidationContext(schema, document, new TypeInfo(schema), () => undefined);
  const count = (into: keyof typeof counts) => [(_context: unknown, { n }: { n: number }) => (counts[into] = n)];
  const rules = [
    maxDepthRule({ n: Number.POSITIVE_INFINITY, onAccept: count('depth') }),
    maxAliasesRule({ n: Number.POSITIVE_INFINITY, onAccept: count('aliases') }),
  ];
  for (const rule of rules) {
    const visitor = rule(context);
    // As graphql-js's walk would call it: on the rule's visitor (max-depth's `enter` is not bound to it).
    (visitor.OperationDefinition as { enter(this: unknown, node: OperationDefinitionNode): void }).enter.call(
      visitor,
      operation,
    );
  }
  return counts;
}

/**
 * Measures operations of the gateway's schema: depth and aliases with GraphQL Armor's counting, cost with
 * graphql-query-complexity and the gateway's estimator, with the operation's variables (`first: $n` costs what `$n`
 * says).
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
   * The shape of `operation` (one of `document`'s, which has passed validation) with `variables`; undefined when the
   * variables do not fit the operation, which its execution reports before any resolver runs.
   */
  measure(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Readonly<Record<string, unknown>> | null | undefined,
  ): OperationShape | undefined {
    const cost = this.cost(document, operation, variables ?? {});
    // Pricing coerces the variables itself: only when it fails is it worth asking whether they were the reason.
    const { errors } =
      cost === undefined ? getVariableValues(this.schema, operation.variableDefinitions ?? [], variables ?? {}) : {};
    if (errors !== undefined) return undefined;
    return { ...armorCounts(this.schema, document, operation), cost };
  }

  private cost(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Readonly<Record<string, unknown>>,
  ): number | undefined {
    try {
      const cost = getComplexity({
        schema: this.schema,
        query: document,
        variables: { ...variables },
        operationName: operation.name?.value,
        estimators: [this.estimator],
        maxQueryNodes: this.maxFields,
      });
      // Fractions come from batched fields (a line's share of a stock call): the operation pays whole calls.
      return Math.ceil(cost);
    } catch {
      // The document is valid: either the variables do not fit (see `measure`) or the walk stopped at `maxFields`.
      return undefined;
    }
  }
}
