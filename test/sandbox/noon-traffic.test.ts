import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ListShipmentsResponse } from '../../datasources/noon/inbound/wire.js';
import { startNoonSandbox, type NoonSandbox } from '../../sandbox/noon/index.js';
import {
  assertNoonError,
  assertOk,
  createShipment,
  loginClient,
  USER_AGENT,
  type NoonTestClient,
} from '../support/noon-login.js';

const LIST = '/inbound/v1/shipment/list';

describe('noon sandbox: rate limit', () => {
  let sandbox: NoonSandbox;
  let client: NoonTestClient;

  before(async () => {
    sandbox = await startNoonSandbox({ catalogSize: 10, ratePerMinute: 5 });
    client = await loginClient(sandbox);
  });

  after(async () => {
    await sandbox.close();
  });

  test('past the budget of a minute: 429 RATE_LIMIT_EXCEEDED, no Retry-After, until the window closes', async () => {
    sandbox.control.advanceClock(60);
    for (let n = 0; n < 5; n += 1) assertOk(await client.get(LIST));
    const refused = await client.get(LIST);
    assertNoonError(refused, 429, 'RATE_LIMIT_EXCEEDED');
    assert.equal(refused.headers.get('retry-after'), null);
    // Login is a noon call like any other.
    assertNoonError(await client.post('/identity/public/v1/api/login', {}), 429, 'RATE_LIMIT_EXCEEDED');

    sandbox.control.advanceClock(60);
    assertOk(await client.get(LIST));
  });

  test('rewinding the clock closes the window too', async () => {
    sandbox.control.advanceClock(60);
    for (let n = 0; n < 5; n += 1) assertOk(await client.get(LIST));
    assertNoonError(await client.get(LIST), 429, 'RATE_LIMIT_EXCEEDED');
    sandbox.control.advanceClock(-3600);
    assertOk(await client.get(LIST));
  });

  test('setRatePerMinute changes the budget at once', async () => {
    sandbox.control.advanceClock(60);
    sandbox.control.setRatePerMinute(1);
    assertOk(await client.get(LIST));
    assertNoonError(await client.get(LIST), 429, 'RATE_LIMIT_EXCEEDED');
    sandbox.control.setRatePerMinute(1500);
    assertOk(await client.get(LIST));
  });

  test('with retryAfterSeconds set, the refusal carries Retry-After', async () => {
    const limited = await startNoonSandbox({ catalogSize: 10, ratePerMinute: 1, retryAfterSeconds: 7 });
    try {
      const limitedClient = await loginClient(limited);
      const refused = await limitedClient.get(LIST);
      assertNoonError(refused, 429, 'RATE_LIMIT_EXCEEDED');
      assert.equal(refused.headers.get('retry-after'), '7');
    } finally {
      await limited.close();
    }
  });
});

