import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { createdAsn, statusMutation } from '../../support/inbound.js';

const LOGIN = '/identity/public/v1/api/login';

function calls(gw: TestGateway, path: string | RegExp) {
  return gw.noon.control
    .requests()
    .filter((request) => (typeof path === 'string' ? request.path === path : path.test(request.path)));
}

describe('the shared HTTP layer against a misbehaving noon', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway();
  });
  after(() => gw.close());

  test('a 429 is backed off and the call succeeds, even for a non-idempotent call', async () => {
    const asn = await createdAsn(gw);
    gw.noon.control.resetRequests();
    gw.noon.control.injectFault({ path: '/inbound/v1/shipment/status/update', status: 429, count: 2 });
    const sealed = dataOf(await statusMutation(gw, 'sealInboundShipment', asn));
    assert.equal(sealed.sealInboundShipment.status, 'SEALED');
    assert.deepEqual(
      calls(gw, '/inbound/v1/shipment/status/update').map((request) => request.status),
      [429, 429, 200],
    );
  });

  test('the simulator’s own rate limit answers 429 and the gateway still gets through', async () => {
    const limited = await startTestGateway({
      noonOptions: { ratePerMinute: 5, rateWindowSeconds: 1, retryAfterSeconds: 1 },
    });
    try {
      const asn = await createdAsn(limited, 'AE', []); // login + create: 2 of the 5
      const started = Date.now();
      const reads = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          limited.graphql(`query ($asn: ID!) { r${i}: inboundShipment(asnNumber: $asn) { status } }`, { asn }),
        ),
      );
      for (const read of reads) assert.equal(dataOf(read)[Object.keys(read.data!)[0]!].status, 'CREATED');
      const statuses = limited.noon.control.requests().map((request) => request.status);
      assert.ok(statuses.includes(429), `some calls were refused: ${statuses}`);
      assert.ok(Date.now() - started >= 900, 'the gateway waited for Retry-After');
    } finally {
      await limited.close();
    }
  });

  test('a 500 on an idempotent read is retried', async () => {
    const asn = await createdAsn(gw);
    gw.noon.control.resetRequests();
    gw.noon.control.injectFault({ method: 'GET', path: `/inbound/v1/shipment/${asn}`, status: 500, count: 2 });
    const read = dataOf(await gw.graphql(`query ($asn: ID!) { inboundShipment(asnNumber: $asn) { status } }`, { asn }));
    assert.equal(read.inboundShipment.status, 'CREATED');
    assert.deepEqual(
      calls(gw, `/inbound/v1/shipment/${asn}`).map((request) => request.status),
      [500, 500, 200],
    );
  });

  test('a create whose answer was lost is retried and returns the same ASN (idempotent by contract)', async () => {
    gw.noon.control.resetRequests();
    gw.noon.control.injectFault({ path: '/inbound/v1/shipment/create', status: 500, afterProcessing: true });
    const created = dataOf(
      await gw.graphql(
        `mutation { createInboundShipment(input: { externalReference: "PO-LOST-ANSWER", country: "AE" }) { asnNumber } }`,
      ),
    ).createInboundShipment;
    assert.deepEqual(
      calls(gw, '/inbound/v1/shipment/create').map((request) => request.status),
      [500, 200],
    );
    const again = dataOf(
      await gw.graphql(
        `mutation { createInboundShipment(input: { externalReference: "PO-LOST-ANSWER", country: "AE" }) { asnNumber } }`,
      ),
    ).createInboundShipment;
    assert.equal(again.asnNumber, created.asnNumber);
    const listed = dataOf(await gw.graphql(`{ inboundShipments(first: 200) { nodes { externalReference } } }`));
    assert.equal(
      listed.inboundShipments.nodes.filter(
        (node: { externalReference: string }) => node.externalReference === 'PO-LOST-ANSWER',
      ).length,
      1,
    );
  });

  test('a 500 on seal is not retried: the error reaches the client and noon saw one call', async () => {
    const asn = await createdAsn(gw);
    gw.noon.control.resetRequests();
    gw.noon.control.injectFault({ path: '/inbound/v1/shipment/status/update', status: 500 });
    const response = await statusMutation(gw, 'sealInboundShipment', asn);
    assert.equal(response.errors?.[0]?.extensions?.code, 'INTERNAL_ERROR');
    assert.equal(response.errors?.[0]?.extensions?.httpStatus, 500);
    assert.equal(calls(gw, '/inbound/v1/shipment/status/update').length, 1);
  });

  test('a slow noon times out with UPSTREAM_TIMEOUT', async () => {
    // The limit leaves the set-up (a login signs and checks an RSA token) room on a loaded machine; the delay is well past it.
    const slow = await startTestGateway({ env: { HTTP_TIMEOUT_MS: '2500', HTTP_MAX_RETRIES: '1' } });
    try {
      const asn = await createdAsn(slow, 'AE', []);
      slow.noon.control.setLatency(4000);
      const response = await statusMutation(slow, 'sealInboundShipment', asn);
      assert.equal(response.errors?.[0]?.extensions?.code, 'UPSTREAM_TIMEOUT');
      assert.equal(response.errors?.[0]?.extensions?.httpStatus, 504);
      assert.equal(response.errors?.[0]?.extensions?.marketplace, 'NOON');
    } finally {
      await slow.close();
    }
  });

  test('an unreachable noon fails fast once the circuit opens', async () => {
    const down = await startTestGateway({ env: { HTTP_MAX_RETRIES: '0', HTTP_BREAKER_THRESHOLD: '2' } });
    try {
      await createdAsn(down, 'AE', []);
      await down.noon.close();
      const codes = [];
      for (let i = 0; i < 3; i++) {
        const response = await down.graphql(`{ inboundShipment(asnNumber: "ASN0000000001") { status } }`);
        codes.push(response.errors?.[0]?.extensions?.code);
      }
      assert.deepEqual(codes, ['UPSTREAM_UNREACHABLE', 'UPSTREAM_UNREACHABLE', 'UPSTREAM_UNAVAILABLE']);
    } finally {
      await down.close();
    }
  });
});

