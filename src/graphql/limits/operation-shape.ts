import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  getVariableValues,
  validate,
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

/** The counts of GraphQL Armor's rules for each operation of `document`, in the document's order. */
function armorCounts(schema: GraphQLSchema, document: DocumentNode): { depths: number[]; aliases: number[] } {
  const depths: number[] = [];
  const aliases: number[] = [];
  // With no ceiling, the rules only count, and report each operation's count to onAccept: the limits (the caller's
  // own) are compared by the gate, which words the refusal.
  validate(schema, document, [
    maxDepthRule({ n: Number.POSITIVE_INFINITY, onAccept: [(_context, { n }: { n: number }) => depths.push(n)] }),
    maxAliasesRule({ n: Number.POSITIVE_INFINITY, onAccept: [(_context, { n }: { n: number }) => aliases.push(n)] }),
  ]);
  return { depths, aliases };
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
    const { errors } = getVariableValues(this.schema, operation.variableDefinitions ?? [], variables ?? {});
    if (errors !== undefined) return undefined;
    const index = document.definitions
      .filter((definition) => definition.kind === 'OperationDefinition')
      .indexOf(operation);
    const counts = armorCounts(this.schema, document);
    return {
      depth: counts.depths[index] ?? 0,
      aliases: counts.aliases[index] ?? 0,
      cost: this.cost(document, operation, variables ?? {}),
    };
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
      // The variables fit and the document is valid, so what is left is the walk stopping at `maxFields`.
      return undefined;
    }
  }
}
