import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readOrderList } from '../../datasources/fruugo/callbacks.js';
import type { CallbackEnvelope, FruugoOrder } from '../../datasources/fruugo/wire.js';
import { parseLoosePayload } from '../../datasources/fruugo/webhooks/loose-payload.js';
import type { NewAuditEntry } from '../../src/store/callback-store.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { eventually } from '../../support/eventually.js';
import { dataOf, postGraphql } from '../../support/gateway.js';
import { GatewayProcess } from '../../support/gateway-process.js';

/** `npm start` as a developer runs it: nothing configured, so every marketplace is simulated. */
function sandboxEnv(dataDir: string): Record<string, string> {
  return { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
}

/**
 * Four simulators making their sample data: the slowest start of any test, and slower still on a busy machine (a
 * bound, not a wait: the banner ends it).
 */
const START_MS = 60_000;

/** The bound on a simulator's download or callback reaching the gateway, on the same busy machine. */
const ARRIVAL_MS = 20_000;

const ORDER = `query ($id: ID!) {
  order(id: $id) { id status marketplaceStatus lines { sku marketplaceStatus } pendingOperations { type status } errors { type } }
}`;

interface OrderView {
  id: string;
  status: string;
  marketplaceStatus: string | null;
  lines: Array<{ sku: string; marketplaceStatus: string | null }>;
  pendingOperations: Array<{ type: string; status: string }>;
  errors: Array<{ type: string }>;
}

/** What a gateway without simulators had stored in the same DATA_DIR, which the sandbox must leave alone. */
const PRODUCTION_ENTRY: NewAuditEntry = {
  principal: { kind: 'API_KEY', subject: 'erp-sync', name: 'erp-sync' },
  operationName: null,
  field: 'confirmOrder',
  arguments: {},
  requestId: 'production-request',
  outcome: 'SUCCESS',
  transport: 'http',
  at: new Date('2026-03-01T10:00:00Z'),
};

/** A Fruugo order as the simulator itself last sent it in an order download (its `/_sandbox/callbacks`). */
async function simulatorOrder(fruugoUrl: string, orderId: string): Promise<FruugoOrder | undefined> {
  const callbacks = (await (await fetch(`${fruugoUrl}/_sandbox/callbacks`)).json()) as Array<{
    type: string;
    state: string;
    envelope: CallbackEnvelope;
  }>;
  const download = callbacks.findLast((callback) => callback.type === 'OrderList' && callback.state === 'delivered');
  if (download === undefined) return undefined;
  return readOrderList(parseLoosePayload(download.envelope.value.payload)).orders.find(
    (order) => order.orderId === orderId,
  );
}

describe('npm start with simulators, restarted', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gateway-sandbox-restart-'));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test('the store starts fresh with the simulators: after a restart both have the order pending that was confirmed before', async () => {
    const production = new EmbeddedStore(join(dataDir, 'gateway.sqlite'));
    await production.appendAuditEntry(PRODUCTION_ENTRY);
    await production.close();

    let id!: string;
    const first = new GatewayProcess(sandboxEnv(dataDir));
    try {
      const graphql = `${await first.ready(START_MS)}/graphql`;
      await first.printed(/Sandbox store: .*sandbox\.sqlite, new at every start/);
      // The first order download comes a moment after the start.
      id = await eventually(
        'a pending Fruugo order downloaded',
        async () =>
          (
            await postGraphql<any>(
              graphql,
              `{ orders(marketplaces: [FRUUGO], status: [PENDING], first: 1) { nodes { id } } }`,
            )
          ).data?.orders.nodes[0]?.id as string | undefined,
        ARRIVAL_MS,
      );
      dataOf(await postGraphql(graphql, `mutation ($id: ID!) { confirmOrder(id: $id) { id } }`, { id }));
      const confirmed = await eventually(
        'Fruugo’s callback applied',
        async () => {
          const order = dataOf(await postGraphql<{ order: OrderView }>(graphql, ORDER, { id })).order;
          return order.pendingOperations[0]?.status === 'SUCCEEDED' ? order : undefined;
        },
        ARRIVAL_MS,
      );
      assert.equal(confirmed.status, 'ACKNOWLEDGED', 'what the store holds at the end of the first run');
    } finally {
      await first.stop('SIGTERM');
    }

    const second = new GatewayProcess(sandboxEnv(dataDir));
    try {
      const graphql = `${await second.ready(START_MS)}/graphql`;
      const [, fruugoUrl] = await second.printed(/Fruugo simulator on (http:\/\/\S+)/);
      const externalId = id.slice('FRUUGO:'.length);
      // The simulator starts from its sample data again: the order is pending there, as before the confirm.
      const simulated = await eventually(
        'the first order download of the new run',
        () => simulatorOrder(fruugoUrl!, externalId),
        ARRIVAL_MS,
      );
      assert.equal(simulated.orderStatus, 'PENDING');
      // And the gateway agrees: no confirm remembered, no operation, no error.
      const order = await eventually(
        'the order downloaded again',
        async () => {
          const { data } = await postGraphql<{ order: OrderView | null }>(graphql, ORDER, { id });
          return data?.order ?? undefined;
        },
        ARRIVAL_MS,
      );
      assert.deepEqual(
        [order.status, order.marketplaceStatus, order.pendingOperations, order.errors],
        ['PENDING', simulated.orderStatus, [], []],
      );
      assert.deepEqual(
        order.lines.map((line) => `${line.sku} ${line.marketplaceStatus}`).sort(),
        simulated.itemStatuses.map((item) => `${item.skuId} ${item.status}`).sort(),
      );
      const { auditLog, webhookEvents } = dataOf(
        await postGraphql<any>(
          graphql,
          `{ auditLog(first: 10) { nodes { field } } webhookEvents(source: FRUUGO, first: 100) { nodes { type } } }`,
        ),
      );
      assert.deepEqual(auditLog.nodes, [], 'the first run’s confirm is not in the audit log');
      assert.ok(
        webhookEvents.nodes.every((event: { type: string }) => event.type === 'OrderList'),
        'no callback of the first run’s confirm',
      );
    } finally {
      await second.stop('SIGTERM');
    }

    // The file of a gateway without simulators was neither opened as the sandbox's store nor removed.
    assert.ok((await stat(join(dataDir, 'sandbox.sqlite'))).isFile());
    const kept = new EmbeddedStore(join(dataDir, 'gateway.sqlite'));
    try {
      assert.deepEqual(
        (await kept.listAuditEntries({}, undefined, 10)).map((entry) => entry.requestId),
        ['production-request'],
      );
    } finally {
      await kept.close();
    }
  });

  test('with MONGODB_URI it does not start, saying why, before any simulator starts', async () => {
    const gateway = new GatewayProcess({ ...sandboxEnv(dataDir), MONGODB_URI: 'mongodb://127.0.0.1:9/gateway' });
    try {
      assert.equal(await gateway.exited(), 1);
      assert.match(gateway.stderr, /MONGODB_URI is not for a gateway with simulators \(SANDBOX=auto, NOON, FRUUGO/);
      assert.doesNotMatch(gateway.output, /simulator on/);
    } finally {
      await gateway.stop();
    }
  });
});
