import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import type { JWTPayload } from 'jose';
import WebSocket from 'ws';
import { eventually } from '../../support/eventually.js';
import { triggerFruugoDownload } from '../../support/fruugo-orders.js';
import { dataOf, startTestGateway, type GraphqlResponse, type TestGateway } from '../../support/gateway.js';
import { startJwksServer, type JwksServer, type TokenOptions } from '../support/jwks-server.js';
import { ManualClock } from '../support/manual-clock.js';
import { bearer } from '../support/auth.js';

/** Every marketplace, as a token's `marketplaces` claim lists them. */
const EVERY_MARKETPLACE = ['NOON', 'INCREFF', 'FRUUGO', 'MARKETPLACER'];

/**
 * The least time between two JWKS fetches caused by tokens naming unknown key ids, or after a failed fetch
 * (AUTH_JWKS_REFETCH_SECONDS, its default): the rotation tests move the gateway's clock past it instead of waiting.
 */
const REFETCH_MS = 60_000;

/** A gateway that authenticates JWTs from `jwks` only. */
function jwtEnv(jwks: JwksServer): Record<string, string> {
  return {
    AUTH_JWKS_URL: jwks.url,
    AUTH_JWT_ISSUER: jwks.issuer,
    AUTH_JWT_AUDIENCE: jwks.audience,
    AUTH_JWT_MARKETPLACES_CLAIM: 'marketplaces',
    AUTH_JWKS_REFETCH_SECONDS: String(REFETCH_MS / 1000),
  };
}

/** A token for subject `user-1` with these claims (they may override `sub`). */
function tokenFor(jwks: JwksServer, claims: JWTPayload, options?: TokenOptions): Promise<string> {
  return jwks.sign({ sub: 'user-1', ...claims }, options);
}

/** `token` with one character of its signature changed (in the middle, so no base64url padding bit hides it). */
function tampered(token: string): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const at = Math.floor(signature.length / 2);
  const swapped = signature[at] === 'A' ? 'B' : 'A';
  return `${header}.${payload}.${signature.slice(0, at)}${swapped}${signature.slice(at + 1)}`;
}

/** Fails naming `what` unless `promise` settles within `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Asserts the refusal of an HTTP request that authenticated no one: 401, one UNAUTHENTICATED error, a Bearer challenge. */
function assertUnauthenticated(response: GraphqlResponse, message: RegExp): void {
  assert.equal(response.status, 401, JSON.stringify(response.errors));
  assert.equal(response.errors?.length, 1, JSON.stringify(response.errors));
  assert.equal(response.errors[0]!.extensions?.code, 'UNAUTHENTICATED');
  assert.match(response.errors[0]!.message, message);
  assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer\b/);
  assert.equal(response.data ?? undefined, undefined, 'nothing was executed');
}

/** The one error at `path`, which must be FORBIDDEN. */
function assertForbiddenAt(response: GraphqlResponse, path: string[]): { message: string } {
  assert.equal(response.status, 200, 'FORBIDDEN is an error of a field, not of the request');
  const error = response.errors?.find((candidate) => JSON.stringify(candidate.path) === JSON.stringify(path));
  assert.ok(error, `an error at ${path.join('.')}: ${JSON.stringify(response.errors)}`);
  assert.equal(error.extensions?.code, 'FORBIDDEN', JSON.stringify(error));
  return error;
}

/** A graphql-ws connection opened right away (not lazily), reporting how and when it closed. */
interface Socket {
  client: Client;
  /** The close code and reason the server sent, and when it arrived. */
  closed: Promise<{ code: number; reason: string; at: number }>;
  /** Resolves when the server acknowledged `connection_init`. */
  connected: Promise<void>;
}

function openSocket(url: string, connectionParams?: Record<string, unknown>): Socket {
  let onClosed!: (value: { code: number; reason: string; at: number }) => void;
  let onConnected!: () => void;
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) => (onClosed = resolve));
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    // The refusals are what these tests are after; graphql-ws would print each one.
    onNonLazyError: () => {},
    ...(connectionParams ? { connectionParams } : {}),
    on: {
      connected: () => onConnected(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        onClosed({ code, reason, at: Date.now() });
      },
    },
  });
  return { client, closed, connected };
}

