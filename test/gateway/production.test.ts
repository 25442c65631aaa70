import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { refusalOf } from '../support/config.js';
import { UNEXPECTED_ERROR_MESSAGE } from '../../src/graphql/client-errors.js';
import { startNoonSandbox, type NoonSandbox } from '../../sandbox/noon/index.js';
import { AUTH_API_KEYS, bearer, KEYS } from '../support/auth.js';
import { postGraphql, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { GatewayProcess } from '../../support/gateway-process.js';
import { overSocket, subscribe, type SubscriptionResult } from '../../support/subscriptions.js';

// NODE_ENV=production: it will not start open, and once started it tells clients no more than they need: no Apollo
// Sandbox, no introspection, no field suggestions, and no details of its own errors (those go to the log).

const INTROSPECTION = `{ __schema { queryType { name } } }`;
const MISSPELLED = `{ ordrs { nodes { id } } }`;
const SUGGESTION = /Did you mean/;

describe('NODE_ENV=production needs authentication', () => {
  test('with no AUTH_* at all, loadConfig refuses, naming AUTH_API_KEYS, AUTH_JWKS_URL and AUTH=none', () => {
    const error = refusalOf({ NODE_ENV: 'production' });
    assert.match(error.message, /NODE_ENV=production needs authentication/);
    for (const named of ['AUTH_API_KEYS', 'AUTH_JWKS_URL', 'AUTH=none'])
      assert.ok(error.message.includes(named), `names ${named}: ${error.message}`);
  });

  test('AUTH=none (a proxy in front authenticates) loads, authenticating no one', () => {
    const config = loadConfig({ NODE_ENV: 'production', AUTH: 'none' });
    assert.equal(config.production, true);
    assert.deepEqual(config.auth, { apiKeys: [], jwt: undefined, delegatedToProxy: true });
  });

  test('API keys load; AUTH=none together with them is refused as a contradiction', () => {
    assert.equal(loadConfig({ NODE_ENV: 'production', AUTH_API_KEYS }).auth.apiKeys.length, 6);
    const error = refusalOf({ NODE_ENV: 'production', AUTH: 'none', AUTH_API_KEYS });
    assert.match(
      error.message,
      /AUTH=none turns authentication off, yet AUTH_API_KEYS or AUTH_JWKS_URL is set: choose one/,
    );
  });

  test('the production defaults: no CORS origins, introspection off', () => {
    const config = loadConfig({ NODE_ENV: 'production', AUTH_API_KEYS });
    assert.deepEqual([config.corsOrigins, config.introspection, config.graphiql], [[], false, false]);
    assert.equal(loadConfig({ NODE_ENV: 'production', AUTH_API_KEYS, INTROSPECTION: 'on' }).introspection, true);
  });

  describe('npm start (the real entry) with no authentication', () => {
    let dataDir: string;
    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'gateway-production-open-'));
    });
    after(() => rm(dataDir, { recursive: true, force: true }));

    test('exits 1 with that message, before starting any simulator', async () => {
      // SANDBOX=on would start every simulator in production: the refusal must come first.
      const gateway = new GatewayProcess({
        NODE_ENV: 'production',
        SANDBOX: 'on',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
      });
      try {
        assert.equal(await gateway.exited(), 1);
        assert.match(
          gateway.stderr,
          /^Invalid configuration:\n {2}- NODE_ENV=production needs authentication: set AUTH_API_KEYS .*AUTH_JWKS_URL .*AUTH=none/,
        );
        assert.equal(gateway.output, gateway.stderr, 'nothing else was printed');
        assert.doesNotMatch(gateway.output, /simulator|Sandbox:|Gateway ready/);
      } finally {
        await gateway.stop();
      }
    });
  });
});

