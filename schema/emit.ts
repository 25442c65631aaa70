import { writeFile } from 'node:fs/promises';
import { buildGatewaySchema, printGatewaySchema, SCHEMA_FILE } from './build.js';

/** `npm run schema:emit`: writes schema/schema.graphql from the classes. A test fails while it is stale. */

await writeFile(SCHEMA_FILE, printGatewaySchema(await buildGatewaySchema()));
console.log(`wrote ${SCHEMA_FILE}`);