/** One query or mutation over the socket: its single result. */
function execute(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<FormattedExecutionResult<Record<string, any>, unknown>> {
  return within(
    new Promise((resolve, reject) => {
      let result: FormattedExecutionResult<Record<string, any>, unknown> | undefined;
      client.subscribe<Record<string, any>>(
        { query, variables },
        {
          next: (value) => (result = value),
          error: reject,
          complete: () => (result ? resolve(result) : reject(new Error('completed with no result'))),
        },
      );
    }),
    5000,
    `the result of ${query}`,
  );
}

const ORDERS = `{ orders(first: 5) { nodes { id } } }`;
const CONFIRM = `mutation ($id: ID!) { confirmOrder(id: $id) { id status } }`;

describe('JWT authentication over HTTP and graphql-ws', () => {
  let jwks: JwksServer;
  let gw: TestGateway;
  /** An admin of every marketplace: with AUTH_JWT_MARKETPLACES_CLAIM set, no token is unlimited. */
  let admin: Record<string, string>;
  let fruugoOrderId: string;

  before(async () => {
    jwks = await startJwksServer();
    gw = await startTestGateway({
      noonOptions: { fbpiOrderCount: 6 },
      fruugoOptions: { orderCount: 4 },
      marketplacerOptions: { invoices: 5 },
      env: jwtEnv(jwks),
    });
    admin = bearer(await tokenFor(jwks, { sub: 'admin-1', roles: ['admin'], marketplaces: EVERY_MARKETPLACE }));
    fruugoOrderId = await eventually('Fruugo’s first download', async () => {
      const page = (await gw.graphql(`{ orders(marketplaces: [FRUUGO], first: 5) { nodes { id } } }`, {}, admin)).data;
      return page?.orders.nodes[0]?.id as string | undefined;
    });
  });
  after(async () => {
    await gw?.close();
    await jwks?.close();
  });

  test('a viewer reads orders; a mutation and an admin-only field answer FORBIDDEN on that field', async () => {
    const viewer = bearer(await tokenFor(jwks, { roles: ['viewer'], marketplaces: EVERY_MARKETPLACE }));
    const read = await gw.graphql(ORDERS, {}, viewer);
    assert.equal(read.status, 200);
    const ids: string[] = dataOf(read).orders.nodes.map((node: { id: string }) => node.id);
    assert.equal(ids.length, 5);
    const noonId = dataOf(await gw.graphql(`{ orders(marketplaces: [NOON], first: 1) { nodes { id } } }`, {}, viewer))
      .orders.nodes[0].id;

    const confirm = await gw.graphql(CONFIRM, { id: noonId }, viewer);
    const refusal = assertForbiddenAt(confirm, ['confirmOrder']);
    assert.match(refusal.message, /confirmOrder needs the operator role; user-1 has viewer/);
    assert.equal(confirm.errors?.length, 1);

    // The role is checked per field: the one error is the admin-only field's, which is nullable, so `orders` still
    // answers beside it.
    const mixed = await gw.graphql(
      `{ orders(first: 5) { nodes { id } } webhookEvents(first: 1) { nodes { id } } }`,
      {},
      viewer,
    );
    assert.match(
      assertForbiddenAt(mixed, ['webhookEvents']).message,
      /webhookEvents needs the admin role; user-1 has viewer/,
    );
    assert.equal(mixed.errors?.length, 1, JSON.stringify(mixed.errors));
    assert.equal(mixed.data?.orders.nodes.length, 5);
    assert.equal(mixed.data?.webhookEvents, null);
  });

  test('an expired token is refused with 401 UNAUTHENTICATED and a Bearer challenge', async () => {
    const expired = await tokenFor(jwks, { roles: ['admin'], marketplaces: EVERY_MARKETPLACE }, { expiresIn: -60 });
    assertUnauthenticated(await gw.graphql(ORDERS, {}, bearer(expired)), /expired/);
  });

  test('a token of another issuer or audience, by an unpublished key, tampered with, or with no `sub` is refused with 401', async (t) => {
    const claims = { roles: ['admin'], marketplaces: EVERY_MARKETPLACE };
    const cases: Array<[string, string, RegExp]> = [
      ['another issuer', await tokenFor(jwks, claims, { issuer: 'https://elsewhere.example/' }), /"iss" claim/],
      ['another audience', await tokenFor(jwks, claims, { audience: 'another-application' }), /"aud" claim/],
      [
        'an unpublished key',
        await tokenFor(jwks, claims, { kid: await jwks.unpublishedKid() }),
        /key the identity provider does not publish/,
      ],
      ['a changed signature', tampered(await tokenFor(jwks, claims)), /signature does not verify/],
      ['no sub', await jwks.sign(claims), /"sub" claim/],
    ];
    for (const [what, token, message] of cases) {
      await t.test(what, async () => assertUnauthenticated(await gw.graphql(ORDERS, {}, bearer(token)), message));
    }
    // The same token untouched is fine: each refusal above is for what was changed.
    assert.equal((await gw.graphql(ORDERS, {}, bearer(await tokenFor(jwks, claims)))).status, 200);
  });

  test('the marketplaces claim scopes lists, single orders and stock', async () => {
    const noonOperator = bearer(await tokenFor(jwks, { sub: 'noon-ops', roles: ['operator'], marketplaces: ['NOON'] }));

    const listed = dataOf(await gw.graphql(`{ orders(first: 50) { nodes { id marketplace } } }`, {}, noonOperator))
      .orders.nodes;
    assert.ok(listed.length > 0);
    assert.deepEqual([...new Set(listed.map((order: { marketplace: string }) => order.marketplace))], ['NOON']);
    const everyone = dataOf(await gw.graphql(`{ orders(first: 50) { nodes { marketplace } } }`, {}, admin)).orders
      .nodes;
    const everyMarketplace = new Set(everyone.map((order: { marketplace: string }) => order.marketplace));
    for (const marketplace of ['NOON', 'FRUUGO', 'MARKETPLACER'])
      assert.ok(everyMarketplace.has(marketplace), `the unscoped list has ${marketplace}`);

    const fruugo = await gw.graphql(`query ($id: ID!) { order(id: $id) { id } }`, { id: fruugoOrderId }, noonOperator);
    assert.match(assertForbiddenAt(fruugo, ['order']).message, /noon-ops may not use FRUUGO/);
    assertForbiddenAt(await gw.graphql(`{ orders(marketplaces: [FRUUGO]) { nodes { id } } }`, {}, noonOperator), [
      'orders',
    ]);

    const STOCK = `{ inventoryLevels(skus: ["PSKU-000001", "PSKU-000002"]) { sku marketplace } }`;
    const levels = dataOf(await gw.graphql(STOCK, {}, noonOperator)).inventoryLevels;
    assert.ok(levels.length > 0);
    assert.deepEqual([...new Set(levels.map((level: { marketplace: string }) => level.marketplace))], ['NOON']);
    const allLevels = dataOf(await gw.graphql(STOCK, {}, admin)).inventoryLevels;
    assert.deepEqual([...new Set(allLevels.map((level: { marketplace: string }) => level.marketplace))].sort(), [
      'INCREFF',
      'MARKETPLACER',
      'NOON',
    ]);
  });

  test('a token whose marketplaces claim names none the gateway knows, or is missing, may use no marketplace', async () => {
    // MarketplaceAccess.narrow refuses a caller with an empty scope outright: an empty list must never read as "all".
    for (const claims of [{ marketplaces: ['AMAZON'] }, { marketplaces: [] }, {}]) {
      const token = bearer(await tokenFor(jwks, { sub: 'nowhere', roles: ['admin'], ...claims }));
      const response = await gw.graphql(ORDERS, {}, token);
      assert.match(
        assertForbiddenAt(response, ['orders']).message,
        /nowhere may not use any marketplace/,
        JSON.stringify(claims),
      );
      assert.equal(response.data, null, 'orders is non-null, so its refusal nulls the data');
      const one = await gw.graphql(`query ($id: ID!) { order(id: $id) { id } }`, { id: fruugoOrderId }, token);
      assertForbiddenAt(one, ['order']);
    }
  });

  test('roles in one space-separated string count as a list', async () => {
    const created = gw.fruugo.control.createOrder();
    const id = `FRUUGO:${created.orderId}`;
    await triggerFruugoDownload(gw);
    await eventually(`${id} downloaded`, async () =>
      (await gw.graphql(`query ($id: ID!) { order(id: $id) { id } }`, { id }, admin)).data?.order ? true : undefined,
    );

    const viewerOnly = bearer(await tokenFor(jwks, { roles: 'viewer', marketplaces: EVERY_MARKETPLACE }));
    assertForbiddenAt(await gw.graphql(CONFIRM, { id }, viewerOnly), ['confirmOrder']);
    const operator = bearer(await tokenFor(jwks, { roles: 'viewer operator', marketplaces: EVERY_MARKETPLACE }));
    assert.equal(dataOf(await gw.graphql(CONFIRM, { id }, operator)).confirmOrder.id, id);
    // The marketplaces claim may be one string too, in any case.
    const spaced = bearer(await tokenFor(jwks, { roles: 'viewer', marketplaces: 'noon fruugo' }));
    const markets = dataOf(await gw.graphql(`{ orders(first: 100) { nodes { marketplace } } }`, {}, spaced)).orders
      .nodes;
    assert.deepEqual([...new Set(markets.map((order: { marketplace: string }) => order.marketplace))].sort(), [
      'FRUUGO',
      'NOON',
    ]);
  });

  test('graphql-ws: a valid token in connection_init runs operations, with the same role rules as HTTP', async () => {
    const token = await tokenFor(jwks, { roles: ['viewer'], marketplaces: EVERY_MARKETPLACE });
    const socket = openSocket(gw.url, { authorization: `Bearer ${token}` });
    try {
      await within(socket.connected, 5000, 'connection_ack');
      const read = await execute(socket.client, ORDERS);
      assert.equal(read.errors, undefined, JSON.stringify(read.errors));
      assert.equal(read.data?.orders.nodes.length, 5);
      const refused = await execute(socket.client, CONFIRM, { id: fruugoOrderId });
      assert.deepEqual(
        refused.errors?.map((error) => [error.path, error.extensions?.code]),
        [[['confirmOrder'], 'FORBIDDEN']],
      );
    } finally {
      await socket.client.dispose();
    }
  });

  test('graphql-ws: a bad, expired or missing credential closes the socket with 4401', async () => {
    const valid = await tokenFor(jwks, { roles: ['viewer'], marketplaces: EVERY_MARKETPLACE });
    const cases: Array<[string, Record<string, unknown> | undefined]> = [
      ['a tampered token', { authorization: `Bearer ${tampered(valid)}` }],
      [
        'an expired token',
        { authorization: `Bearer ${await tokenFor(jwks, { roles: ['viewer'] }, { expiresIn: -60 })}` },
      ],
      ['no credentials', undefined],
      ['a credential not in Bearer form', { authorization: valid }],
    ];
    for (const [what, params] of cases) {
      const socket = openSocket(gw.url, params);
      try {
        const closed = await within(socket.closed, 5000, `the close after ${what}`);
        assert.equal(closed.code, 4401, `${what}: ${closed.reason}`);
        assert.match(closed.reason, /^Unauthorized/);
      } finally {
        await socket.client.dispose();
      }
    }
  });

  test('graphql-ws: an open subscription’s socket is closed with 4401 when its token expires', async () => {
    const expiresIn = 2;
    const token = await tokenFor(jwks, { roles: ['viewer'], marketplaces: EVERY_MARKETPLACE }, { expiresIn });
    const expiresAt = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).exp * 1000;
    const socket = openSocket(gw.url, { authorization: `Bearer ${token}` });
    let ended: unknown;
    try {
      await within(socket.connected, 5000, 'connection_ack');
      socket.client.subscribe(
        { query: `subscription { orderEvents { cursor } }` },
        { next: () => {}, error: (error) => (ended = error), complete: () => {} },
      );
      const closed = await within(socket.closed, 8000, 'the close at expiry');
      assert.equal(closed.code, 4401, closed.reason);
      assert.match(closed.reason, /expired/);
      // Timers may fire a few ms early by the wall clock; never a good part of a second early.
      assert.ok(closed.at >= expiresAt - 100, `closed ${expiresAt - closed.at} ms before the token expired`);
      assert.ok(closed.at <= expiresAt + 2000, `closed ${closed.at - expiresAt} ms after the token expired`);
      await eventually(
        'the subscription to end with the socket',
        async () => (ended !== undefined ? true : undefined),
        2000,
      );
    } finally {
      await socket.client.dispose();
    }
  });
});