describe('a production gateway with API keys', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ env: { NODE_ENV: 'production', AUTH_API_KEYS } });
  });
  after(() => gw.close());

  test('a browser opening /graphql gets no Apollo Sandbox, but a page saying what the endpoint is', async () => {
    const page = await fetch(gw.url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const html = await page.text();
    assert.doesNotMatch(html, /embeddable-sandbox|EmbeddedSandbox/i);
    assert.match(html, /This is a GraphQL endpoint/);
    assert.match(html, /GRAPHIQL=on/);
  });

  test('a GET that carries an operation is still GraphQL, with Apollo’s CSRF guard', async () => {
    const url = `${gw.url}?query=${encodeURIComponent('{ __typename }')}`;
    const withoutPreflight = await fetch(url, {
      headers: { accept: 'text/html', authorization: `Bearer ${KEYS.viewer}` },
    });
    assert.equal(withoutPreflight.status, 400, 'a simple GET from a browser is still refused (CSRF)');
    const asked = await fetch(url, {
      headers: { authorization: `Bearer ${KEYS.viewer}`, 'apollo-require-preflight': 'true' },
    });
    assert.deepEqual(await asked.json(), { data: { __typename: 'Query' } });
  });

  test('serves no GraphiQL (GRAPHIQL is off in production unless set)', async () => {
    assert.equal((await fetch(`${gw.origin}/graphiql`)).status, 404);
    assert.equal((await fetch(`${gw.origin}/graphiql/assets/graphiql-page.js`)).status, 404);
  });

  test('Apollo Sandbox’s origin is not allowed by default', async () => {
    const response = await fetch(gw.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://sandbox.embed.apollographql.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });

  test('`__schema` is refused over HTTP and over graphql-ws, even to an admin', async () => {
    const overHttp = await gw.graphql(INTROSPECTION, {}, bearer(KEYS.admin));
    assert.equal(overHttp.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED', JSON.stringify(overHttp));
    assert.equal(overHttp.data, undefined);
    const overSocketResult = await overSocket(gw.url, INTROSPECTION, {}, bearer(KEYS.admin));
    assert.equal(
      overSocketResult.errors?.[0]?.extensions?.code,
      'GRAPHQL_VALIDATION_FAILED',
      JSON.stringify(overSocketResult),
    );
    assert.equal(overSocketResult.data, undefined);
  });

  test('a misspelled field is refused without suggesting names, on both transports', async () => {
    const overHttp = await gw.graphql(MISSPELLED, {}, bearer(KEYS.viewer));
    assert.equal(overHttp.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.equal(overHttp.errors![0]!.message, 'Cannot query field "ordrs" on type "Query".');
    const overWs = await overSocket(gw.url, MISSPELLED, {}, bearer(KEYS.viewer));
    assert.equal(overWs.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.doesNotMatch(overWs.errors![0]!.message, SUGGESTION);
    assert.match(overWs.errors![0]!.message, /Cannot query field "ordrs"/);
  });

  describe('an unexpected error (noon answers 200 with a body that is no ASN)', () => {
    const ASN_QUERY = `query ($asn: ID!) { inboundShipment(asnNumber: $asn) { asnNumber status } }`;
    /** noon's error body with a success status: the gateway reads it as an ASN, which it is not. */
    const garble = (asn: string) =>
      gw.noon.control.injectFault({ method: 'GET', path: `/inbound/v1/shipment/${asn}`, status: 200 });

    test('over HTTP: INTERNAL_SERVER_ERROR with the request id of the response, and no message or stack of its own', async () => {
      const asn = 'ASN-GARBLED-HTTP';
      garble(asn);
      const response = await gw.graphql(ASN_QUERY, { asn }, bearer(KEYS.viewer));
      assert.equal(response.status, 200);
      assert.equal(response.data, null);
      const requestId = response.headers.get('x-request-id');
      assert.match(requestId ?? '', /^[0-9a-f-]{36}$/);
      assert.deepEqual(response.errors, [
        {
          message: UNEXPECTED_ERROR_MESSAGE,
          locations: [{ line: 1, column: 21 }],
          path: ['inboundShipment'],
          extensions: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, requestId },
        },
      ]);
      assert.equal(
        gw.noon.control.requests().filter((request) => request.path === `/inbound/v1/shipment/${asn}`).length,
        1,
        'noon was asked',
      );
    });

    test('a request id the caller sent is the one the error names', async () => {
      const asn = 'ASN-GARBLED-OWN-ID';
      garble(asn);
      const response = await gw.graphql(
        ASN_QUERY,
        { asn },
        { ...bearer(KEYS.viewer), 'x-request-id': 'erp-sync-4711' },
      );
      assert.equal(response.headers.get('x-request-id'), 'erp-sync-4711');
      assert.deepEqual(response.errors?.[0]?.extensions, {
        code: 'INTERNAL_SERVER_ERROR',
        httpStatus: 500,
        requestId: 'erp-sync-4711',
      });
    });

    test('over graphql-ws: the same shape, with the operation’s own request id', async () => {
      const asn = 'ASN-GARBLED-WS';
      garble(asn);
      const result = await overSocket(gw.url, ASN_QUERY, { asn }, bearer(KEYS.viewer));
      assert.equal(result.errors?.length, 1, JSON.stringify(result));
      const [error] = result.errors!;
      assert.equal(error!.message, UNEXPECTED_ERROR_MESSAGE);
      assert.deepEqual(Object.keys(error!.extensions ?? {}).sort(), ['code', 'httpStatus', 'requestId']);
      assert.equal(error!.extensions!.code, 'INTERNAL_SERVER_ERROR');
      assert.match(String(error!.extensions!.requestId), /^[0-9a-f-]{36}$/);
    });
  });
});

describe('a production gateway with INTROSPECTION=on', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ env: { NODE_ENV: 'production', AUTH_API_KEYS, INTROSPECTION: 'on' } });
  });
  after(() => gw.close());

  test('answers `__schema` on both transports', async () => {
    const overHttp = await gw.graphql(INTROSPECTION, {}, bearer(KEYS.viewer));
    assert.deepEqual(overHttp.data, { __schema: { queryType: { name: 'Query' } } }, JSON.stringify(overHttp.errors));
    const overWs = await overSocket(gw.url, INTROSPECTION, {}, bearer(KEYS.viewer));
    assert.deepEqual(overWs, { data: { __schema: { queryType: { name: 'Query' } } } });
  });

  test('and suggests field names again', async () => {
    const overHttp = await gw.graphql(MISSPELLED, {}, bearer(KEYS.viewer));
    assert.match(overHttp.errors?.[0]?.message ?? '', /Did you mean "orders"/);
    const overWs = await overSocket(gw.url, MISSPELLED, {}, bearer(KEYS.viewer));
    assert.match(overWs.errors?.[0]?.message ?? '', /Did you mean "orders"/);
  });

  test('and still shows no Apollo Sandbox', async () => {
    const page = await fetch(gw.url, { headers: { accept: 'text/html' } });
    assert.doesNotMatch(await page.text(), /embeddable-sandbox|EmbeddedSandbox/i);
  });
});

