import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AUTH_API_KEYS, bearer, KEYS } from '../support/auth.js';
import { eventually } from '../../support/eventually.js';
import { triggerFruugoDownload } from '../../support/fruugo-orders.js';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import {
  firstOutcome,
  overSocket,
  subscribe,
  whenListening,
  type LiveSubscription,
} from '../../support/subscriptions.js';

// Access control over graphql-ws: the credential travels once, in connection_init, and every rule that holds over
// HTTP (roles, marketplace scope, the audit log) holds on the socket too.

const ORDER_EVENTS = `subscription ($marketplaces: [Marketplace!], $orderId: ID, $since: String) {
  orderEvents(marketplaces: $marketplaces, orderId: $orderId, since: $since) { type orderId marketplace origin message }
}`;

const CONFIRM = `mutation ConfirmOverSocket($id: ID!) { confirmOrder(id: $id) { id status } }`;

interface Announced {
  type: string;
  orderId: string;
  marketplace: string;
  origin: string;
  message: string | null;
}

/** The close code once the server has closed the socket (graphql-ws hands the CloseEvent to the sink). */
async function closeCode(subscription: LiveSubscription): Promise<number | undefined> {
  const failure = await eventually('the server to close the socket', async () => subscription.error(), 5000);
  return (failure as { code?: number }).code;
}

/** A new pending Fruugo order, once the gateway has it from a download (read with `key`). */
async function downloadedFruugoOrder(gw: TestGateway, key: string): Promise<string> {
  const id = `FRUUGO:${gw.fruugo.control.createOrder().orderId}`;
  await triggerFruugoDownload(gw);
  await eventually(`${id} downloaded`, async () =>
    (await gw.graphql(`query ($id: ID!) { order(id: $id) { id } }`, { id }, bearer(key))).data?.order
      ? true
      : undefined,
  );
  return id;
}