describe('JWT signing keys rotating at the identity provider', () => {
  let jwks: JwksServer;
  let gw: TestGateway;
  /** The gateway's time: the refetch interval passes when a test moves it. */
  const clock = new ManualClock();
  const claims = { roles: ['viewer'], marketplaces: ['NOON'] };

  before(async () => {
    jwks = await startJwksServer();
    gw = await startTestGateway({
      clock,
      noonOptions: { fbpiOrderCount: 3 },
      fruugoOptions: { orderCount: 1 },
      env: jwtEnv(jwks),
    });
  });
  after(async () => {
    await gw?.close();
    await jwks?.close();
  });

  const status = async (token: string) => (await gw.graphql(ORDERS, {}, bearer(token))).status;

  test('a new key is accepted once published; a retired one is refused once the keys are fetched again', async () => {
    const oldToken = await tokenFor(jwks, claims);
    assert.equal(await status(oldToken), 200);
    assert.equal(jwks.fetches(), 1, 'the keys were fetched once, for the first token');

    const newKid = await jwks.rotate();
    const newToken = await tokenFor(jwks, claims, { kid: newKid });
    // Within a refetch interval of the last fetch an unknown kid is refused without asking the provider; after it,
    // the provider is asked again and the new key found.
    assertUnauthenticated(await gw.graphql(ORDERS, {}, bearer(newToken)), /key the identity provider does not publish/);
    assert.equal(jwks.fetches(), 1, 'not asked within the interval');
    clock.advance(REFETCH_MS);
    assert.equal(await status(newToken), 200);
    assert.equal(jwks.fetches(), 2);
    assert.equal(await status(oldToken), 200, 'both keys are published');

    jwks.retireOldKeys();
    // Fetched keys are kept (up to ten minutes) until a token with an unknown kid makes the gateway fetch again.
    assert.equal(await status(oldToken), 200, 'the old key is still cached');
    const strangerKid = await jwks.unpublishedKid();
    clock.advance(REFETCH_MS); // past the refetch interval, so the next unknown kid fetches the keys
    const before = jwks.fetches();
    assert.equal(await status(await tokenFor(jwks, claims, { kid: strangerKid })), 401);
    assert.equal(jwks.fetches(), before + 1, 'the unknown kid made the gateway fetch the keys again');

    const refused = await gw.graphql(ORDERS, {}, bearer(oldToken));
    assertUnauthenticated(refused, /key the identity provider does not publish/);
    assert.equal(await status(newToken), 200);
  });

  test('tokens with unknown key ids make the gateway fetch the keys at most once per refetch interval', async () => {
    const kids = await Promise.all(Array.from({ length: 20 }, () => jwks.unpublishedKid()));
    const tokens = await Promise.all(kids.map((kid) => tokenFor(jwks, claims, { kid })));
    clock.advance(REFETCH_MS); // past the interval: the first of them may fetch
    const before = jwks.fetches();
    for (const token of tokens.slice(0, 10)) assert.equal(await status(token), 401);
    assert.equal(jwks.fetches(), before + 1, 'the first unknown kid fetched the keys, the next nine did not');

    clock.advance(REFETCH_MS - 1);
    assert.equal(await status(tokens[10]!), 401);
    assert.equal(jwks.fetches(), before + 1, 'a moment before the interval has passed: not asked');
    clock.advance(1);
    for (const token of tokens.slice(11)) assert.equal(await status(token), 401);
    assert.equal(jwks.fetches(), before + 2, 'once it has passed: asked once more');
  });
});