describe('npm start in production with API keys, in front of a noon that answers garbage', () => {
  let dataDir: string;
  let noon: NoonSandbox;
  let gateway: GatewayProcess;
  let origin: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gateway-production-keys-'));
    noon = await startNoonSandbox();
    gateway = new GatewayProcess({
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      AUTH_API_KEYS,
      NOON_BASE_URL: noon.url,
      NOON_KEY_JSON: JSON.stringify(noon.serviceAccountKey()),
    });
    origin = await gateway.ready();
  });
  after(async () => {
    await gateway.stop();
    await noon.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('the client gets the request id only; the log has the error’s details under that id', async () => {
    const asn = 'ASN-GARBLED-LOGGED';
    noon.control.injectFault({ method: 'GET', path: `/inbound/v1/shipment/${asn}`, status: 200 });
    const response = await postGraphql<any>(
      `${origin}/graphql`,
      `query ($asn: ID!) { inboundShipment(asnNumber: $asn) { status } }`,
      { asn },
      bearer(KEYS.viewer),
    );
    const requestId = response.headers.get('x-request-id')!;
    assert.deepEqual(response.errors?.[0]?.extensions, { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, requestId });
    assert.equal(response.errors?.[0]?.message, UNEXPECTED_ERROR_MESSAGE);

    const [line] = await gateway.printed(
      new RegExp(`^\\{.*"reqId":"${requestId}".*"msg":"unexpected error in a GraphQL operation".*\\}$`, 'm'),
    );
    const logged = JSON.parse(line) as { level: number; err?: { message?: string; stack?: string }; path?: unknown };
    assert.equal(logged.level, 50);
    assert.ok(logged.err?.message && logged.err.stack, `the log keeps the error and its stack: ${line}`);
    assert.deepEqual(logged.path, ['inboundShipment']);
    assert.ok(!JSON.stringify(response).includes(logged.err!.message!), 'the client never sees the original message');
  });

  test('over graphql-ws too: the request id the client gets finds the details in the log', async () => {
    const asn = 'ASN-GARBLED-LOGGED-WS';
    noon.control.injectFault({ method: 'GET', path: `/inbound/v1/shipment/${asn}`, status: 200 });
    const operation = subscribe(
      `${origin}/graphql`,
      `query ($asn: ID!) { inboundShipment(asnNumber: $asn) { status } }`,
      { asn },
      bearer(KEYS.viewer),
    );
    let result: SubscriptionResult;
    try {
      result = await operation.next(10_000);
    } finally {
      await operation.close();
    }
    assert.equal(result.errors?.[0]?.message, UNEXPECTED_ERROR_MESSAGE);
    const requestId = String(result.errors![0]!.extensions?.requestId);
    const [line] = await gateway.printed(
      new RegExp(`^\\{.*"reqId":"${requestId}".*"msg":"unexpected error in a GraphQL operation".*\\}$`, 'm'),
    );
    const logged = JSON.parse(line) as { level: number; transport?: string; err?: { stack?: string } };
    assert.deepEqual([logged.level, logged.transport], [50, 'graphql-ws']);
    assert.ok(logged.err?.stack, line);
  });

  test('it says at start that callers authenticate with API keys, naming them, and warns of nothing open', async () => {
    const [line] = await gateway.printed(/^\{.*"msg":"callers authenticate with API keys or JWTs"\}$/m);
    assert.deepEqual((JSON.parse(line) as { apiKeys: string[] }).apiKeys, [
      'viewer',
      'erp-sync',
      'admin',
      'noon-ops',
      'fruugo-admin',
    ]);
    assert.doesNotMatch(gateway.output, /No authentication configured|AUTH=none/);
    assert.doesNotMatch(gateway.output, /GraphiQL/, 'GRAPHIQL is off: the banner names no page');
    assert.doesNotMatch(gateway.output, new RegExp(KEYS.admin), 'no key in the log');
  });
});