describe('noon sandbox: faults, latency, request log, malformed input', () => {
  let sandbox: NoonSandbox;
  let client: NoonTestClient;

  before(async () => {
    sandbox = await startNoonSandbox({ catalogSize: 10 });
    client = await loginClient(sandbox);
  });

  after(async () => {
    await sandbox.close();
  });

  test('an injected status answers with the Appendix B code for it, count times, then stops', async () => {
    sandbox.control.injectFault({ path: LIST, status: 500, count: 2 });
    for (let n = 0; n < 2; n += 1) {
      const detail = assertNoonError(await client.get(LIST), 500, 'INTERNAL_ERROR');
      assert.equal(detail.message, 'An unexpected error occurred. Please try again later.');
    }
    assertOk(await client.get(LIST));

    sandbox.control.injectFault({ status: 401 });
    assertNoonError(await client.get(LIST), 401, 'UNAUTHORIZED');
    sandbox.control.injectFault({ status: 503, code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2 });
    const unavailable = await client.get(LIST);
    assertNoonError(unavailable, 503, 'SERVICE_UNAVAILABLE');
    assert.equal(unavailable.headers.get('retry-after'), '2');
    sandbox.control.injectFault({ status: 429, retryAfterSeconds: 1 });
    assertNoonError(await client.get(LIST), 429, 'RATE_LIMIT_EXCEEDED');
  });

  test('faults match on method and path (string or RegExp); clearFaults removes pending ones', async () => {
    sandbox.control.injectFault({ method: 'post', path: /\/shipment\/create$/, status: 500 });
    assertOk(await client.get(LIST));
    assertNoonError(
      await client.post('/inbound/v1/shipment/create', {
        shipment_type: 'SHIPMENT_TYPE_FBN_GLOBAL',
        exref_nr: 'PO-FAULT-MATCH',
        country_code: 'AE',
      }),
      500,
      'INTERNAL_ERROR',
    );
    assert.equal(assertOk(await client.get<ListShipmentsResponse>(LIST)).total_count, 0, 'refused before processing');

    sandbox.control.injectFault({ path: LIST, status: 500, count: 10 });
    sandbox.control.clearFaults();
    assertOk(await client.get(LIST));
  });

  test('afterProcessing: the change is made, then the answer is lost; an idempotent retry finds it', async () => {
    sandbox.control.injectFault({ path: '/inbound/v1/shipment/create', status: 502, afterProcessing: true });
    const lost = await client.post('/inbound/v1/shipment/create', {
      shipment_type: 'SHIPMENT_TYPE_FBN_GLOBAL',
      exref_nr: 'PO-LOST-ANSWER',
      country_code: 'AE',
    });
    assertNoonError(lost, 502, 'INTERNAL_ERROR');
    const listed = assertOk(await client.get<ListShipmentsResponse>(LIST));
    const made = listed.shipments.find((shipment) => shipment.exref_nr === 'PO-LOST-ANSWER');
    assert.ok(made, 'the ASN was created despite the error');
    assert.equal((await createShipment(client, 'PO-LOST-ANSWER')).asn_nr, made.asn_nr);
    const recorded = sandbox.control.requests().filter((entry) => entry.path === '/inbound/v1/shipment/create');
    assert.deepEqual(recorded.map((entry) => entry.status).slice(-2), [502, 200]);
  });

  test('setLatency delays every noon answer', async () => {
    sandbox.control.setLatency(150);
    const started = performance.now();
    assertOk(await client.get(LIST));
    assert.ok(performance.now() - started >= 140);
    sandbox.control.setLatency(0);
  });

  test('requests() records method, path, query, status and User-Agent of every noon call, login included', async () => {
    sandbox.control.resetRequests();
    const fresh = await loginClient(sandbox);
    await fresh.get(`${LIST}?page_size=5&filter.status=ASN_STATUS_CREATED`);
    await fresh.get('/inbound/v1/shipment/ASN0000000001');
    await fetch(`${sandbox.url}/_sandbox/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"seconds":0}',
    });
    const requests = sandbox.control.requests();
    assert.deepEqual(
      requests.map(({ receivedAt: _received, answeredAt: _answered, ...entry }) => entry),
      [
        { method: 'POST', path: '/identity/public/v1/api/login', query: '', status: 200, userAgent: USER_AGENT },
        {
          method: 'GET',
          path: LIST,
          query: 'page_size=5&filter.status=ASN_STATUS_CREATED',
          status: 200,
          userAgent: USER_AGENT,
        },
        { method: 'GET', path: '/inbound/v1/shipment/ASN0000000001', query: '', status: 404, userAgent: USER_AGENT },
      ],
    );
    // One after the other: each was received once the one before it had been answered.
    requests.forEach((request, index) => {
      assert.ok(request.receivedAt <= request.answeredAt!);
      if (index > 0) assert.ok(requests[index - 1]!.answeredAt! <= request.receivedAt);
    });
    sandbox.control.resetRequests();
    assert.deepEqual(sandbox.control.requests(), []);
  });

  test('invalid JSON, a wrong content type and unknown routes still answer in noon error shape', async () => {
    const invalid = await client.post('/inbound/v1/shipment/create', '{"exref_nr": ');
    assert.equal(assertNoonError(invalid, 422, 'VALIDATION_ERROR').details?.[0]?.field, 'body');

    const response = await fetch(`${sandbox.url}/inbound/v1/shipment/create`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': USER_AGENT, cookie: client.cookie ?? '' },
      body: 'exref_nr=1',
    });
    assert.equal(response.status, 422);
    assert.equal(((await response.json()) as { detail: { code: string } }).detail.code, 'VALIDATION_ERROR');

    const missing = await client.get('/inbound/v1/shipments');
    assert.equal(missing.status, 404);
    assert.deepEqual(Object.keys((missing.body as { detail: object }).detail), ['code', 'message']);
  });

  test('POST /_sandbox/clock/advance moves the sandbox clock, either way', async () => {
    const advance = (body: unknown) =>
      fetch(`${sandbox.url}/_sandbox/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const before = sandbox.control.now().getTime();
    const response = await advance({ seconds: 3600 });
    assert.equal(response.status, 200);
    const { now } = (await response.json()) as { now: string };
    assert.ok(Date.parse(now) - before >= 3_599_000);
    assert.ok(sandbox.control.now().getTime() - before >= 3_600_000);

    assert.equal((await advance({ seconds: -3600 })).status, 200);
    assert.ok(sandbox.control.now().getTime() - before < 60_000);
    assert.equal((await advance({ seconds: 'soon' })).status, 422);

    const unknown = await fetch(`${sandbox.url}/_sandbox/shipments/ASN0000000001/receive`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'RECEIVING' }),
    });
    assert.equal(unknown.status, 404);
  });
});
