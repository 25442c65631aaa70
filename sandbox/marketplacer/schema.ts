import { readFileSync } from 'node:fs';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { OPERATOR_API_SDL_FILE } from '../../datasources/marketplacer/schema-file.js';
import type { PagingLimits } from './connection.js';
import type { SimulatedMarketplace } from './nodes.js';
import { buildResolvers } from './resolvers.js';

/**
 * The executable Operator API: the very SDL the client's SDK is generated from, with the simulator's resolvers.
 * A resolver for a type or field the SDL does not have fails here, at start.
 */
export function buildSchema(marketplace: SimulatedMarketplace, limits: PagingLimits): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: readFileSync(OPERATOR_API_SDL_FILE, 'utf8'),
    resolvers: buildResolvers(marketplace, limits),
    inheritResolversFromInterfaces: true,
  });
}
