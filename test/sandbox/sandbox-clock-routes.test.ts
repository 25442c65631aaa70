import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFruugoSandbox } from '../../sandbox/fruugo/index.js';
import { startIncreffSandbox } from '../../sandbox/increff/index.js';
import { startMarketplacerSandbox } from '../../sandbox/marketplacer/index.js';
import { startNoonSandbox } from '../../sandbox/noon/index.js';

interface Running {
  url: string;
  control: { now(): Date };
  close(): Promise<void>;
}

async function post(sandbox: Running, path: string, body: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: response.status, body: await response.json() };
}

/**
 * Every simulator's /_sandbox/clock/advance: the time in the marketplace's own way of writing it, and a body that
 * does not fit refused in the marketplace's error shape.
 */
const SIMULATORS = [
  {
    name: 'noon',
    start: () => startNoonSandbox({ catalogSize: 5, fbpiOrderCount: 1 }),
    now: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    refused: {
      status: 422,
      body: {
        detail: {
          code: 'VALIDATION_ERROR',
          message: 'field required',
          details: [{ field: 'seconds', message: 'field required' }],
        },
      },
    },
  },
  {
    name: 'Fruugo',
    start: () => startFruugoSandbox({ orderCount: 1 }),
    now: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
    refused: { status: 400, body: [{ type: 'field', field: 'seconds', message: 'must not be null' }] },
  },
  {
    name: 'Increff',
    start: () => startIncreffSandbox({ catalogSize: 5 }),
    now: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
    refused: {
      status: 400,
      body: {
        code: 'BAD_DATA',
        message: 'seconds: is required',
        errors: [{ field: 'seconds', message: 'is required' }],
      },
    },
  },
  {
    name: 'Marketplacer',
    start: () => startMarketplacerSandbox({ skus: 5, sharedSkus: 1, invoices: 1 }),
    now: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    refused: {
      status: 400,
      body: { errors: [{ message: 'body must be {"seconds": <number>}', extensions: { code: 'BAD_REQUEST' } }] },
    },
  },
];

for (const simulator of SIMULATORS) {
  describe(`${simulator.name} sandbox: POST /_sandbox/clock/advance`, () => {
    let sandbox: Running;
    before(async () => {
      sandbox = await simulator.start();
    });
    after(() => sandbox.close());

    test('moves the clock and answers its time, written the marketplace’s way', async () => {
      const before = sandbox.control.now().getTime();
      const { status, body } = await post(sandbox, '/clock/advance', '{"seconds":7200}');
      assert.equal(status, 200);
      const { now } = body as { now: string };
      assert.match(now, simulator.now);
      assert.ok(Date.parse(now) - before >= 7_199_000);
      assert.ok(sandbox.control.now().getTime() - before >= 7_200_000);
    });

    test('refuses a body without seconds in the marketplace’s error shape, and leaves the clock', async () => {
      const before = sandbox.control.now().getTime();
      assert.deepEqual(await post(sandbox, '/clock/advance', '{}'), simulator.refused);
      assert.ok(Math.abs(sandbox.control.now().getTime() - before) < 60_000);
    });
  });
}

for (const simulator of SIMULATORS) {
  describe(`${simulator.name} sandbox: POST and DELETE /_sandbox/faults`, () => {
    let sandbox: Running;
    before(async () => {
      sandbox = await simulator.start();
    });
    after(() => sandbox.close());

    const get = async (path: string) => (await fetch(`${sandbox.url}${path}`)).status;

    test('a fault asked for over HTTP answers the next matching requests, and DELETE drops what is left', async () => {
      const path = '/no-such-route';
      const unfaulted = await get(path);
      const injected = await post(sandbox, '/faults', JSON.stringify({ path, status: 503, count: 2 }));
      assert.deepEqual(injected, { status: 200, body: { injected: true } });
      assert.deepEqual([await get(path), (await get('/another-route')) !== 503], [503, true]);
      const cleared = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
      assert.equal(cleared.status, 200);
      assert.equal(await get(path), unfaulted, 'the second fault was dropped');
    });

    test('refuses a fault that is not an error, or unbounded, and injects nothing', async () => {
      const path = '/no-such-route';
      const unfaulted = await get(path);
      for (const fault of [{ status: 200 }, { status: 503, count: 1_000_000 }, { status: 503, sleep: 5 }, []]) {
        const { status } = await post(sandbox, '/faults', JSON.stringify(fault));
        assert.ok(status >= 400 && status < 500, `${JSON.stringify(fault)} answered ${status}`);
      }
      assert.equal(await get(path), unfaulted);
    });
  });
}