describe('JWT authentication while the identity provider is down', () => {
  let jwks: JwksServer;
  let gw: TestGateway;
  /** The gateway's time: the refetch interval passes when a test moves it. */
  const clock = new ManualClock();

  before(async () => {
    jwks = await startJwksServer();
    jwks.setDown(true); // before the gateway has ever fetched the keys
    gw = await startTestGateway({
      clock,
      noonOptions: { fbpiOrderCount: 3 },
      fruugoOptions: { orderCount: 1 },
      env: jwtEnv(jwks),
    });
  });
  after(async () => {
    await gw?.close();
    await jwks?.close();
  });

  test('a token cannot be checked: HTTP answers 503 AUTHENTICATION_UNAVAILABLE and graphql-ws closes with 1013, until the keys come back', async () => {
    const token = await tokenFor(jwks, { roles: ['viewer'], marketplaces: ['NOON'] });
    try {
      const response = await gw.graphql(ORDERS, {}, bearer(token));
      assert.equal(response.status, 503, JSON.stringify(response.errors));
      assert.equal(response.errors?.length, 1);
      assert.equal(response.errors[0]!.extensions?.code, 'AUTHENTICATION_UNAVAILABLE');
      assert.ok(response.headers.get('retry-after'), 'the client is told when to try again');
      assert.equal(response.headers.get('www-authenticate'), null, 'no challenge: the credentials were not at fault');
      assert.equal(jwks.fetches(), 1, 'the gateway did ask the provider');

      // Requests keep coming while the provider is down: within the refetch interval it is not asked again.
      for (let i = 0; i < 10; i += 1) assert.equal((await gw.graphql(ORDERS, {}, bearer(token))).status, 503);
      assert.equal(jwks.fetches(), 1, 'one fetch for 11 requests within the interval');

      const socket = openSocket(gw.url, { authorization: `Bearer ${token}` });
      try {
        const closed = await within(socket.closed, 5000, 'the close while the keys are unavailable');
        assert.equal(closed.code, 1013, closed.reason);
      } finally {
        await socket.client.dispose();
      }
    } finally {
      jwks.setDown(false);
    }
    // A failed fetch is not cached for long: the provider is asked again once the interval has passed, and the
    // same token is accepted.
    assert.equal((await gw.graphql(ORDERS, {}, bearer(token))).status, 503, 'not asked yet, within the interval');
    clock.advance(REFETCH_MS);
    assert.equal((await gw.graphql(ORDERS, {}, bearer(token))).status, 200);
    assert.equal(jwks.fetches(), 2);
  });

  test('when the provider goes down again, the keys held still serve, and unknown key ids do not make the gateway ask it on every request', async () => {
    const known = await tokenFor(jwks, { roles: ['viewer'], marketplaces: ['NOON'] });
    assert.equal((await gw.graphql(ORDERS, {}, bearer(known))).status, 200);
    const strangers = await Promise.all(
      Array.from({ length: 10 }, async () =>
        tokenFor(jwks, { roles: ['viewer'] }, { kid: await jwks.unpublishedKid() }),
      ),
    );
    jwks.setDown(true);
    try {
      clock.advance(REFETCH_MS); // past the refetch interval: the first unknown kid asks the provider
      const before = jwks.fetches();
      const statuses = [];
      for (const token of strangers) statuses.push((await gw.graphql(ORDERS, {}, bearer(token))).status);
      // The first could not be checked; the others, within the interval of that failed fetch, are checked against
      // the keys held, which do not have their key.
      assert.deepEqual(statuses, [503, ...Array<number>(9).fill(401)]);
      assert.equal(jwks.fetches(), before + 1, 'one fetch for 10 unknown kids');
      assert.equal((await gw.graphql(ORDERS, {}, bearer(known))).status, 200, 'a key already held still verifies');
    } finally {
      jwks.setDown(false);
    }
  });
});
