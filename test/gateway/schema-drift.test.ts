import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import {
  buildGatewaySchema,
  printGatewaySchema,
  printSubgraphSchema,
  SCHEMA_FILE,
  SUBGRAPH_FILE,
} from '../../schema/build.js';

test('schema/schema.graphql and schema/subgraph.graphql are what the classes build (run `npm run schema:emit` after changing them)', async () => {
  const schema = await buildGatewaySchema();
  assert.equal(await readFile(SCHEMA_FILE, 'utf8'), printGatewaySchema(schema));
  assert.equal(await readFile(SUBGRAPH_FILE, 'utf8'), await printSubgraphSchema(schema));
});