describe('graphql-ws with API keys (AUTH_API_KEYS)', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ fruugoOptions: { orderCount: 5 }, env: { AUTH_API_KEYS } });
  });
  after(() => gw.close());

  describe('connection_init', () => {
    test('without credentials, the socket is closed with 4401 and nothing runs', async () => {
      const operation = subscribe(gw.url, `{ orders(first: 1) { nodes { id } } }`);
      try {
        assert.equal(await closeCode(operation), 4401);
        assert.deepEqual(await operation.drain(50), []);
      } finally {
        await operation.close();
      }
    });

    test('with a key nobody holds, the socket is closed with 4401', async () => {
      const operation = subscribe(
        gw.url,
        `{ orders(first: 1) { nodes { id } } }`,
        {},
        bearer('not-a-key-of-anyone-000000001'),
      );
      try {
        assert.equal(await closeCode(operation), 4401);
        assert.deepEqual(await operation.drain(50), []);
      } finally {
        await operation.close();
      }
    });

    test('a viewer’s key runs a query', async () => {
      const nr = gw.noon.control.placeFbpiOrder();
      const result = await overSocket(
        gw.url,
        `query ($id: ID!) { order(id: $id) { id marketplace } }`,
        { id: `NOON:${nr}` },
        bearer(KEYS.viewer),
      );
      assert.deepEqual(result, { data: { order: { id: `NOON:${nr}`, marketplace: 'NOON' } } });
    });
  });

  describe('roles', () => {
    test('a viewer’s mutation is FORBIDDEN on the field, and the marketplace is not asked', async () => {
      const nr = gw.noon.control.placeFbpiOrder();
      gw.noon.control.resetRequests();
      const result = await overSocket(gw.url, CONFIRM, { id: `NOON:${nr}` }, bearer(KEYS.viewer));
      assert.equal(result.data, null);
      assert.equal(result.errors?.length, 1, JSON.stringify(result));
      assert.equal(result.errors![0]!.extensions?.code, 'FORBIDDEN');
      assert.deepEqual((result.errors![0] as { path?: string[] }).path, ['confirmOrder']);
      assert.match(result.errors![0]!.message, /confirmOrder needs the operator role/);
      // (Its webhook may still make the gateway read the order; nothing may acknowledge it.)
      assert.deepEqual(
        gw.noon.control.requests().filter((request) => request.path.endsWith('/fbpi-order/update')),
        [],
      );
      const order: any = dataOf(
        await gw.graphql(`query ($id: ID!) { order(id: $id) { status } }`, { id: `NOON:${nr}` }, bearer(KEYS.viewer)),
      );
      assert.equal(order.order.status, 'PENDING');
    });

    test('an operator’s mutation runs (it may fail for a marketplace’s reason, never FORBIDDEN)', async () => {
      const nr = gw.noon.control.placeFbpiOrder();
      const result = await overSocket(gw.url, CONFIRM, { id: `NOON:${nr}` }, bearer(KEYS.operator));
      assert.ok(!result.errors?.some((error) => error.extensions?.code === 'FORBIDDEN'), JSON.stringify(result));
      // The simulator accepts a new order's acknowledgement, so here it succeeds outright.
      assert.deepEqual(result, { data: { confirmOrder: { id: `NOON:${nr}`, status: 'ACKNOWLEDGED' } } });
    });
  });

  describe('marketplace scope in subscriptions', () => {
    test('a noon-only operator’s orderEvents carries noon’s events and never Fruugo’s, live or replayed', async () => {
      const noonOps = subscribe<{ orderEvents: Announced }>(
        gw.url,
        `subscription { orderEvents { type orderId marketplace origin message } }`,
        {},
        bearer(KEYS.noonOperator),
      );
      // The control: an admin of every marketplace, subscribed the same way, sees the Fruugo events happen.
      const everyone = subscribe<{ orderEvents: Announced }>(
        gw.url,
        `subscription { orderEvents { type orderId marketplace origin message } }`,
        {},
        bearer(KEYS.admin),
      );
      try {
        const received: Announced[] = [];
        const seenByAll: Announced[] = [];
        // Live only: poke with new noon orders (their webhooks) until each subscription has seen one.
        await whenListening(noonOps, () => gw.noon.control.placeFbpiOrder());
        await whenListening(everyone, () => gw.noon.control.placeFbpiOrder());

        // One of each at the same time: a Fruugo order arrives by download (a webhook), then both are confirmed.
        const nr = gw.noon.control.placeFbpiOrder();
        const noonId = `NOON:${nr}`;
        const fruugoId = await downloadedFruugoOrder(gw, KEYS.admin);
        const confirms = await Promise.all(
          [noonId, fruugoId].map((id) => gw.graphql(CONFIRM, { id }, bearer(KEYS.admin))),
        );
        confirms.forEach((response) => dataOf(response));

        // Until the admin has seen Fruugo's callback confirming its order (the last of the Fruugo events) and noon's
        // confirmation; then a little longer for anything that would still reach the noon operator.
        await eventually(
          'both confirmations to reach the admin',
          async () => {
            seenByAll.push(...(await everyone.drain(50)).map((result) => result.data!.orderEvents));
            const fruugoConfirmed = seenByAll.some(
              (event) => event.orderId === fruugoId && event.type === 'STATUS_CHANGED' && event.origin === 'WEBHOOK',
            );
            const noonConfirmed = seenByAll.some(
              (event) => event.orderId === noonId && event.message === 'confirmOrder',
            );
            return fruugoConfirmed && noonConfirmed ? true : undefined;
          },
          10_000,
        );
        received.push(...(await noonOps.drain(500)).map((result) => result.data!.orderEvents));

        assert.ok(
          seenByAll.some((event) => event.marketplace === 'FRUUGO'),
          'Fruugo events were produced meanwhile',
        );
        assert.ok(
          received.some((event) => event.orderId === noonId && event.message === 'confirmOrder'),
          `the noon confirmation arrived: ${JSON.stringify(received)}`,
        );
        assert.deepEqual(
          received.filter((event) => event.marketplace !== 'NOON'),
          [],
          'no event of another marketplace',
        );
        assert.ok(!received.some((event) => event.orderId === fruugoId));

        // Replayed from the store, the same: noon's only.
        const replay = subscribe<{ orderEvents: Announced }>(
          gw.url,
          ORDER_EVENTS,
          { since: '0' },
          bearer(KEYS.noonOperator),
        );
        try {
          const replayed = (await replay.drain(500)).map((result) => result.data!.orderEvents);
          assert.ok(
            replayed.some((event) => event.orderId === noonId),
            'the replay carries noon’s events',
          );
          assert.deepEqual(
            replayed.filter((event) => event.marketplace !== 'NOON'),
            [],
            'and nothing else',
          );
        } finally {
          await replay.close();
        }
      } finally {
        await Promise.all([noonOps.close(), everyone.close()]);
      }
    });

    test('the noon-only operator asking for Fruugo’s events, or one Fruugo order’s, is FORBIDDEN', async () => {
      for (const variables of [
        { marketplaces: ['FRUUGO'] },
        { marketplaces: ['NOON', 'FRUUGO'] },
        { orderId: 'FRUUGO:9164260001000444' },
      ]) {
        const events = subscribe(gw.url, ORDER_EVENTS, variables, bearer(KEYS.noonOperator));
        try {
          const outcome = await firstOutcome(events);
          assert.equal(
            outcome.errors?.[0]?.extensions?.code,
            'FORBIDDEN',
            `${JSON.stringify(variables)}: ${JSON.stringify(outcome)}`,
          );
          assert.match(outcome.errors![0]!.message, /noon-ops may not use FRUUGO/);
          assert.deepEqual(await events.drain(100), [], 'and nothing follows');
        } finally {
          await events.close();
        }
      }
    });

    test('inboundShipmentEvents (noon’s) is FORBIDDEN to a Fruugo-only admin', async () => {
      const events = subscribe(
        gw.url,
        `subscription { inboundShipmentEvents { asnNumber action status } }`,
        {},
        bearer(KEYS.fruugoAdmin),
      );
      try {
        const outcome = await firstOutcome(events);
        assert.equal(outcome.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(outcome));
        assert.match(outcome.errors![0]!.message, /fruugo-admin may not use NOON/);
      } finally {
        await events.close();
      }
    });
  });

  describe('audit', () => {
    const AUDIT = `query ($principal: String) {
      auditLog(principal: $principal, first: 50) {
        nodes { field operationName outcome transport requestId arguments principal { kind subject name } }
      }
    }`;

    interface Entry {
      field: string;
      operationName: string | null;
      outcome: string;
      transport: string;
      requestId: string;
      arguments: Record<string, unknown>;
      principal: { kind: string; subject: string; name: string | null };
    }

    const entriesOf = async (principal: string): Promise<Entry[]> =>
      (dataOf(await gw.graphql(AUDIT, { principal }, bearer(KEYS.admin))) as { auditLog: { nodes: Entry[] } }).auditLog
        .nodes;

    test('a mutation over graphql-ws is in auditLog as websocket, with its caller, field and outcome', async () => {
      const nr = gw.noon.control.placeFbpiOrder();
      const id = `NOON:${nr}`;
      // The rotated key: the audit names the caller (the key's name), not which of its keys was used.
      const result = await overSocket(gw.url, CONFIRM, { id }, bearer(KEYS.operatorRotated));
      assert.equal(result.errors, undefined, JSON.stringify(result));
      const entry = (await entriesOf('erp-sync')).find((candidate) => candidate.arguments.id === id);
      assert.ok(entry, 'the mutation was audited');
      assert.deepEqual(
        { ...entry, requestId: undefined },
        {
          field: 'confirmOrder',
          operationName: 'ConfirmOverSocket',
          outcome: 'SUCCESS',
          transport: 'websocket',
          requestId: undefined,
          arguments: { id },
          principal: { kind: 'API_KEY', subject: 'erp-sync', name: 'erp-sync' },
        },
      );
      assert.match(entry.requestId, /^[0-9a-f-]{36}$/, 'each operation on a socket has its own request id');
    });

    test('a mutation refused over graphql-ws is audited too, with FORBIDDEN', async () => {
      const id = `NOON:${gw.noon.control.placeFbpiOrder()}`;
      const result = await overSocket(gw.url, CONFIRM, { id }, bearer(KEYS.viewer));
      assert.equal(result.errors?.[0]?.extensions?.code, 'FORBIDDEN');
      const entry = (await entriesOf('viewer')).find((candidate) => candidate.arguments.id === id);
      assert.deepEqual(entry && [entry.field, entry.outcome, entry.transport, entry.principal.subject], [
        'confirmOrder',
        'FORBIDDEN',
        'websocket',
        'viewer',
      ]);
    });
  });
});
