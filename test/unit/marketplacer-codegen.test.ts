import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import type { CodegenPlugin } from '@graphql-codegen/plugin-helpers';

/** The repository root (this test runs from dist/test/unit). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SDK = 'datasources/marketplacer/generated/sdk.ts';

test('datasources/marketplacer/generated/sdk.ts is what codegen.yml generates (run `npm run codegen` after changing the SDL or operations)', async () => {
  const { config } = await loadCodegenConfig({ configFilePath: join(ROOT, 'codegen.yml') });
  const target = config.generates[SDK];
  assert.ok(target, `codegen.yml generates ${SDK}`);
  const directory = await mkdtemp(join(tmpdir(), 'marketplacer-codegen-'));
  try {
    const output = join(directory, 'sdk.ts');
    // Plugins loaded from here, as `npm run codegen` loads them from the project: the CLI's own resolution would find
    // the older plugins its bundled client preset brings along.
    const pluginLoader = (name: string): Promise<CodegenPlugin> => import(name);
    await generate({ ...config, cwd: ROOT, silent: true, pluginLoader, generates: { [output]: target } }, true);
    const [generated, committed] = await Promise.all([readFile(output, 'utf8'), readFile(join(ROOT, SDK), 'utf8')]);
    assert.ok(generated === committed, 'the committed SDK is stale: run `npm run codegen` and commit the result');
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});
