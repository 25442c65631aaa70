import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dataOf, postGraphql } from '../../support/gateway.js';
import { GatewayProcess } from '../../support/gateway-process.js';

describe('npm start in production with nothing configured (NODE_ENV=production, SANDBOX unset)', () => {
  let dataDir: string;
  let gateway: GatewayProcess;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gateway-production-'));
    // AUTH=none: production is to refuse to start without authentication unless told there is none.
    gateway = new GatewayProcess({
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      AUTH: 'none',
    });
  });
  after(async () => {
    await gateway.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('starts no simulator, logs every marketplace off, and answers an empty order list', async () => {
    const origin = await gateway.ready();
    const [line] = await gateway.printed(
      /^\{.*"msg":"marketplaces on: none; off: NOON, INCREFF, FRUUGO, MARKETPLACER"\}$/m,
    );
    const logged = JSON.parse(line) as Record<string, unknown>;
    assert.deepEqual(
      [logged.level, logged.marketplaces, logged.off],
      [30, {}, ['NOON', 'INCREFF', 'FRUUGO', 'MARKETPLACER']],
    );
    assert.doesNotMatch(gateway.output, /simulator|Sandbox:/);

    const data: any = dataOf(await postGraphql(`${origin}/graphql`, `{ orders { nodes { id } } }`));
    assert.deepEqual(data.orders.nodes, []);
    assert.equal((await fetch(`${origin}/readyz`)).status, 200);

    // The banner names the metrics port (METRICS_PORT=0 here: a free one), and the query above is counted there.
    const metrics = await gateway.metricsUrl();
    assert.notEqual(new URL(metrics).port, new URL(origin).port);
    assert.match(await (await fetch(metrics)).text(), /^gateway_graphql_operation_duration_seconds_count\{.*\} 1$/m);
  });
});

describe('npm start on a port that is taken', () => {
  let dataDir: string;
  const taken = createServer();
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gateway-port-taken-'));
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    await new Promise<void>((resolve) => taken.close(() => resolve()));
    await rm(dataDir, { recursive: true, force: true });
  });

  // SANDBOX unset outside production: simulators would start, were the ports not checked first.
  for (const [variable, what] of [
    ['PORT', 'prints one line naming the port and PORT, starts no simulator, and exits 1 with no stack trace'],
    ['METRICS_PORT', 'a METRICS_PORT that is taken is named the same way, before anything starts'],
  ] as const) {
    test(what, async () => {
      const { port } = taken.address() as AddressInfo;
      const gateway = new GatewayProcess({ PORT: '0', [variable]: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir });
      try {
        assert.equal(await gateway.exited(), 1);
        assert.equal(
          gateway.stderr,
          `Cannot listen on 127.0.0.1:${port}: port ${port} is already in use. Set ${variable} to a free port, or stop what is using it.\n`,
        );
        assert.equal(gateway.output, gateway.stderr, 'nothing else was started or printed');
      } finally {
        await gateway.stop();
      }
    });
  }
});
