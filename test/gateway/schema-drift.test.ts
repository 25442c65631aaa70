import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { buildGatewaySchema, printGatewaySchema, SCHEMA_FILE } from '../../schema/build.js';

test('schema/schema.graphql is the schema the classes build (run `npm run schema:emit` after changing them)', async () => {
  const committed = await readFile(SCHEMA_FILE, 'utf8');
  const built = printGatewaySchema(await buildGatewaySchema());
  assert.equal(committed, built);
});
