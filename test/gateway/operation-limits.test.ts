import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bearer } from '../support/auth.js';
import { eventually } from '../../support/eventually.js';
import { startTestGateway, type GraphqlResponse, type TestGateway } from '../../support/gateway.js';
import { fragmentBomb, inventoryAliasBomb, ordersAliasBomb } from '../../support/query-bombs.js';
import { overSocket, type SubscriptionResult } from '../../support/subscriptions.js';
import { upstreamRequests } from '../../support/upstream-requests.js';

// Issue 13: operations priced and shaped before they run (README, Limits). Each refusal is checked at the
// simulators: not one upstream call was made for it.

/**
 * 30 aliases of a rich page of `$n` orders: within every limit at n = 10 (cost 2,765), over the cost limit at 100
 * (27,138: per alias 3 calls, and 100 × 9.016 for each order's connection, node, total, line, unit price, stock with
 * its share of 3 stock calls, shipment, error and operation).
 */
const RICH_ORDERS = `query ($n: Int!) { ${Array.from(
  { length: 30 },
  (_, index) => `o${index}: orders(first: $n) {
    nodes { id total { amount } lines { sku unitPrice { amount } inventory { available } }
            shipments { id } errors { message } pendingOperations { status } }
  }`,
).join(' ')} }`;

/** 51 aliases: one over the default. */
const ALIASES_51 = `{ ${Array.from({ length: 51 }, (_, index) => `s${index}: inboundShipments(first: 1) { totalCount }`).join(' ')} }`;

/** 11 levels deep, 1 over the default: what introspection of nested types looks like. */
const DEPTH_11 = `{ __type(name: "Order") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType {
  name } } } } } } } } } } }`;

/** 20,001 tokens and the two braces: over the default of 20,000. */
const TOKENS_20_003 = `{ ${'__typename '.repeat(20_001)}}`;

/** The refusal's one error, after checking that nothing reached a marketplace meanwhile. */
async function refusedWithoutCalls(
  gw: TestGateway,
  send: () => Promise<GraphqlResponse | SubscriptionResult>,
): Promise<{ message: string; extensions?: Record<string, any> }> {
  const before = upstreamRequests(gw);
  const answer = await send();
  assert.equal(upstreamRequests(gw) - before, 0, 'upstream calls made for a refused operation');
  assert.equal(answer.data ?? undefined, undefined);
  assert.equal(answer.errors?.length, 1, JSON.stringify(answer.errors));
  return answer.errors[0]!;
}

/**
 * An operation that was admitted and ran: it has data, and no refusal. (A marketplace too slow for the deadline on a
 * loaded machine may add its own error beside the data: that is not what these tests are about.)
 */
function assertRan(answer: GraphqlResponse | SubscriptionResult): void {
  assert.ok(answer.data, JSON.stringify(answer.errors));
  const codes = (answer.errors ?? []).map((error) => error.extensions?.code);
  assert.ok(!codes.includes('OPERATION_LIMIT_EXCEEDED') && !codes.includes('RATE_LIMITED'), JSON.stringify(codes));
}

/** Each way an operation arrives: a POST over HTTP (with its status), and a subscribe message over graphql-ws. */
function transports(gw: () => TestGateway, credential?: string) {
  return {
    http: async (query: string, variables?: Record<string, unknown>, status = 400) => {
      const answer = await gw().graphql(query, variables, credential ? bearer(credential) : {});
      assert.equal(answer.status, status, JSON.stringify(answer.errors));
      return answer;
    },
    // graphql-ws has no status: the operation's answer is its only outcome.
    websocket: (query: string, variables: Record<string, unknown> = {}, _status?: number) =>
      overSocket(gw().url, query, variables, credential ? bearer(credential) : {}),
  };
}

