import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// The layer rules of .dependency-cruiser.cjs, each shown failing on a deliberately wrong import: the checker runs
// with the repository's own rule file on a small tree laid out like the repository.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');

/** A stand-in for the graphql package, so a fixture can import it the way the repository does. */
const GRAPHQL_PACKAGE = {
  'node_modules/graphql/package.json': JSON.stringify({ name: 'graphql', main: 'index.js', types: 'index.d.ts' }),
  'node_modules/graphql/index.js': 'exports.parse = () => undefined;\n',
  'node_modules/graphql/index.d.ts': 'export declare function parse(): void;\nexport type DocumentNode = object;\n',
};

interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** Writes `files` (path → source) into a fresh folder and answers the violations the rules find there. */
async function violationsIn(files: Record<string, string>): Promise<Violation[]> {
  const dir = await mkdtemp(join(tmpdir(), 'dependency-rules-'));
  try {
    const tsconfig = {
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true },
      include: ['.'],
    };
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    for (const [path, source] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), source);
    }
    const folders = [
      ...new Set(
        Object.keys(files)
          .map((path) => path.split('/')[0]!)
          .filter((folder) => folder !== 'node_modules'),
      ),
    ];
    const { stdout } = await promisify(execFile)(
      DEPCRUISE,
      [...folders, '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json'],
      {
        cwd: dir,
        maxBuffer: 16 * 1024 * 1024,
      },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' })); // it exits non-zero on violations
    const { summary } = JSON.parse(stdout) as {
      summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> };
    };
    return summary.violations.map(({ rule, from, to }) => ({ rule: rule.name, from, to }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('each layer rule fails on a deliberately wrong import, naming the rule and the importing file', async () => {
  const found = await violationsIn({
    'src/main.ts': `import { gateway } from './gateway.js';\nexport const main = gateway;\n`,
    'src/gateway.ts': `import { start } from '../sandbox/start.js';\nexport const gateway = start;\n`,
    'sandbox/start.ts': `import { app } from './noon/app.js';\nexport const start = app;\n`,
    'sandbox/noon/app.ts': `import { wire } from '../../datasources/noon/wire.js';\nexport const app = wire;\n`,
    'datasources/noon/wire.ts': `export const wire = 1;\n`,
    'datasources/noon/mapping.ts': `import { Order } from '../../schema/order.js';\nexport const mapped = Order;\n`,
    'datasources/marketplacer/mapping.ts': `import { Order } from '../../schema/order.js';\nexport const mapped = Order;\n`,
    'datasources/noon/errors.ts': `import { parse } from 'graphql';\nexport const refused = parse;\n`,
    'datasources/marketplacer/client.ts': `import { parse } from 'graphql';\nexport const parsed = parse;\n`,
    ...GRAPHQL_PACKAGE,
    'schema/order.ts': `export const Order = 1;\n`,
    'src/domain/order.ts': `import { errors } from '../graphql/errors.js';\nexport const order = errors;\n`,
    'src/graphql/errors.ts': `export const errors = 1;\n`,
    'src/helpers.ts': `import { helper } from '../test/support/helper.js';\nexport const used = helper;\n`,
    'test/support/helper.ts': `export const helper = 1;\n`,
    'bench/run.ts': `import { helper } from '../test/support/helper.js';\nexport const run = helper;\n`,
    'src/events/a.ts': `import { b } from './b.js';\nexport const a = () => b;\n`,
    'src/events/b.ts': `import { a } from './a.js';\nexport const b = () => a;\n`,
    'datasources/fruugo/mapping.ts': `import { wire } from '../noon/wire.js';\nexport const mapped = wire;\n`,
    'src/webhooks/intake.ts': `import { wire } from '../../datasources/noon/wire.js';\nexport const intake = wire;\n`,
    'resolvers/order.resolver.ts': `import { wire } from '../datasources/noon/wire.js';\nexport const resolver = wire;\n`,
    'clients/typescript/index.ts': `import { order } from '../../src/domain/order.js';\nexport const client = order;\n`,
  });
  // A cycle is reported once, at the file the checker met first.
  const pairs = found.map(({ rule, from }) => `${rule} ${from}`).sort();
  assert.deepEqual(
    [...new Set(pairs)],
    [
      'bench-imports-no-test bench/run.ts',
      'client-stands-alone clients/typescript/index.ts',
      'datasources-free-of-graphql datasources/noon/errors.ts',
      'datasources-free-of-graphql datasources/noon/mapping.ts',
      'datasources-free-of-graphql src/domain/order.ts',
      'domain-imports-nothing-of-ours src/domain/order.ts',
      'generic-webhooks-know-no-marketplace src/webhooks/intake.ts',
      'marketplace-folders-independent datasources/fruugo/mapping.ts',
      'marketplacer-client-only-its-graphql datasources/marketplacer/mapping.ts',
      'marketplacer-graphql-types-only datasources/marketplacer/client.ts',
      'marketplaces-through-the-module-list resolvers/order.resolver.ts',
      'marketplaces-through-the-module-list src/webhooks/intake.ts',
      'no-circular src/events/a.ts',
      'product-imports-no-simulator src/gateway.ts',
      'product-imports-no-test-code src/helpers.ts',
      'production-reaches-no-simulator src/main.ts',
      'simulator-owns-its-wire-format sandbox/noon/app.ts',
    ],
  );
});

test('the allowed shapes pass: the entry loads the simulators with import(), layers import downwards', async () => {
  const found = await violationsIn({
    'src/main.ts': `import { gateway } from './gateway.js';\nexport const main = async () => [gateway, await import('../sandbox/start.js')];\n`,
    'src/gateway.ts': `import { errors } from './graphql/errors.js';\nimport { order } from './domain/order.js';\nexport const gateway = [errors, order];\n`,
    'src/graphql/errors.ts': `import { order } from '../domain/order.js';\nexport const errors = order;\n`,
    'src/domain/order.ts': `export const order = 1;\n`,
    'datasources/noon/mapping.ts': `import { order } from '../../src/domain/order.js';\nexport const mapped = order;\n`,
    'datasources/noon/webhooks/handler.ts': `import { secret } from '../../../src/webhooks/secret.js';\nimport { mapped } from '../mapping.js';\nexport const handler = [secret, mapped];\n`,
    'datasources/noon/index.ts': `import { handler } from './webhooks/handler.js';\nexport const noonModule = handler;\n`,
    'datasources/modules.ts': `import { noonModule } from './noon/index.js';\nexport const MODULES = [noonModule];\n`,
    'src/webhooks/secret.ts': `export const secret = 1;\n`,
    'src/marketplaces.ts': `import { MODULES } from '../datasources/modules.js';\nexport const marketplaces = MODULES;\n`,
    'sandbox/start.ts': `export const start = 1;\n`,
    'datasources/marketplacer/generated/sdk.ts': `import type { DocumentNode } from 'graphql';\nexport type Document = DocumentNode;\n`,
    ...GRAPHQL_PACKAGE,
    'support/gateway.ts': `import { gateway } from '../src/gateway.js';\nexport const started = gateway;\n`,
    'bench/run.ts': `import { started } from '../support/gateway.js';\nexport const run = started;\n`,
    'clients/typescript/generated/graphql.ts': `export const OrderDocument = 1;\n`,
    'clients/typescript/index.ts': `export { OrderDocument } from './generated/graphql.js';\n`,
    'test/client.ts': `import { OrderDocument } from '../clients/typescript/index.js';\nexport const used = OrderDocument;\n`,
  });
  assert.deepEqual(found, []);
});
