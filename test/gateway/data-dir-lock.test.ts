import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GatewayProcess } from '../../support/gateway-process.js';

const IN_USE = /DATA_DIR \S+ is in use by another gateway process: its store \S+gateway\.sqlite is locked/;

// The embedded store under DATA_DIR serves one process: a second one would hand out the same cursors.
describe('one gateway process per DATA_DIR', () => {
  let dataDir: string;
  const started: GatewayProcess[] = [];
  /** A gateway with no marketplace, on the shared DATA_DIR. */
  const gateway = () => {
    const process = new GatewayProcess({
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      SANDBOX: 'off',
    });
    started.push(process);
    return process;
  };
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gateway-data-dir-'));
  });
  after(async () => {
    await Promise.all(started.map((process) => process.stop()));
    await rm(dataDir, { recursive: true, force: true });
  });

  test('a second process on the same DATA_DIR is refused at start with a message naming it, and exits 1', async () => {
    const holder = gateway();
    const origin = await holder.ready();
    const second = gateway();
    assert.equal(await second.exited(), 1);
    assert.match(second.stderr, IN_USE);
    assert.doesNotMatch(second.output, /Gateway ready/);
    assert.equal((await fetch(`${origin}/healthz`)).status, 200, 'the holder goes on');
    await holder.stop('SIGTERM');
  });

  test('a holder killed with SIGKILL leaves nothing locked: the next start goes ahead at once', async () => {
    const holder = gateway();
    await holder.ready();
    await holder.stop('SIGKILL');
    const next = gateway();
    const origin = await next.ready();
    assert.equal((await fetch(`${origin}/healthz`)).status, 200);
    // And one stopped the ordinary way releases it too.
    await next.stop('SIGTERM');
    const after = gateway();
    await after.ready();
    await after.stop('SIGTERM');
  });
});