describe('operations over their limits are refused before they run (default limits)', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway();
    // The Fruugo order download the gateway starts with: after it, only operations call the simulators.
    await eventually("Fruugo's first order download", async () => gw.fruugo.control.requests().length || undefined);
  });
  after(() => gw.close());

  for (const [name, send] of Object.entries(transports(() => gw))) {
    describe(`over ${name}`, () => {
      test('the 1,000-alias orders(first: 100) bomb: 0 upstream calls, its cost and the limit in the message', async () => {
        const error = await refusedWithoutCalls(gw, () => send(ordersAliasBomb(1000, 100)));
        // Per alias: 3 calls (noon's 50-order pages, Marketplacer's 100; Fruugo and Increff list from the store)
        // and 100 × (the connection and the order).
        assert.equal(
          error.message,
          'Operation refused before it ran: it costs 203,000, over the limit of 20,000; it uses 1,000 aliases, ' +
            'over the limit of 50',
        );
        assert.deepEqual(error.extensions, {
          code: 'OPERATION_LIMIT_EXCEEDED',
          httpStatus: 400,
          cost: 203_000,
          depth: 3,
          aliases: 1000,
          limits: { cost: 20_000, depth: 10, aliases: 50 },
        });
      });

      test('100 aliases of inventoryLevels with 1,000 SKUs each: 0 upstream calls', async () => {
        const bomb = inventoryAliasBomb(100, 1000);
        const error = await refusedWithoutCalls(gw, () => send(bomb.query, bomb.variables));
        // Per alias: 16 calls (noon 1 of 1,000 SKUs, Increff 5 of 200, Marketplacer 10 of 100) and 1,000 levels.
        assert.match(error.message, /it costs 101,600, over the limit of 20,000; it uses 100 aliases/);
        assert.equal(error.extensions?.code, 'OPERATION_LIMIT_EXCEEDED');
      });

      test('`first: $n` is priced with the variable: the same document runs with 10 and is refused with 100', async () => {
        assertRan(await send(RICH_ORDERS, { n: 10 }, 200));
        const error = await refusedWithoutCalls(gw, () => send(RICH_ORDERS, { n: 100 }));
        assert.match(error.message, /^Operation refused before it ran: it costs 27,138, over the limit of 20,000$/);
      });

      test('too many aliases, too deep: refused, naming the count and the limit', async () => {
        const aliases = await refusedWithoutCalls(gw, () => send(ALIASES_51));
        assert.equal(aliases.message, 'Operation refused before it ran: it uses 51 aliases, over the limit of 50');
        const deep = await refusedWithoutCalls(gw, () => send(DEPTH_11));
        assert.equal(deep.message, 'Operation refused before it ran: it is 11 levels deep, over the limit of 10');
        assert.equal(deep.extensions?.code, 'OPERATION_LIMIT_EXCEEDED');
      });

      test('fragments that multiply a short document past 20,000 fields: refused unpriced', async () => {
        const error = await refusedWithoutCalls(gw, () => send(fragmentBomb(30, 3)));
        assert.equal(
          error.message,
          'Operation refused before it ran: it selects more than 20,000 fields (each fragment counted where it is spread)',
        );
        assert.equal(error.extensions?.cost, null);
      });

      test('too many tokens: refused as it is parsed', async () => {
        const error = await refusedWithoutCalls(gw, () => send(TOKENS_20_003));
        // graphql-js's own words (its typo included): the parser stops counting there.
        assert.match(error.message, /^Syntax Error: Document contains more tha[tn] 20000 tokens\. Parsing aborted\.$/);
        assert.equal(error.extensions?.code, 'GRAPHQL_PARSE_FAILED');
      });
    });
  }

  test('over graphql-ws, a refused operation leaves its socket open for the next one', async () => {
    const socket = transports(() => gw).websocket;
    const refused = await socket(ALIASES_51);
    assert.equal(refused.errors?.[0]?.extensions?.code, 'OPERATION_LIMIT_EXCEEDED');
    // overSocket fails when the socket closes without GraphQL errors; here the operation got its own error message,
    // so the server kept the socket (graphql-ws closes it with 4500 for an error it does not answer).
    const next = await socket(`{ orders(first: 1) { nodes { id } } }`);
    assert.equal(next.errors, undefined);
    assert.equal(next.data?.orders.nodes.length, 1);
  });
});

describe('limits raised for one API key', () => {
  let gw: TestGateway;
  const REPORTS = 'reports-key-000000000000000001';
  const DASHBOARD = 'dashboard-key-0000000000000001';
  before(async () => {
    gw = await startTestGateway({
      env: {
        AUTH_API_KEYS: JSON.stringify([
          { name: 'reports', key: REPORTS, roles: ['viewer'], limits: { maxCost: 30_000 } },
          { name: 'dashboard', key: DASHBOARD, roles: ['viewer'] },
        ]),
      },
    });
  });
  after(() => gw.close());

  for (const transport of ['http', 'websocket'] as const) {
    test(`over ${transport}, the key with maxCost 30,000 runs what the other key is refused`, async () => {
      assertRan(await transports(() => gw, REPORTS)[transport](RICH_ORDERS, { n: 100 }, 200));
      const error = await refusedWithoutCalls(gw, () =>
        transports(() => gw, DASHBOARD)[transport](RICH_ORDERS, { n: 100 }),
      );
      assert.match(error.message, /it costs 27,138, over the limit of 20,000$/);
    });
  }
});
