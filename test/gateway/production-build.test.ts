import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { GatewayProcess } from '../../support/gateway-process.js';

/** The repository root (this test runs from dist/test/gateway). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
/** tsc on the gateway alone takes about 15 s; with the rest of the suite running beside it, allow for much more. */
const BUILD_TIMEOUT_MS = 100_000;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

describe('npm run build:production (tsconfig.build.json): the gateway without its simulators, tests or benchmarks', () => {
  let outDir: string;
  let dataDir: string;
  let main: string;
  const started: GatewayProcess[] = [];

  before(
    async () => {
      outDir = await mkdtemp(join(tmpdir(), 'gateway-production-build-'));
      dataDir = await mkdtemp(join(tmpdir(), 'gateway-production-data-'));
      await promisify(execFile)(process.execPath, [TSC, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', outDir], {
        cwd: ROOT,
        timeout: BUILD_TIMEOUT_MS,
      });
      // What an installed production build has around it: the package's module type and its dependencies.
      await writeFile(join(outDir, 'package.json'), JSON.stringify({ type: 'module' }));
      await symlink(join(ROOT, 'node_modules'), join(outDir, 'node_modules'), 'dir');
      main = join(outDir, 'src', 'main.js');
    },
    { timeout: BUILD_TIMEOUT_MS + 10_000 },
  );
  after(async () => {
    await Promise.all(started.map((gateway) => gateway.stop()));
    await rm(outDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  function start(env: Record<string, string>): GatewayProcess {
    const gateway = new GatewayProcess(
      { NODE_ENV: 'production', AUTH: 'none', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env },
      { entry: main },
    );
    started.push(gateway);
    return gateway;
  }

  test('compiles the gateway and nothing under sandbox/, test/, support/ or bench/', async () => {
    const files = await filesUnder(outDir);
    assert.ok(files.includes(join('src', 'main.js')), 'the entry is built');
    assert.ok(files.includes(join('src', 'simulators.js')), 'the loader of the simulators is built');
    const leftOut = files.filter((file) => /^(sandbox|test|support|bench)[\\/]/.test(file));
    assert.deepEqual(leftOut, []);
    assert.equal(existsSync(join(outDir, 'sandbox')), false);
  });

  test('starts in production with SANDBOX unset: ready, no simulator', async () => {
    const gateway = start({});
    await gateway.ready();
    await gateway.printed(/"msg":"marketplaces on: none; off: [A-Z, ]+"/);
    assert.doesNotMatch(gateway.output, /simulator|Sandbox:/);
  });

  test('with SANDBOX=on it says in one line that this build has no simulators, and exits 1', async () => {
    const gateway = start({ SANDBOX: 'on' });
    assert.equal(await gateway.exited(), 1);
    assert.equal(
      gateway.stderr,
      'SANDBOX=on needs the simulators, which this build leaves out: set SANDBOX=off, or run a build that has sandbox/\n',
    );
  });
});
