import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { MapperKind, mapSchema, printSchemaWithDirectives } from '@graphql-tools/utils';
import { graphql, GraphQLObjectType, isObjectType, lexicographicSortSchema, parse, type GraphQLSchema } from 'graphql';
import { createResolversMap } from 'type-graphql';

/**
 * The Federation 2 version the subgraph links: 2.3 has all it uses (`@key`), and every router that composes
 * Federation 2 (Apollo Router, Hive Gateway, Cosmo) reads it.
 */
export const FEDERATION_SPEC = 'https://specs.apollo.dev/federation/v2.3';

/** Only what the SDL uses is imported from the spec, so nothing else takes a name in our schema. */
const LINK = `extend schema @link(url: "${FEDERATION_SPEC}", import: ["@key"])`;

/**
 * The schema type-graphql built, as an Apollo Federation 2 subgraph, the way type-graphql documents it: its SDL with
 * the spec linked, and its resolvers (type-graphql's own, with the auth checker, middlewares and validation inside),
 * given to `@apollo/subgraph`'s `buildSubgraphSchema`, which adds `_service` and `_entities`. The SDL does not carry
 * what type-graphql keeps in extensions (`@Cost`, `@Entity`), so they are brought over from the built schema.
 */
export function asSubgraph(built: GraphQLSchema): GraphQLSchema {
  const subgraph = buildSubgraphSchema({
    // Sorted, so that `_service { sdl }` (schema/subgraph.graphql) lists types as schema/schema.graphql does.
    typeDefs: parse(`${LINK}\n${printSchemaWithDirectives(lexicographicSortSchema(built))}`),
    resolvers: createResolversMap(built) as GraphQLResolverMap<unknown>,
  });
  return mapSchema(subgraph, {
    [MapperKind.OBJECT_TYPE]: (type) => {
      const extensions = built.getType(type.name)?.extensions ?? {};
      if (Object.keys(extensions).length === 0) return type;
      const config = type.toConfig();
      return new GraphQLObjectType({ ...config, extensions: { ...extensions, ...config.extensions } });
    },
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const type = built.getType(typeName);
      const extensions = (isObjectType(type) && type.getFields()[fieldName]?.extensions) || {};
      if (Object.keys(extensions).length === 0) return field;
      return { ...field, extensions: { ...extensions, ...field.extensions } };
    },
  });
}

/** The subgraph's SDL as a router reads it: what `_service { sdl }` answers (schema/subgraph.graphql). */
export async function subgraphSdl(subgraph: GraphQLSchema): Promise<string> {
  const { data, errors } = await graphql({ schema: subgraph, source: '{ _service { sdl } }' });
  const sdl = (data?._service as { sdl?: unknown } | undefined)?.sdl;
  if (typeof sdl !== 'string') throw new Error(`_service { sdl } did not answer: ${String(errors)}`);
  return sdl;
}