describe('npm start in development with no authentication configured', () => {
  let dataDir: string;
  let gateway: GatewayProcess;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gateway-development-open-'));
    gateway = new GatewayProcess({
      LOG_LEVEL: 'info',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SANDBOX: 'off',
    });
  });
  after(async () => {
    await gateway.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('starts, and logs one warning line naming AUTH_API_KEYS', async () => {
    const origin = await gateway.ready();
    // The banner is written at once; the logger's line may come a moment after it.
    await gateway.printed(/No authentication configured/);
    const lines = gateway.output.split('\n').filter((line) => line.includes('AUTH_API_KEYS'));
    assert.equal(lines.length, 1, gateway.output);
    const logged = JSON.parse(lines[0]!) as { level: number; msg: string };
    assert.equal(logged.level, 40);
    assert.match(
      logged.msg,
      /^No authentication configured: anyone who reaches this port may read and change orders\. Set AUTH_API_KEYS/,
    );
    // And it is as open as it says: a caller with no credentials is served.
    const response = await postGraphql(`${origin}/graphql`, `{ __typename }`);
    assert.deepEqual([response.status, response.data], [200, { __typename: 'Query' }]);
  });
  test('its banner names GraphiQL, which Apollo Sandbox’s page shows only when Sandbox cannot load', async () => {
    const origin = await gateway.ready();
    assert.ok(gateway.output.includes(`  GraphiQL (works offline): ${origin}/graphiql\n`), gateway.output);
  });
});
