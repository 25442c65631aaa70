import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ERROR_CODES, type ErrorCode } from '../../src/graphql/errors.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import { downloadedFruugoOrder } from '../../support/fruugo-orders.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { ordersAliasBomb } from '../../support/query-bombs.js';
import { firstOutcome, openSocket } from '../../support/subscriptions.js';
import { AUTH_API_KEYS, bearer, KEYS } from '../support/auth.js';
import { assertContract, type ClientError } from '../support/error-contract.js';
import { startJwksServer, type JwksServer } from '../support/jwks-server.js';
import { CLIENT_MANIFEST } from '../support/trusted-documents.js';

/** What one request to /graphql answered: its HTTP status (101 for an operation over a websocket) and errors. */
interface Answer {
  status: number;
  errors: ClientError[];
}

/** The gateways a case may use: one with API keys and a JWKS that is down, one under strain. */
interface Harness {
  gw: TestGateway;
  jwks: JwksServer;
  /**
   * A gateway whose Marketplacer was closed, its circuit opening after one failed call, whose noon budget is 2
   * requests a minute, 1 per caller, and whose callers may each spend a cost of 300 a minute (made on first use).
   */
  strained(): Promise<TestGateway>;
  /** A gateway that runs only the typed client's documents (TRUSTED_DOCUMENTS_FILE) for callers not admins. */
  trusted(): Promise<TestGateway>;
}

/** POSTs `body` (JSON, or text as it is) to `url`, as the admin unless `headers` say otherwise. */
async function post(url: string, body: unknown, headers: Record<string, string> = bearer(KEYS.admin)): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = JSON.parse(text) as { errors?: ClientError[] };
  assert.ok(Array.isArray(parsed.errors), `a GraphQL error list, status ${response.status}: ${text.slice(0, 300)}`);
  return { status: response.status, errors: parsed.errors };
}

/** A Fruugo order the gateway has downloaded, asked for as the admin. */
function fruugoOrder(gw: TestGateway): Promise<string> {
  return downloadedFruugoOrder({
    fruugo: gw.fruugo,
    graphql: (query, variables) => gw.graphql(query, variables, bearer(KEYS.admin)),
  });
}

function ask(h: { gw: TestGateway }, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  return post(h.gw.url, { query, variables });
}

/** An order of each marketplace in the simulators' sample data, and an ASN number of the right shape. */
const NOON_ORDER = 'NOON:NFBO100000001';
const MARKETPLACER_ORDER = 'MARKETPLACER:10120';

/**
 * How to provoke each code of ERROR_CODES over HTTP (over a websocket, what only websockets give): the answers in
 * which it must appear. Typed by ErrorCode, so a code added to the table does not compile without its case here.
 */
