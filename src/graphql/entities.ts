import { MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  GraphQLObjectType,
  isObjectType,
  type GraphQLFieldConfig,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { ENTITY_EXTENSION, type EntityKey } from '../../schema/entity.js';
import { BadInput, type FieldProblem } from '../domain/errors.js';
import type { FieldCost } from './limits/field-cost.js';

/** The field a router asks for entities by their keys, as `@apollo/subgraph` names it. */
const ENTITIES_FIELD = '_entities';

/** A representation as a router sends it: the entity's type and its key. */
type Representation = { __typename: string } & Record<string, unknown>;

/** The entity types of `schema` (those declared with `@Entity`), by name. */
function entityTypes(schema: GraphQLSchema): Map<string, EntityKey> {
  return new Map(
    Object.values(schema.getTypeMap()).flatMap((type) => {
      const entity = isObjectType(type) ? (type.extensions[ENTITY_EXTENSION] as EntityKey | undefined) : undefined;
      return entity ? [[type.name, entity] as const] : [];
    }),
  );
}

/** What is wrong with the representation at `index`, or nothing: an object naming an entity type and its key. */
function representationProblem(
  representation: unknown,
  index: number,
  entities: ReadonlyMap<string, EntityKey>,
): FieldProblem | undefined {
  const at = `representations[${index}]`;
  if (typeof representation !== 'object' || representation === null || Array.isArray(representation)) {
    return { field: at, message: 'must be an object naming an entity: { __typename, and its key }' };
  }
  const { __typename: typename } = representation as Record<string, unknown>;
  const entity = typeof typename === 'string' ? entities.get(typename) : undefined;
  if (entity === undefined) {
    return {
      field: `${at}.__typename`,
      message: `must name an entity of this subgraph (${[...entities.keys()].join(', ')})`,
    };
  }
  if (typeof (representation as Record<string, unknown>)[entity.key] !== 'string') {
    return { field: `${at}.${entity.key}`, message: `must be the ${typename}'s ${entity.key}, a string` };
  }
  return undefined;
}

/** `representations`, each checked: BAD_USER_INPUT naming every one at fault, before any is resolved. */
function checkedRepresentations(
  representations: readonly unknown[],
  entities: ReadonlyMap<string, EntityKey>,
): Representation[] {
  const problems = representations.flatMap((representation, index) => {
    const problem = representationProblem(representation, index, entities);
    return problem ? [problem] : [];
  });
  if (problems.length > 0) {
    throw new BadInput(
      `Invalid representations: ${problems.map((problem) => `${problem.field} ${problem.message}`).join('; ')}`,
      problems,
    );
  }
  return representations as Representation[];
}

/**
 * A reference resolved by the entity's root query field (`order(id:)` for an Order) as the executing schema has it:
 * the same role check, marketplace scope, argument checks and per-operation DataLoaders as the field asked directly,
 * so `_entities` shows a caller nothing `order(id:)` would not, and N orders cost what N `order` fields cost.
 */
function resolveByQuery(entity: EntityKey) {
  return (reference: Representation, context: unknown, info: GraphQLResolveInfo): unknown => {
    const query = info.schema.getQueryType()!.getFields()[entity.query]!;
    return query.resolve!(undefined, { [entity.key]: reference[entity.key] }, context, info);
  };
}

/** The entity a representation names and its key, when it names one with a key. */
function referenced(
  reference: unknown,
  entities: ReadonlyMap<string, EntityKey>,
): { entity: EntityKey; key: string } | undefined {
  const fields = typeof reference === 'object' && reference !== null ? (reference as Record<string, unknown>) : {};
  const entity = typeof fields.__typename === 'string' ? entities.get(fields.__typename) : undefined;
  const key = entity && fields[entity.key];
  return entity && typeof key === 'string' ? { entity, key } : undefined;
}

/**
 * What `_entities` costs: each representation what its entity's query field costs (`order(id:)`: one call), and its
 * selection once per representation, so a flood of representations is held to OPERATION_MAX_COST as a flood of
 * `order` fields would be.
 */
function entitiesCost(schema: GraphQLSchema, entities: ReadonlyMap<string, EntityKey>): FieldCost {
  const queryFields = schema.getQueryType()!.getFields();
  // graphql-js coerces one value given for a list argument into a list of one.
  const listed = (representations: unknown): unknown[] =>
    Array.isArray(representations) ? representations : [representations];
  return {
    items: ({ representations }) => listed(representations).length,
    calls: ({ representations }, upstream) =>
      listed(representations).reduce((calls: number, reference) => {
        const found = referenced(reference, entities);
        const cost = found && (queryFields[found.entity.query]?.extensions.cost as FieldCost | undefined);
        return calls + (found && cost?.calls ? cost.calls({ [found.entity.key]: found.key }, upstream) : 0);
      }, 0),
  };
}

/**
 * The subgraph's entities made resolvable: each `@Entity` type resolves a reference through its query field, and
 * `_entities` checks its representations first (a malformed one is BAD_USER_INPUT, never an internal error) and
 * is priced by the operation gate as the query fields it stands for.
 */
export function resolvingEntities(schema: GraphQLSchema): GraphQLSchema {
  const entities = entityTypes(schema);
  const cost = entitiesCost(schema, entities);
  return mapSchema(schema, {
    [MapperKind.OBJECT_TYPE]: (type) => {
      const entity = entities.get(type.name);
      if (entity === undefined) return type;
      const config = type.toConfig();
      const apollo = { subgraph: { resolveReference: resolveByQuery(entity) } };
      return new GraphQLObjectType({ ...config, extensions: { ...config.extensions, apollo } });
    },
    [MapperKind.QUERY_ROOT_FIELD]: (field: GraphQLFieldConfig<unknown, unknown>, fieldName) => {
      if (fieldName !== ENTITIES_FIELD) return field;
      const resolve = field.resolve!;
      const checked: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) =>
        resolve(
          source,
          { ...args, representations: checkedRepresentations(args.representations as unknown[], entities) },
          context,
          info,
        );
      return { ...field, resolve: checked, extensions: { ...field.extensions, cost } };
    },
  });
}
