import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import ts from 'typescript';

/** The repository root (this test runs from dist/test/unit). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The layers below GraphQL: the domain, the marketplaces' datasources and the HTTP layer under them. They speak the
 * domain (src/domain) and leave GraphQL to schema/, resolvers/ and src/graphql/, so that the API could change its
 * shape, or a second one be added, without touching a marketplace.
 */
const BELOW_GRAPHQL = ['src/domain', 'datasources', 'src/http'];

/** Folders of the GraphQL layer, as paths from the root. */
const GRAPHQL_FOLDERS = ['schema', 'resolvers', 'src/graphql'];

/** Packages that are GraphQL server code. */
function isGraphQLPackage(specifier: string): boolean {
  return (
    specifier === 'graphql' ||
    specifier.startsWith('graphql/') ||
    specifier === 'type-graphql' ||
    specifier.startsWith('type-graphql/') ||
    specifier.startsWith('@apollo/')
  );
}

/**
 * Marketplacer's Operator API is itself a GraphQL API: its client parses the operations it sends, and the generated
 * SDK types them with graphql's DocumentNode. That is the parser of a marketplace's wire format, not the gateway's
 * GraphQL layer, so that folder may import the `graphql` package, and nothing else of the list.
 */
function mayImportGraphQLPackage(file: string): boolean {
  return file.startsWith('datasources/marketplacer/');
}

/** What is wrong with one import of `file` (a path from the root), or undefined when nothing is. */
function violation(file: string, specifier: string): string | undefined {
  if (isGraphQLPackage(specifier)) {
    const parserOnly = specifier === 'graphql' || specifier.startsWith('graphql/');
    return parserOnly && mayImportGraphQLPackage(file) ? undefined : `imports '${specifier}'`;
  }
  if (!specifier.startsWith('.')) return undefined;
  const target = relative(ROOT, resolve(ROOT, dirname(file), specifier)).split(sep).join('/');
  const folder = GRAPHQL_FOLDERS.find((graphql) => target === graphql || target.startsWith(`${graphql}/`));
  return folder === undefined ? undefined : `imports ${folder}/ ('${specifier}')`;
}

/** Every import of a source text: static, type-only, re-exports and dynamic `import()` alike. */
function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((imported) => imported.fileName);
}

/** `file: what it imports` for each forbidden import of the source text. */
function violations(file: string, source: string): string[] {
  return importsOf(source).flatMap((specifier) => {
    const wrong = violation(file, specifier);
    return wrong === undefined ? [] : [`${file}: ${wrong}`];
  });
}

/** The TypeScript sources under a folder, as paths from the root. */
function sourcesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return sourcesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the layers below GraphQL import no GraphQL code', () => {
  for (const folder of BELOW_GRAPHQL) {
    test(`${folder}/ imports neither graphql, type-graphql, schema/, resolvers/ nor src/graphql/`, () => {
      const files = sourcesUnder(folder);
      assert.ok(files.length > 0, `${folder} has sources`);
      const found = files.flatMap((file) => violations(file, readFileSync(join(ROOT, file), 'utf8')));
      const advice = 'move what these need into src/domain, or the code into the GraphQL layer';
      assert.deepEqual(found, [], `${advice}:\n${found.join('\n')}`);
    });
  }

  test('a wrong import is named with its file, whatever form it takes', () => {
    const source = [
      "import { GraphQLError } from 'graphql';",
      "import type { Order } from '../../schema/order.js';",
      "export { badUserInput } from '../../src/graphql/errors.js';",
      "const later = () => import('type-graphql');",
      "import { Marketplace } from '../../src/domain/marketplace.js';",
      "import DataLoader from 'dataloader';",
    ].join('\n');
    assert.deepEqual(violations('datasources/noon/example.ts', source), [
      "datasources/noon/example.ts: imports 'graphql'",
      "datasources/noon/example.ts: imports schema/ ('../../schema/order.js')",
      "datasources/noon/example.ts: imports src/graphql/ ('../../src/graphql/errors.js')",
      "datasources/noon/example.ts: imports 'type-graphql'",
    ]);
  });

  test('only Marketplacer, whose API is GraphQL, may use the graphql parser, and nothing more', () => {
    assert.deepEqual(violations('datasources/marketplacer/client.ts', "import { parse } from 'graphql';"), []);
    assert.deepEqual(violations('datasources/marketplacer/client.ts', "import { Field } from 'type-graphql';"), [
      "datasources/marketplacer/client.ts: imports 'type-graphql'",
    ]);
    assert.deepEqual(violations('src/http/http-client.ts', "import { parse } from 'graphql';"), [
      "src/http/http-client.ts: imports 'graphql'",
    ]);
  });
});

test('importing the domain registers nothing with type-graphql: only schema/ puts it in the schema', async () => {
  const compiled = sourcesUnder('src/domain').map((file) => join(ROOT, 'dist', file.replace(/\.ts$/, '.js')));
  for (const module of compiled) await import(pathToFileURL(module).href);
  // type-graphql keeps what is registered in one process-wide storage; importing it here only to read that.
  const { getMetadataStorage } = await import('type-graphql');
  const storage = getMetadataStorage();
  const registered = {
    enums: storage.enums.map((enumType) => enumType.name),
    objectTypes: storage.objectTypes.map((objectType) => objectType.name),
  };
  assert.deepEqual(registered, { enums: [], objectTypes: [] });
});