const CASES: Record<ErrorCode, (h: Harness) => Promise<Answer[]>> = {
  BAD_REQUEST: async ({ gw }) => [
    await post(gw.url, { variables: {} }),
    await post(gw.url, '{"query": '),
    await post(gw.url, {
      query: '{ __typename }',
      extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } },
    }),
    await post(gw.url, { query: `{ order(id: "NOON:${'1'.repeat(6 * 1024 * 1024)}") { id } }` }),
  ],
  GRAPHQL_PARSE_FAILED: async (h) => [await ask(h, '{ order(')],
  GRAPHQL_VALIDATION_FAILED: async (h) => [
    await ask(h, '{ nope }'),
    await ask(h, 'mutation { sealInboundShipment { status } }'),
  ],
  OPERATION_RESOLUTION_FAILURE: async (h) => [await ask(h, 'query A { __typename } query B { __typename }')],
  PERSISTED_QUERY_NOT_FOUND: async ({ gw }) => [
    await post(gw.url, { extensions: { persistedQuery: { version: 1, sha256Hash: 'b'.repeat(64) } } }),
  ],
  UNAUTHENTICATED: async ({ gw }) => [
    await post(gw.url, { query: '{ __typename }' }, {}),
    await post(gw.url, { query: '{ __typename }' }, bearer('not-a-key-of-this-gateway-00000')),
  ],
  AUTHENTICATION_UNAVAILABLE: async ({ gw, jwks }) => {
    const token = await jwks.sign({ sub: 'user-1', roles: ['viewer'] });
    return [await post(gw.url, { query: '{ __typename }' }, bearer(token))];
  },
  BAD_USER_INPUT: async (h) => [
    // The gateway's own refusals: an id, a page size, a cursor, a marketplace that counts no stock.
    await ask(h, '{ order(id: "NOON:..") { id } }'),
    await ask(h, '{ inboundShipments(first: 500) { totalCount } }'),
    await ask(h, '{ orders(after: "forged") { totalCount } }'),
    await ask(h, '{ inventoryLevels(skus: ["PSKU-000001"], marketplaces: [FRUUGO]) { sku } }'),
    // A variable GraphQL cannot coerce, an argument class-validator refuses, a lone surrogate.
    await ask(h, 'query ($first: Int!) { orders(first: $first) { totalCount } }', { first: 'many' }),
    await ask(h, 'mutation { createInboundShipment(input: { externalReference: "", country: "AE" }) { asnNumber } }'),
    await ask(h, 'query ($search: String) { inboundEligibleItems(search: $search) { totalCount } }', {
      search: '\ud800',
    }),
    // A line the order does not have (Fruugo answered it with `details` as an object once).
    await ask(
      h,
      `mutation ($id: ID!, $line: ID!) {
        cancelOrder(id: $id, reason: OUT_OF_STOCK, lines: [{ lineId: $line, quantity: 1 }]) { id } }`,
      await fruugoOrder(h.gw).then((id) => ({ id, line: `${id}/lines/PROD-0001/PSKU-999999` })),
    ),
  ],
  FORBIDDEN: async ({ gw }) => [
    await post(gw.url, { query: `mutation { confirmOrder(id: "${NOON_ORDER}") { id } }` }, bearer(KEYS.viewer)),
    await post(
      gw.url,
      { query: `mutation { confirmOrder(id: "FRUUGO:9164693001000444") { id } }` },
      bearer(KEYS.noonOperator),
    ),
  ],
  TOO_MANY_SUBSCRIPTIONS: async ({ gw }) => {
    // Over websockets only: a second operation on a socket that holds one (SUBSCRIPTIONS_PER_SOCKET=1 here).
    const socket = openSocket(gw.url, bearer(KEYS.admin));
    try {
      const first = socket.subscribe('subscription { orderEvents { cursor } }');
      await first.started;
      const refused = await firstOutcome(socket.subscribe('subscription { orderEvents { cursor } }'));
      return [{ status: 101, errors: (refused.errors ?? []) as ClientError[] }];
    } finally {
      await socket.close();
    }
  },
  // Over its limits of cost and aliases: issue 13's bomb, refused before it ran.
  OPERATION_LIMIT_EXCEEDED: async (h) => [await ask(h, ordersAliasBomb(1000, 100))],
  RATE_LIMITED: async (h) => {
    // On the strained gateway a caller may spend a cost of 300 a minute: 200 twice is once too many.
    const page = '{ orders(first: 100, marketplaces: [FRUUGO]) { nodes { id } } }';
    const strained = await h.strained();
    assert.equal((await strained.graphql(page, {}, bearer(KEYS.viewer))).status, 200);
    return [await post(strained.url, { query: page }, bearer(KEYS.viewer))];
  },
  OPERATION_NOT_TRUSTED: async (h) => {
    const trusted = await h.trusted();
    const adHoc = '{ orders(first: 1) { nodes { id } } }';
    const overSocket = openSocket(trusted.url, bearer(KEYS.viewer));
    try {
      const refused = await firstOutcome(overSocket.subscribe(adHoc));
      return [
        await post(trusted.url, { query: adHoc }, bearer(KEYS.viewer)),
        { status: 101, errors: (refused.errors ?? []) as ClientError[] },
      ];
    } finally {
      await overSocket.close();
    }
  },
  WEBHOOK_EVENT_NOT_FOUND: async (h) => [
    await ask(h, 'mutation { replayWebhookEvent(id: "WebhookEvent:00000000-0000-4000-8000-000000000000") { id } }'),
  ],
  NOTHING_TO_SHIP: async (h) => {
    // Every line cancelled by the customer: nothing is left to ship, and nothing waits for the partner either.
    const nr = h.gw.noon.control.placeFbpiOrder();
    h.gw.noon.control.customerCancelFbpiOrder(nr);
    return [await ask(h, 'mutation ($id: ID!) { shipOrder(id: $id) { id } }', { id: `NOON:${nr}` })];
  },
  OPERATION_NOT_SUPPORTED: async (h) => [
    await ask(h, `mutation { confirmOrder(id: "${MARKETPLACER_ORDER}") { id } }`),
    await ask(h, `mutation { shipOrder(id: "INCREFF:MARKETPLACER-10118") { id } }`),
  ],
  CANCELLATION_REASON_NOT_SUPPORTED: async (h) => [
    await ask(h, `mutation { cancelOrder(id: "${NOON_ORDER}", reason: OTHER) { id } }`),
  ],
  ORDER_NOT_FOUND: async (h) => [
    await ask(h, '{ order(id: "NOON:NFBO999999999") { id } }'),
    await ask(h, '{ order(id: "FRUUGO:1001000001") { id } }'),
    await ask(h, '{ order(id: "INCREFF:NOON-NFBO999999999") { id } }'),
    await ask(h, '{ order(id: "MARKETPLACER:999999") { id } }'),
  ],
  UPSTREAM_UNREACHABLE: async (h) => [
    await ask({ gw: await h.strained() }, `{ order(id: "${MARKETPLACER_ORDER}") { id } }`),
  ],
  UPSTREAM_UNAVAILABLE: async (h) => {
    const down = await h.strained();
    // The first call failing opens the circuit (HTTP_BREAKER_THRESHOLD=1); the next is not even tried.
    await ask({ gw: down }, `{ order(id: "${MARKETPLACER_ORDER}") { id } }`);
    return [await ask({ gw: down }, `{ order(id: "${MARKETPLACER_ORDER}") { id } }`)];
  },
  UPSTREAM_RATE_LIMITED: async (h) => {
    // The admin's share of noon's budget (1 of 2 a minute) is spent by the first lookup: the second is refused.
    const strained = { gw: await h.strained() };
    await ask(strained, '{ inboundShipment(asnNumber: "ASN9000000001") { status } }');
    return [await ask(strained, '{ inboundShipment(asnNumber: "ASN9000000002") { status } }')];
  },
  UPSTREAM_TIMEOUT: async (h) => {
    h.gw.marketplacer.control.setLatency(4000);
    try {
      return [await ask(h, `{ order(id: "${MARKETPLACER_ORDER}") { id } }`)];
    } finally {
      h.gw.marketplacer.control.setLatency(0);
    }
  },
  INTERNAL_SERVER_ERROR: async (h) => {
    // Not a client's mistake: noon answers an ASN with a body that is no ASN.
    h.gw.noon.control.injectFault({ method: 'GET', path: '/inbound/v1/shipment/ASN-GARBLED', status: 200 });
    return [await ask(h, '{ inboundShipment(asnNumber: "ASN-GARBLED") { status } }')];
  },
};

