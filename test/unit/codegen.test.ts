import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';

/** The repository root (this test runs from dist/test/unit). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const { config } = await loadCodegenConfig({ configFilePath: join(ROOT, 'codegen.yml') });

/**
 * Plugins and presets as `npm run codegen` loads them, from the repository's node_modules. Called from ESM, the CLI
 * imports them from its own folder instead, where npm nested the older ones it depends on itself (typescript-operations
 * 5, client-preset 5), which write other files.
 */
const fromRoot = createRequire(join(ROOT, 'package.json'));
const load = (name: string) => import(pathToFileURL(fromRoot.resolve(name)).href);
const pluginLoader: NonNullable<typeof config.pluginLoader> = load;

/** `target` with its preset named by the module itself, loaded from the repository's node_modules. */
async function withPresetFromRoot(target: (typeof config.generates)[string]) {
  if (typeof target !== 'object' || Array.isArray(target) || typeof target.preset !== 'string') return target;
  const name = target.preset.includes('/') ? target.preset : `@graphql-codegen/${target.preset}-preset`;
  const { preset } = (await load(name)) as { preset: NonNullable<typeof target.preset> };
  return { ...target, preset };
}

/** The files under `output` (a file, or a folder as the client preset writes one), by their path inside it. */
async function filesOf(output: string): Promise<Map<string, string>> {
  if (!output.endsWith('/')) return new Map([['', await readFile(output, 'utf8')]]);
  const names = (await readdir(output)).sort();
  return new Map(
    await Promise.all(names.map(async (name) => [name, await readFile(join(output, name), 'utf8')] as const)),
  );
}

for (const [output, target] of Object.entries(config.generates)) {
  test(`${output} is what codegen.yml generates (run \`npm run codegen\` after changing the SDL or operations)`, async () => {
    const directory = await mkdtemp(join(tmpdir(), 'codegen-'));
    try {
      const fresh = output.endsWith('/') ? `${directory}/` : join(directory, 'output.ts');
      await generate(
        { ...config, cwd: ROOT, silent: true, pluginLoader, generates: { [fresh]: await withPresetFromRoot(target) } },
        true,
      );
      const [generated, committed] = await Promise.all([filesOf(fresh), filesOf(join(ROOT, output))]);
      assert.deepEqual([...committed.keys()], [...generated.keys()], `${output}: the files generated`);
      for (const [name, text] of generated) {
        assert.ok(
          committed.get(name) === text,
          `${join(output, name)} is stale: run \`npm run codegen\` and commit the result`,
        );
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
}
