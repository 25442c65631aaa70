import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { PagingLimits } from './connection.js';
import type { SimulatedMarketplace } from './nodes.js';
import { buildResolvers } from './resolvers.js';

/**
 * The Operator API's SDL: the subset of Marketplacer's published schema this project uses, one file that the
 * client's SDK is generated from and the simulator executes. It is the marketplace's own description (as a copy of
 * its published schema would be), so both sides read it; it stays beside the client, where codegen.yml reads it.
 * This module runs from dist/sandbox/marketplacer; the file is read from the source tree, not copied by tsc.
 */
const OPERATOR_API_SDL_FILE = fileURLToPath(
  new URL('../../../datasources/marketplacer/operator-api.graphql', import.meta.url),
);

/**
 * The executable Operator API: that SDL with the simulator's resolvers.
 * A resolver for a type or field the SDL does not have fails here, at start.
 */
export function buildSchema(marketplace: SimulatedMarketplace, limits: PagingLimits): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: readFileSync(OPERATOR_API_SDL_FILE, 'utf8'),
    resolvers: buildResolvers(marketplace, limits),
    inheritResolversFromInterfaces: true,
  });
}