describe('the error contract holds for every code the gateway gives', () => {
  const h = {} as Harness;
  let strained: Promise<TestGateway> | undefined;
  let trusted: Promise<TestGateway> | undefined;
  before(async () => {
    h.jwks = await startJwksServer();
    h.jwks.setDown(true);
    h.gw = await startTestGateway({
      env: {
        AUTH_API_KEYS,
        AUTH_JWKS_URL: h.jwks.url,
        AUTH_JWT_ISSUER: h.jwks.issuer,
        AUTH_JWT_AUDIENCE: h.jwks.audience,
        SUBSCRIPTIONS_PER_SOCKET: '1',
        // A slow marketplace times out after one attempt, within the test.
        HTTP_TIMEOUT_MS: '2500',
        HTTP_MAX_RETRIES: '0',
      },
    });
    h.strained = () =>
      (strained ??= (async () => {
        const gateway = await startTestGateway({
          env: {
            AUTH_API_KEYS,
            HTTP_MAX_RETRIES: '0',
            HTTP_BREAKER_THRESHOLD: '1',
            NOON_REQUESTS_PER_MINUTE: '2',
            OPERATION_MAX_COST: '300',
            RATE_LIMIT_COST_PER_MINUTE: '300',
          },
        });
        await gateway.marketplacer.close();
        return gateway;
      })());
    h.trusted = () =>
      (trusted ??= startTestGateway({ env: { AUTH_API_KEYS, TRUSTED_DOCUMENTS_FILE: CLIENT_MANIFEST } }));
  });
  after(async () => {
    await Promise.all([
      h.gw?.close(),
      strained?.then((gateway) => gateway.close()),
      trusted?.then((gateway) => gateway.close()),
      h.jwks?.close(),
    ]);
  });

  test('every code of the table has a case', () => {
    assert.deepEqual(Object.keys(CASES).sort(), Object.keys(ERROR_CODES).sort());
  });

  for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
    test(`${code}: ${ERROR_CODES[code]}`, async () => {
      const answers = await CASES[code](h);
      for (const answer of answers) {
        const errors = answer.errors.filter((error) => error.extensions?.code === code);
        assert.ok(errors.length > 0, `${code} in ${JSON.stringify(answer)}`.slice(0, 2000));
        for (const error of answer.errors) assertContract(error, { internal: code === 'INTERNAL_SERVER_ERROR' });
        for (const error of errors) {
          // A request refused before GraphQL keeps the status it was refused with (405, 413, …).
          const status = error.extensions?.httpStatus as number;
          if (code === 'BAD_REQUEST') assert.ok(status >= 400 && status < 500, JSON.stringify(error));
          else assert.equal(status, ERROR_CODES[code], JSON.stringify(error));
        }
      }
    });
  }

  test('a marketplace’s own refusal carries its code, the marketplace and the status it answered', async () => {
    const { gw } = h;
    const fruugoId = await fruugoOrder(gw);
    const refusals: Array<[Marketplace, () => void, string, Record<string, unknown>]> = [
      [
        Marketplace.NOON,
        () =>
          gw.noon.control.injectFault({
            path: '/inbound/v1/shipment/status/update',
            status: 409,
            code: 'INVALID_ASN_STATUS',
          }),
        'mutation { sealInboundShipment(asnNumber: "ASN0000000001") { status } }',
        {},
      ],
      [
        Marketplace.FRUUGO,
        () => gw.fruugo.control.injectFault({ path: '/v3/orders/confirm', status: 400 }),
        'mutation ($id: ID!) { confirmOrder(id: $id) { id } }',
        { id: fruugoId },
      ],
      [
        Marketplace.INCREFF,
        () => gw.increff.control.injectFault({ path: '/orders/outward', status: 400, code: 'CHANNEL_SKU_NOT_FOUND' }),
        'mutation ($id: ID!) { createFulfilmentOrder(input: { orderId: $id }) { id } }',
        { id: MARKETPLACER_ORDER },
      ],
      [
        Marketplace.MARKETPLACER,
        () => gw.marketplacer.control.injectFault({ status: 422 }),
        `{ order(id: "${MARKETPLACER_ORDER}") { id } }`,
        {},
      ],
    ];
    for (const [marketplace, inject, query, variables] of refusals) {
      inject();
      const answer = await ask(h, query, variables);
      assert.equal(answer.errors.length, 1, JSON.stringify(answer));
      const [error] = answer.errors;
      assertContract(error!, { aboutMarketplace: true });
      assert.equal(error!.extensions?.marketplace, marketplace);
      assert.ok((error!.extensions?.httpStatus as number) >= 400, JSON.stringify(error));
      assert.ok(Array.isArray(error!.extensions?.details), JSON.stringify(error));
    }
  });
});
