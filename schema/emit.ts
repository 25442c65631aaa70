import { writeFile } from 'node:fs/promises';
import { buildGatewaySchema, printGatewaySchema, printSubgraphSchema, SCHEMA_FILE, SUBGRAPH_FILE } from './build.js';

/**
 * `npm run schema:emit`: writes schema/schema.graphql (the schema the gateway serves) and schema/subgraph.graphql (its
 * Federation 2 subgraph SDL, for `rover`) from the classes. A test fails while either is stale.
 */

const schema = await buildGatewaySchema();
await writeFile(SCHEMA_FILE, printGatewaySchema(schema));
await writeFile(SUBGRAPH_FILE, await printSubgraphSchema(schema));
console.log(`wrote ${SCHEMA_FILE} and ${SUBGRAPH_FILE}`);
