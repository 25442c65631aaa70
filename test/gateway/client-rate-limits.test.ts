import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { bearer } from '../support/auth.js';
import { eventually } from '../../support/eventually.js';
import { startTestGateway, type GraphqlResponse, type TestGateway } from '../../support/gateway.js';
import { upstreamRequests } from '../../support/upstream-requests.js';

// Issue 13: each caller's operations and cost a minute (README, Limits), answered with 429, Retry-After and
// RATE_LIMITED over HTTP, and with an error for that one operation over graphql-ws.

const KEYS = {
  dashboard: 'dashboard-key-0000000000000001',
  socket: 'socket-key-000000000000000001',
  costly: 'costly-key-000000000000000001',
  erp: 'erp-key-0000000000000000000001',
} as const;

const AUTH_API_KEYS = JSON.stringify([
  { name: 'dashboard', key: KEYS.dashboard, roles: ['viewer'] },
  { name: 'socket', key: KEYS.socket, roles: ['viewer'] },
  // Its own budgets: many operations, little cost.
  {
    name: 'costly',
    key: KEYS.costly,
    roles: ['viewer'],
    limits: { requestsPerMinute: 100, costPerMinute: 500, maxCost: 300 },
  },
  { name: 'erp', key: KEYS.erp, roles: ['operator'], limits: { requestsPerMinute: 1000 } },
]);

/** Costs 203: 3 upstream calls and 100 × (the connection and the order). */
const ORDERS_100 = `{ orders(first: 100) { nodes { id } } }`;