describe('noon login', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway();
  });
  after(() => gw.close());

  test('concurrent first calls share one login, sending the session cookie and our User-Agent', async () => {
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => gw.graphql(`{ inboundShipments(first: 1) { totalCount } }`)),
    );
    responses.forEach((response) => dataOf(response));
    assert.equal(calls(gw, LOGIN).length, 1);
    const requests = gw.noon.control.requests();
    assert.ok(requests.every((request) => request.userAgent === 'gateway-tests/1.0'));
    assert.ok(requests.filter((request) => request.path !== LOGIN).every((request) => request.status === 200));
  });

  test('a refused session (401) is replaced by one new login, and the call goes through', async () => {
    dataOf(await gw.graphql(`{ inboundShipments(first: 1) { totalCount } }`));
    gw.noon.control.resetRequests();
    gw.noon.control.expireSessions();
    const responses = await Promise.all(
      Array.from({ length: 3 }, () => gw.graphql(`{ inboundShipments(first: 1) { totalCount } }`)),
    );
    responses.forEach((response) => dataOf(response));
    assert.equal(calls(gw, LOGIN).length, 1, 'one re-login for all three calls');
    assert.equal(calls(gw, '/inbound/v1/shipment/list').filter((request) => request.status === 401).length, 3);
  });

  test('a key noon does not accept makes the call fail with UNAUTHORIZED, and readiness is degraded, naming noon', async () => {
    const stranger = await startTestGateway({
      noon: gw.noon,
      env: {
        NOON_KEY_JSON: JSON.stringify({ ...gw.noon.serviceAccountKey(), key_id: 'revoked-key' }),
      },
    });
    try {
      const response = await stranger.graphql(`{ inboundShipments(first: 1) { totalCount } }`);
      assert.equal(response.errors?.[0]?.extensions?.code, 'UNAUTHORIZED');
      assert.equal(response.errors?.[0]?.extensions?.httpStatus, 401);
      // noon refuses every instance alike: taking them out of the load balancer would stop the other marketplaces too.
      const ready = await fetch(stranger.url.replace('/graphql', '/readyz'));
      assert.equal(ready.status, 200);
      const body = (await ready.json()) as {
        status: string;
        checks: { store: { ready: boolean }; noon: { ready: boolean; error: string } };
      };
      assert.equal(body.status, 'degraded');
      assert.equal(body.checks.store.ready, true);
      assert.equal(body.checks.noon.ready, false);
      assert.match(body.checks.noon.error, /\S/);
    } finally {
      await stranger.close();
    }
  });
});
