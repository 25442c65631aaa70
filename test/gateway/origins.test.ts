import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { AUTH_API_KEYS, bearer, KEYS } from '../support/auth.js';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';

// Which browser pages may call the gateway (CORS_ORIGINS): CORS on /graphql, a 403 for a foreign page's request
// (a browser sends some without a preflight), and the same check on the websocket upgrade, where browsers enforce
// nothing.

const ALLOWED = 'https://ops.example.com';
const FOREIGN = 'https://evil.example';
const APOLLO_SANDBOX = 'https://sandbox.embed.apollographql.com';

/** A browser's CORS preflight for a POST with credentials (to /graphql unless `path` says otherwise). */
function preflight(gw: TestGateway, origin: string, path = '/graphql'): Promise<Response> {
  return fetch(`${gw.origin}${path}`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    },
  });
}

/** How a websocket upgrade from `origin` ends: `open`, or the HTTP status of the refusal; no GraphQL message is sent. */
function upgrade(gw: TestGateway, origin: string): Promise<{ opened: true } | { status: number; messages: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(gw.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { origin });
    let messages = 0;
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('the upgrade neither opened nor was refused within 5 s'));
    }, 5000);
    socket.on('message', () => (messages += 1));
    socket.on('open', () => {
      clearTimeout(timer);
      socket.close();
      resolve({ opened: true });
    });
    socket.on('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      response.resume();
      socket.terminate();
      resolve({ status: response.statusCode ?? 0, messages });
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

describe('CORS_ORIGINS=https://ops.example.com', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ env: { CORS_ORIGINS: ALLOWED, AUTH_API_KEYS } });
  });
  after(() => gw.close());

  test('a preflight from the allowed origin is answered for it, with authorization among the allowed headers', async () => {
    const response = await preflight(gw, ALLOWED);
    assert.ok(response.status === 204 || response.status === 200, `status ${response.status}`);
    assert.equal(response.headers.get('access-control-allow-origin'), ALLOWED);
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/);
    assert.ok(
      allowed.includes('authorization') && allowed.includes('content-type'),
      `allow-headers: ${allowed.join(', ')}`,
    );
    assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/);
  });

  test('a preflight from another origin names no allowed origin', async () => {
    const response = await preflight(gw, FOREIGN);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });

  test('CORS is for /graphql only: a preflight from the allowed origin to a webhook or /healthz names no origin', async () => {
    for (const path of ['/webhooks/fruugo', '/healthz', '/nothing']) {
      const response = await preflight(gw, ALLOWED, path);
      assert.equal(response.headers.get('access-control-allow-origin'), null, path);
    }
  });

  test('a POST from another origin is refused with 403 and an error, and runs nothing', async () => {
    const nr = gw.noon.control.placeFbpiOrder();
    const id = `NOON:${nr}`;
    gw.noon.control.resetRequests();
    const response = await gw.graphql(
      `mutation ($id: ID!) { confirmOrder(id: $id) { id status } }`,
      { id },
      { ...bearer(KEYS.admin), origin: FOREIGN },
    );
    assert.equal(response.status, 403);
    assert.equal(response.data, undefined);
    assert.equal(response.errors?.length, 1);
    assert.equal(response.errors![0]!.extensions?.code, 'FORBIDDEN');
    assert.match(response.errors![0]!.message, /Origin https:\/\/evil\.example is not allowed \(CORS_ORIGINS\)/);
    assert.equal(response.headers.get('access-control-allow-origin'), null);

    // Nothing ran: noon was asked for no acknowledgement, the order is still pending, and no mutation was audited.
    assert.deepEqual(
      gw.noon.control.requests().filter((request) => request.path.endsWith('/fbpi-order/update')),
      [],
    );
    const order: any = dataOf(
      await gw.graphql(`query ($id: ID!) { order(id: $id) { status } }`, { id }, bearer(KEYS.admin)),
    );
    assert.equal(order.order.status, 'PENDING');
    const audit: any = dataOf(
      await gw.graphql(`{ auditLog(first: 200) { nodes { arguments } } }`, {}, bearer(KEYS.admin)),
    );
    assert.ok(!audit.auditLog.nodes.some((entry: any) => entry.arguments.id === id), 'no audit entry for it');
  });

  test('a POST from the allowed origin with a key answers 200, with CORS headers for it', async () => {
    const response = await gw.graphql(
      `{ orders(marketplaces: [NOON], first: 1) { nodes { id } } }`,
      {},
      { ...bearer(KEYS.viewer), origin: ALLOWED },
    );
    assert.equal(response.status, 200);
    dataOf(response);
    assert.equal(response.headers.get('access-control-allow-origin'), ALLOWED);
    assert.match(response.headers.get('access-control-expose-headers') ?? '', /x-request-id/i);
  });

  test('a POST with no Origin (a server, curl) answers 200', async () => {
    const response = await gw.graphql(
      `{ orders(marketplaces: [NOON], first: 1) { nodes { id } } }`,
      {},
      bearer(KEYS.viewer),
    );
    assert.equal(response.status, 200);
    dataOf(response);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });

  test('a page the gateway served itself (its own origin) may POST without being listed', async () => {
    const response = await gw.graphql(`{ __typename }`, {}, { ...bearer(KEYS.viewer), origin: gw.origin });
    assert.equal(response.status, 200);
    assert.deepEqual(response.data, { __typename: 'Query' });
  });

  test('a websocket upgrade from another origin is refused with 403 before any GraphQL message', async () => {
    assert.deepEqual(await upgrade(gw, FOREIGN), { status: 403, messages: 0 });
  });

  test('a websocket upgrade from the allowed origin completes the handshake', async () => {
    assert.deepEqual(await upgrade(gw, ALLOWED), { opened: true });
  });
});

describe('CORS_ORIGINS unset outside production', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ env: { AUTH_API_KEYS } });
  });
  after(() => gw.close());

  test('Apollo Sandbox’s origin is allowed: its preflight is answered, and so is its websocket', async () => {
    const response = await preflight(gw, APOLLO_SANDBOX);
    assert.equal(response.headers.get('access-control-allow-origin'), APOLLO_SANDBOX);
    assert.ok((response.headers.get('access-control-allow-headers') ?? '').toLowerCase().includes('authorization'));
    assert.deepEqual(await upgrade(gw, APOLLO_SANDBOX), { opened: true });
  });

  test('another origin is not', async () => {
    assert.equal((await preflight(gw, FOREIGN)).headers.get('access-control-allow-origin'), null);
    assert.deepEqual(await upgrade(gw, FOREIGN), { status: 403, messages: 0 });
  });
});
