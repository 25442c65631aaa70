import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { startFruugoSandbox, type FruugoSandbox } from '../../sandbox/fruugo/index.js';
import { startNoonSandbox, type NoonSandbox } from '../../sandbox/noon/index.js';
import { webhookUrl } from '../../sandbox/start.js';
import { eventually } from '../../support/eventually.js';
import { FRUUGO_WEBHOOK_SECRET } from '../../support/gateway.js';
import { subscribe } from '../../support/subscriptions.js';
import { GatewayProcess, simulatedMarketplacesEnv } from '../../support/gateway-process.js';

// `npm start`'s process receiving SIGTERM, as a container runtime or a deploy sends it.

describe('shutdown on SIGTERM', () => {
  let noon: NoonSandbox;
  let fruugo: FruugoSandbox;
  let dataDir: string;
  before(async () => {
    [noon, fruugo] = await Promise.all([startNoonSandbox(), startFruugoSandbox({ orderCount: 1 })]);
    dataDir = await mkdtemp(join(tmpdir(), 'gateway-shutdown-'));
  });
  after(async () => {
    await Promise.all([noon.close(), fruugo.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  /** `npm start` in front of the simulators, with a store of its own under `name` and SHUTDOWN_GRACE_MS `graceMs`. */
  function gatewayWithGrace(name: string, graceMs: number, more: Record<string, string> = {}): GatewayProcess {
    return new GatewayProcess(
      simulatedMarketplacesEnv(join(dataDir, name), noon, fruugo, { SHUTDOWN_GRACE_MS: String(graceMs), ...more }),
    );
  }

  /** SIGTERM to `gateway`: its exit code, and how long after the signal it came (a diagnostic of the test). */
  async function terminate(
    gateway: GatewayProcess,
    graceMs: number,
    t: TestContext,
  ): Promise<{ code: number | null; tookMs: number }> {
    const signalled = performance.now();
    gateway.child.kill('SIGTERM');
    const code = await gateway.exited(graceMs + 10_000);
    const tookMs = performance.now() - signalled;
    t.diagnostic(`exited ${tookMs.toFixed(0)} ms after SIGTERM (grace ${graceMs} ms)`);
    return { code, tookMs };
  }

  /**
   * An inbound shipments query to the gateway at `origin`, once its call has reached noon (which the test slows
   * down): the answer still to come, or the error it ended with. fetch keeps its connection alive for as long as the
   * server says it may (SERVER_KEEP_ALIVE_TIMEOUT_MS, 72 s).
   */
  async function queryWaitingForNoon(
    origin: string,
    headers: Record<string, string> = {},
  ): Promise<{ answer: Promise<Response | unknown> }> {
    const answer = fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ inboundShipments(first: 1) { totalCount } }' }),
    }).catch((error: unknown) => error);
    await eventually('the request to reach noon', async () =>
      noon.control.requests().some((request) => request.status === 0) ? true : undefined,
    );
    return { answer };
  }

  test('closes open subscriptions with 1001 and exits 0 within SHUTDOWN_GRACE_MS', async (t) => {
    const graceMs = 5000;
    const gateway = gatewayWithGrace('subscriptions', graceMs);
    const subscriptions = [];
    try {
      const origin = await gateway.ready();
      // Fruugo's first download was asked at start; its callback (the order, CREATED) waits for the URL.
      fruugo.control.setWebhookUrl(webhookUrl(origin, 'fruugo', FRUUGO_WEBHOOK_SECRET));
      for (let i = 0; i < 4; i++) {
        subscriptions.push(
          subscribe(`${origin}/graphql`, 'subscription { orderEvents(since: "0") { cursor type } }', {}),
        );
      }
      // Each has the stored event replayed: subscribed on the server, not merely connected.
      for (const subscription of subscriptions)
        assert.equal((await subscription.next(15_000)).data?.orderEvents.type, 'CREATED');

      const { code, tookMs } = await terminate(gateway, graceMs, t);
      assert.equal(code, 0, gateway.output);
      assert.ok(tookMs < graceMs, `exited ${tookMs.toFixed(0)} ms after SIGTERM, within the grace of ${graceMs} ms`);
      for (const subscription of subscriptions) {
        assert.deepEqual(await subscription.closed, { code: 1001, reason: 'Going away' });
      }
    } finally {
      await Promise.all(subscriptions.map((subscription) => subscription.close()));
      await gateway.stop();
    }
  });

  test('a request answered after SIGTERM has its connection closed: the exit does not wait for the client to', async (t) => {
    const graceMs = 8000;
    const gateway = gatewayWithGrace('answered', graceMs, { LOG_LEVEL: 'error' });
    noon.control.setLatency(1000);
    try {
      const origin = await gateway.ready();
      const { answer } = await queryWaitingForNoon(origin);
      const terminated = terminate(gateway, graceMs, t);
      const response = await answer;
      assert.ok(response instanceof Response, String(response));
      assert.equal(response.status, 200);
      assert.equal(
        typeof ((await response.json()) as { data: { inboundShipments: { totalCount: number } } }).data.inboundShipments
          .totalCount,
        'number',
      );
      const { code, tookMs } = await terminated;
      assert.equal(code, 0, gateway.output);
      assert.ok(tookMs < graceMs, `exited ${tookMs.toFixed(0)} ms after SIGTERM, within the grace of ${graceMs} ms`);
    } finally {
      noon.control.setLatency(0);
      await gateway.stop();
    }
  });

  test('a request still held when the grace runs out: exits 1 by then, logging the request', async (t) => {
    const graceMs = 1500;
    const gateway = gatewayWithGrace('held', graceMs, {
      // The upstream alone holds the request: neither its deadline nor its timeout ends it before the grace.
      REQUEST_DEADLINE_MS: '60000',
      HTTP_TIMEOUT_MS: '60000',
      LOG_LEVEL: 'error',
    });
    noon.control.setLatency(15_000);
    try {
      const origin = await gateway.ready();
      const { answer: held } = await queryWaitingForNoon(origin, { 'x-request-id': 'held-by-noon' });
      const { code, tookMs } = await terminate(gateway, graceMs, t);
      assert.equal(code, 1, gateway.output);
      assert.ok(tookMs >= graceMs, `waited the grace (${tookMs.toFixed(0)} ms)`);
      assert.ok(tookMs < graceMs + 1000, `exited ${tookMs.toFixed(0)} ms after SIGTERM, at the grace of ${graceMs} ms`);
      const report = JSON.parse(
        gateway.output.split('\n').find((line) => line.includes('shutdown did not finish')) ?? 'null',
      ) as {
        closing: string;
        stillOpen: { step: string; requests: Array<{ id: string; method: string; url: string }> };
      };
      assert.equal(report?.closing, 'gateway', gateway.output);
      assert.equal(report.stillOpen.step, 'websockets, then requests in flight');
      assert.deepEqual(
        report.stillOpen.requests.map(({ id, method, url }) => ({ id, method, url })),
        [{ id: 'held-by-noon', method: 'POST', url: '/graphql' }],
      );
      assert.ok((await held) instanceof Error, 'the held request ends with the process');
    } finally {
      noon.control.setLatency(0);
      await gateway.stop();
    }
  });
});
