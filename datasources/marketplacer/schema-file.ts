import { fileURLToPath } from 'node:url';

/**
 * The SDL of the Operator API subset we use: GraphQL Code Generator types the client from it (codegen.yml) and the
 * simulator executes it, so both read this one file. This module runs from dist/datasources/marketplacer.
 */
export const OPERATOR_API_SDL_FILE = fileURLToPath(
  new URL('../../../datasources/marketplacer/operator-api.graphql', import.meta.url),
);