/** The answer of a rate-limited request: 429, Retry-After, RATE_LIMITED with the same seconds. */
function assertRateLimited(answer: GraphqlResponse): { message: string; extensions?: Record<string, any> } {
  assert.equal(answer.status, 429, JSON.stringify(answer.errors));
  const retryAfter = Number(answer.headers.get('retry-after'));
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${answer.headers.get('retry-after')}`);
  assert.equal(answer.errors?.length, 1);
  const error = answer.errors[0]!;
  assert.equal(error.extensions?.code, 'RATE_LIMITED');
  assert.equal(error.extensions?.retryAfterSeconds, retryAfter);
  assert.equal(answer.data ?? undefined, undefined);
  return error;
}

describe('per-client rate limits, by API key (RATE_LIMIT_REQUESTS_PER_MINUTE=2)', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ env: { AUTH_API_KEYS, RATE_LIMIT_REQUESTS_PER_MINUTE: '2' } });
    await eventually("Fruugo's first order download", async () => gw.fruugo.control.requests().length || undefined);
  });
  after(() => gw.close());

  test('the third operation of a minute is answered 429 for that caller, while another caller is answered', async () => {
    const dashboard = (query: string) => gw.graphql(query, {}, bearer(KEYS.dashboard));
    assert.equal((await dashboard(`{ __typename }`)).status, 200);
    assert.equal((await dashboard(`{ orders(first: 1) { nodes { id } } }`)).status, 200);
    const before = upstreamRequests(gw);
    const error = assertRateLimited(await dashboard(`{ orders(first: 1) { nodes { id } } }`));
    assert.equal(upstreamRequests(gw) - before, 0, 'upstream calls made for a refused operation');
    assert.match(error.message, /^Rate limited: at most 2 operations a minute for this caller; try again in \d+ s$/);
    assert.equal(error.extensions?.requestsPerMinute, 2);

    for (let round = 0; round < 3; round += 1) {
      const erp = await gw.graphql(`{ orders(first: 1) { nodes { id } } }`, {}, bearer(KEYS.erp));
      assert.equal(erp.status, 200, JSON.stringify(erp.errors));
    }
    assertRateLimited(await dashboard(`{ __typename }`));
  });

  test("a caller's cost a minute: an operation that its budget cannot pay is answered 429, unsent", async () => {
    const costly = () => gw.graphql(ORDERS_100, {}, bearer(KEYS.costly));
    assert.equal((await costly()).status, 200);
    assert.equal((await costly()).status, 200);
    const before = upstreamRequests(gw);
    const error = assertRateLimited(await costly());
    assert.equal(upstreamRequests(gw) - before, 0, 'upstream calls made for a refused operation');
    assert.match(error.message, /cost budget \(500 a minute\) cannot pay this operation's cost of 203; try again in/);
    assert.deepEqual(
      { ...error.extensions, retryAfterSeconds: 0 },
      {
        code: 'RATE_LIMITED',
        httpStatus: 429,
        cost: 203,
        costPerMinute: 500,
        retryAfterSeconds: 0,
      },
    );
  });

  test('over graphql-ws, a subscribe over the limit gets an error for that operation; the socket and the others go on', async () => {
    const sku = 'PSKU-000042';
    const client: Client = createClient({
      url: gw.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
      connectionParams: bearer(KEYS.socket),
    });
    let closed = false;
    client.on('closed', () => (closed = true));
    const query = `subscription ($skus: [String!]) { inventoryChanged(skus: $skus) { sku available } }`;
    const heard: Array<Array<unknown>> = [[], []];
    const failures: unknown[] = [];
    const listen = (into: unknown[]) =>
      client.subscribe(
        { query, variables: { skus: [sku] } },
        { next: (result) => into.push(result), error: (error) => failures.push(error), complete: () => undefined },
      );
    try {
      listen(heard[0]!);
      listen(heard[1]!);
      const third = new Promise<unknown>((resolve) =>
        client.subscribe(
          { query, variables: { skus: [sku] } },
          { next: resolve, error: resolve, complete: () => undefined },
        ),
      );
      const refusal = (await third) as Array<{ message: string; extensions: Record<string, unknown> }>;
      assert.ok(Array.isArray(refusal), JSON.stringify(refusal));
      assert.equal(refusal[0]!.extensions.code, 'RATE_LIMITED');
      assert.match(refusal[0]!.message, /at most 2 operations a minute/);

      // The two admitted subscriptions still hear stock changes (made by another caller) on the same socket.
      let quantity = 0;
      await eventually('both subscriptions to hear a stock change', async () => {
        quantity += 1;
        await gw.graphql(
          `mutation ($items: [StockUpdateInput!]!) { updateStock(items: $items) { success } }`,
          { items: [{ sku, quantity }] },
          bearer(KEYS.erp),
        );
        return heard.every((results) => results.length > 0) || undefined;
      });
      assert.deepEqual(failures, []);
      assert.equal(closed, false);
    } finally {
      await client.dispose();
    }
  });
});

/** POSTs `query` to `url` from the local address `from` (any of 127.0.0.0/8 reaches a loopback server). */
function postFrom(from: string, url: string, query: string): Promise<{ status: number; body: Record<string, any> }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json' } },
      (incoming) => {
        let text = '';
        incoming.on('data', (chunk: Buffer) => (text += chunk.toString()));
        incoming.on('end', () =>
          resolve({ status: incoming.statusCode!, body: JSON.parse(text) as Record<string, any> }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify({ query }));
  });
}

describe('per-client rate limits of anonymous callers, by address (no authentication)', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ env: { RATE_LIMIT_REQUESTS_PER_MINUTE: '2' } });
  });
  after(() => gw.close());

  test('the third operation from 127.0.0.1 is answered 429, while 127.0.0.2 is answered', async () => {
    for (let round = 0; round < 2; round += 1) {
      assert.equal((await postFrom('127.0.0.1', gw.url, `{ __typename }`)).status, 200);
    }
    const refused = await postFrom('127.0.0.1', gw.url, `{ __typename }`);
    assert.equal(refused.status, 429);
    assert.equal(refused.body.errors[0].extensions.code, 'RATE_LIMITED');
    const other = await postFrom('127.0.0.2', gw.url, `{ __typename }`);
    assert.equal(other.status, 200, JSON.stringify(other.body));
    assert.equal(other.body.data.__typename, 'Query');
  });
});
