import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFruugoSandbox, type FruugoSandbox } from '../../sandbox/fruugo/index.js';
import { startNoonSandbox, type NoonSandbox } from '../../sandbox/noon/index.js';
import { eventually } from '../../support/eventually.js';
import { postGraphql } from '../../support/gateway.js';
import { subscribe } from '../../support/subscriptions.js';
import { GatewayProcess, simulatedMarketplacesEnv } from '../../support/gateway-process.js';
import { confirmResponse, fruugoCallbackBody, postFruugoCallback } from '../../support/fruugo-callbacks.js';

/**
 * A gateway process killed with SIGKILL while webhooks arrive loses none it acknowledged: each is stored before
 * its 200. `storeEnv` chooses the store (the embedded file in a temporary DATA_DIR when empty, MongoDB with
 * MONGODB_URI).
 */
export function sigkillScenario(
  title: string,
  storeEnv: Record<string, string> = {},
  /** Orders in each OrderList killed mid-way: the 200 on the embedded store; fewer on FerretDB, which is slower. */
  orderListSize = 200,
): void {
  describe(title, () => {
    let noon: NoonSandbox;
    let fruugo: FruugoSandbox;
    let dataDir: string;
    let env: Record<string, string>;
    before(async () => {
      [noon, fruugo] = await Promise.all([startNoonSandbox(), startFruugoSandbox({ orderCount: 1 })]);
      dataDir = await mkdtemp(join(tmpdir(), 'gateway-kill-'));
      env = simulatedMarketplacesEnv(dataDir, noon, fruugo, storeEnv);
    });
    after(async () => {
      await Promise.all([noon.close(), fruugo.close()]);
      await rm(dataDir, { recursive: true, force: true });
    });

    test('loses none of the webhooks it acknowledged, and applies them after a restart', async () => {
      const first = new GatewayProcess(env);
      const firstOrigin = await first.ready().catch(async (error: unknown) => {
        await first.stop();
        throw error;
      });
      const acknowledged = new Map<string, string>(); // correlation id → stored event id
      let sent = 0;
      let killed = false;
      const deliver = async (): Promise<void> => {
        while (!killed) {
          const correlationId = `kill-${sent++}`;
          try {
            const response = await postFruugoCallback(firstOrigin, confirmResponse(correlationId, correlationId));
            if (response.status === 200)
              // The receipt names the event as the API shows it.
              acknowledged.set(correlationId, ((await response.json()) as { id: string }).id);
          } catch {
            return; // the gateway is gone: what it did not answer, a sender delivers again later
          }
        }
      };
      const senders = Array.from({ length: 6 }, deliver);
      try {
        await eventually(
          'some webhooks acknowledged',
          async () => (acknowledged.size >= 60 ? true : undefined),
          15_000,
        );
      } finally {
        killed = true;
        await first.stop('SIGKILL');
      }
      await Promise.all(senders);
      assert.ok(acknowledged.size >= 60);

      const second = new GatewayProcess(env);
      try {
        const url = `${await second.ready()}/graphql`;
        const stored = await eventually(
          'every stored event applied after the restart',
          async () => {
            const events: Array<{ id: string; dedupeKey: string; status: string }> = [];
            let after: string | null = null;
            do {
              const page: any = (
                await postGraphql<any>(
                  url,
                  `query ($after: String) { webhookEvents(source: FRUUGO, first: 200, after: $after) {
                nodes { id dedupeKey status } pageInfo { endCursor } } }`,
                  { after },
                )
              ).data.webhookEvents;
              events.push(...page.nodes);
              after = page.pageInfo.endCursor;
            } while (after !== null);
            return events.every((event) => event.status === 'PROCESSED') ? events : undefined;
          },
          30_000,
        );
        const storedIds = new Map(stored.map((event) => [event.dedupeKey, event.id]));
        for (const [correlationId, id] of acknowledged) {
          assert.equal(
            storedIds.get(`ConfirmResponseList:${correlationId}`),
            id,
            `acknowledged ${correlationId} is stored`,
          );
        }
      } finally {
        await second.stop('SIGTERM');
      }
    });

    test('an OrderList killed while it is being applied keeps every order with its CREATED event after a restart', async () => {
      // The orders are stored with their events in one commit, so however far the first process got, the restart
      // applies the stored callback again and finds each order either new (kept and announced now) or already
      // announced. Before that commit existed, orders saved before a kill were never announced.
      const expected = new Set<string>();
      for (const delayMs of [25, 150]) {
        const orders = Array.from({ length: orderListSize }, () => fruugo.control.createOrder());
        for (const order of orders) expected.add(`FRUUGO:${order.orderId}`);
        const first = new GatewayProcess(env);
        try {
          const origin = await first.ready();
          const response = await postFruugoCallback(
            origin,
            fruugoCallbackBody('OrderList', `list-${delayMs}`, JSON.stringify({ transactionType: 'download', orders })),
          );
          assert.equal(response.status, 200);
          await new Promise((resolve) => setTimeout(resolve, delayMs)); // the moment of the kill is the point
        } finally {
          await first.stop('SIGKILL');
        }
      }

      const second = new GatewayProcess(env);
      try {
        const origin = await second.ready();
        const events = subscribe<{ orderEvents: { type: string; orderId: string } }>(
          `${origin}/graphql`,
          `subscription { orderEvents(marketplaces: [FRUUGO], since: "0") { type orderId } }`,
        );
        try {
          const created = new Map<string, number>();
          await eventually(
            'a CREATED event for every order of both lists',
            async () => {
              for (const result of await events.drain(200)) {
                const { type, orderId } = result.data!.orderEvents;
                if (type === 'CREATED' && expected.has(orderId)) created.set(orderId, (created.get(orderId) ?? 0) + 1);
              }
              return created.size === expected.size ? created : undefined;
            },
            30_000,
          );
          assert.deepEqual(
            [...created.values()].filter((count) => count !== 1),
            [],
            'each announced once',
          );
        } finally {
          await events.close();
        }
      } finally {
        await second.stop('SIGTERM');
      }
    });
  });
}
