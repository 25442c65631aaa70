import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { readResponseList } from '../../datasources/fruugo/callbacks.js';
import { startFruugoSandbox, type FruugoSandbox } from '../../sandbox/fruugo/index.js';
import { parseLoosePayload } from '../../datasources/fruugo/webhooks/loose-payload.js';
import { eventually } from '../../support/eventually.js';
import { accepted, post } from '../support/fruugo-client.js';
import { startReceiver, type WebhookReceiver } from '../support/fruugo-receiver.js';

/** Short waits so a whole retry schedule runs in well under a second. */
const FAST = {
  callbackDelayMs: 1,
  callbackRetryBaseMs: 40,
  callbackRetryMaxMs: 160,
  callbackMaxAttempts: 4,
  callbackTimeoutMs: 300,
};

async function confirmNewOrder(sandbox: FruugoSandbox): Promise<string> {
  const order = sandbox.control.createOrder();
  return accepted(await post(sandbox, '/v3/orders/confirm', { orders: [{ type: 'confirm', orderId: order.orderId }] }));
}

describe('Fruugo sandbox: callback delivery', () => {
  let sandbox: FruugoSandbox;
  let receiver: WebhookReceiver;

  before(async () => {
    receiver = await startReceiver();
    sandbox = await startFruugoSandbox({ orderCount: 3, webhookUrl: receiver.url, ...FAST });
  });

  after(async () => {
    await sandbox.close();
    await receiver.close();
  });

  test('the envelope of seed 004: type, merchantId, correlationId and the payload as a loose string', async () => {
    const correlationId = await confirmNewOrder(sandbox);
    const callback = await sandbox.control.settledCallback(correlationId);
    assert.equal(callback.state, 'delivered');
    const { value } = callback.envelope;
    assert.deepEqual(Object.keys(value), ['type', 'merchantId', 'correlationId', 'payload']);
    assert.equal(value.type, 'ConfirmResponseList');
    assert.equal(value.merchantId, 444);
    assert.equal(value.correlationId, correlationId);
    assert.match(
      value.payload,
      /^\{ 'transactionType': 'confirm' 'responses': \[\{ 'success': true 'errorMessage': null 'orderId': '\d+' 'shipmentId': null 'itemStatuses': \[\{ 'productId': 'PROD-0001' 'skuId': 'PSKU-000001' 'quantity': 1 'status': 'CONFIRMED' \}\] \}\] \}$/,
    );
    const delivered = await receiver.delivered(correlationId);
    assert.equal(delivered.headers['content-type'], 'application/json');
    assert.deepEqual(delivered.envelope, callback.envelope);
  });

  test('a receiver answering 500, then 503, then 200: three attempts, waits growing, delivered once', async () => {
    receiver.answerNext(500, 503);
    const correlationId = await confirmNewOrder(sandbox);
    const callback = await sandbox.control.settledCallback(correlationId);
    assert.equal(callback.state, 'delivered');
    assert.deepEqual(
      callback.attempts.map((attempt) => attempt.status),
      [500, 503, 200],
    );
    const [first, second, third] = callback.attempts.map((attempt) => attempt.at.getTime());
    assert.ok(second! - first! >= 35, `first wait ${second! - first!} ms`);
    assert.ok(third! - second! >= 75, `second wait doubles: ${third! - second!} ms`);
    assert.equal(receiver.received.filter((entry) => entry.envelope.value.correlationId === correlationId).length, 3);
  });

  test('a receiver that never answers 2xx, or drops the connection, or hangs: given up after the bounded attempts', async () => {
    receiver.answerNext(500, 'drop', 'hang', 404);
    const correlationId = await confirmNewOrder(sandbox);
    const callback = await sandbox.control.settledCallback(correlationId);
    assert.equal(callback.state, 'failed');
    assert.deepEqual(
      callback.attempts.map((attempt) => attempt.status),
      [500, null, null, 404],
    );
    assert.ok(callback.attempts[1]!.error !== null);
    assert.match(callback.attempts[2]!.error ?? '', /Timeout/);
  });

  test('a lost answer (fault after processing): the call was applied and its callback still comes', async () => {
    const order = sandbox.control.createOrder();
    sandbox.control.injectFault({ path: '/v3/orders/confirm', status: 502, afterProcessing: true });
    const answer = await post(
      sandbox,
      '/v3/orders/confirm',
      { orders: [{ type: 'confirm', orderId: order.orderId }] },
      { correlationId: 'lost-1' },
    );
    assert.equal(answer.status, 502);
    assert.deepEqual(answer.body, [{ type: 'error', code: 'BAD_GATEWAY', message: 'Bad gateway' }]);
    const delivered = await receiver.delivered('lost-1');
    assert.equal(readResponseList(delivered.payload).responses[0]?.success, true);
    assert.equal(sandbox.control.order(order.orderId)?.orderStatus, 'PROCESSED');
  });
});

/** How long a callback made with no webhook URL is watched for an attempt: FAST's first delay and retry wait pass within it. */
const NO_URL_WINDOW_MS = 50;

describe('Fruugo sandbox: the webhook URL', () => {
  let sandbox: FruugoSandbox;
  let receiver: WebhookReceiver;

  before(async () => {
    receiver = await startReceiver();
    // Many attempts: the URL is changed while the callback is still being retried.
    sandbox = await startFruugoSandbox({ orderCount: 3, ...FAST, callbackRetryMaxMs: 40, callbackMaxAttempts: 100 });
  });

  after(async () => {
    await sandbox.close();
    await receiver.close();
  });

  test('no webhook URL: callbacks wait, then leave when one is set; an unreachable URL is retried until changed', async () => {
    const held = await confirmNewOrder(sandbox);
    const callback = () => sandbox.control.callbacks().find((each) => each.correlationId === held);
    // With no URL nothing is sent anywhere, so there is no event to wait for: the window spans the first delay and
    // the first retry wait, by which a callback treating the missing URL as a failed attempt would have recorded one.
    await sleep(NO_URL_WINDOW_MS);
    assert.deepEqual([callback()?.state, callback()?.attempts], ['waiting', []]);

    sandbox.control.setWebhookUrl(await closedPortUrl());
    const refused = await eventually('two refused attempts', async () => {
      const found = callback();
      return found !== undefined && found.attempts.length >= 2 ? found : undefined;
    });
    assert.equal(refused.state, 'scheduled');
    assert.ok(refused.attempts.every((attempt) => attempt.status === null && attempt.error !== null));

    sandbox.control.setWebhookUrl(receiver.url);
    assert.equal(sandbox.control.webhookUrl(), receiver.url);
    const settled = await sandbox.control.settledCallback(held);
    assert.equal(settled.state, 'delivered');
    assert.equal(settled.attempts.at(-1)?.status, 200);
    await receiver.delivered(held);
  });
});

/** A loopback URL nothing listens on: a port the OS just handed out and took back. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/webhooks/fruugo`;
}

describe('Fruugo sandbox: rate limit, faults, latency, request log', () => {
  let sandbox: FruugoSandbox;

  before(async () => {
    sandbox = await startFruugoSandbox({ orderCount: 3, ratePerMinute: 3, rateWindowSeconds: 10 });
  });

  after(async () => {
    await sandbox.close();
  });

  const search = () => post(sandbox, '/v3/orders', { dateFrom: '2026-01-01T00:00:00Z' });

  test('past the window’s budget: 429 with Retry-After (the window’s length) until the window closes', async () => {
    sandbox.control.advanceClock(60);
    for (let n = 0; n < 3; n += 1) accepted(await search());
    const refused = await search();
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '10');
    assert.deepEqual(refused.body, [
      { type: 'error', code: 'RATE_LIMIT_EXCEEDED', message: 'Request has been rejected due to exceeding rate limit' },
    ]);
    sandbox.control.advanceClock(10);
    accepted(await search());
    sandbox.control.setRatePerMinute(1000);
  });

  test('injected faults: status, count, Retry-After, method and path; clearFaults', async () => {
    sandbox.control.injectFault({ path: '/v3/orders', status: 503, count: 2, retryAfterSeconds: 2 });
    for (let n = 0; n < 2; n += 1) {
      const answer = await search();
      assert.equal(answer.status, 503);
      assert.equal(answer.headers.get('retry-after'), '2');
      assert.deepEqual(answer.body, [
        { type: 'error', code: 'SERVICE_UNAVAILABLE', message: 'The service is temporarily unavailable' },
      ]);
    }
    accepted(await search());
    sandbox.control.injectFault({ method: 'post', path: /confirm$/, status: 429, retryAfterSeconds: 1 });
    accepted(await search());
    assert.equal(
      (await post(sandbox, '/v3/orders/confirm', { orders: [{ type: 'confirm', orderId: '1' }] })).status,
      429,
    );
    sandbox.control.injectFault({ status: 500, count: 5 });
    sandbox.control.clearFaults();
    accepted(await search());
  });

  test('setLatency delays every API answer', async () => {
    sandbox.control.setLatency(120);
    const started = performance.now();
    accepted(await search());
    assert.ok(performance.now() - started >= 110);
    sandbox.control.setLatency(0);
  });

  test('requests() records the API calls with their status, not the /_sandbox ones', async () => {
    sandbox.control.resetRequests();
    await search();
    await post(sandbox, '/v3/orders', {}, { auth: null });
    await fetch(`${sandbox.url}/_sandbox/callbacks`);
    assert.deepEqual(
      sandbox.control.requests().map((entry) => [entry.method, entry.path, entry.status]),
      [
        ['POST', '/v3/orders', 202],
        ['POST', '/v3/orders', 401],
      ],
    );
  });
});

describe('Fruugo sandbox: /_sandbox routes for humans', () => {
  let sandbox: FruugoSandbox;
  let receiver: WebhookReceiver;

  before(async () => {
    receiver = await startReceiver();
    sandbox = await startFruugoSandbox({ orderCount: 3, ...FAST });
  });

  after(async () => {
    await sandbox.close();
    await receiver.close();
  });

  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${sandbox.url}/_sandbox${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });

  test('set the webhook, place an order, cancel it as the customer, list callbacks, move the clock', async () => {
    assert.deepEqual(await (await control('GET', '/webhook')).json(), { url: null });
    assert.equal((await control('POST', '/webhook', { url: receiver.url })).status, 200);
    assert.equal(sandbox.control.webhookUrl(), receiver.url);
    assert.equal((await control('POST', '/webhook', { url: 'not a url' })).status, 400);

    const created = await control('POST', '/orders', {
      currencyCode: 'EUR',
      customerCountry: 'FR',
      lines: [{ skuId: 'PSKU-000042', quantity: 2 }],
    });
    assert.equal(created.status, 201);
    const order = (await created.json()) as {
      orderId: string;
      currencyCode: string;
      customerCountry: string;
      orderStatus: string;
    };
    assert.deepEqual([order.currencyCode, order.customerCountry, order.orderStatus], ['EUR', 'FR', 'PENDING']);
    assert.equal((await control('POST', '/orders', undefined)).status, 201, 'a body is optional');

    const cancelled = await control('POST', `/orders/${order.orderId}/customer-cancel`);
    assert.deepEqual(
      ((await cancelled.json()) as { itemStatuses: Array<{ status: string }> }).itemStatuses.map(
        (entry) => entry.status,
      ),
      ['NOT_REPLACED'],
    );
    assert.equal((await control('POST', '/orders/0000000001000444/customer-cancel')).status, 404);

    const correlationId = accepted(
      await post(sandbox, '/v3/orders/confirm', { orders: [{ type: 'confirm', orderId: order.orderId }] }),
    );
    await sandbox.control.settledCallback(correlationId);
    const listed = (await (await control('GET', '/callbacks')).json()) as Array<{
      correlationId: string;
      state: string;
      envelope: { value: { payload: string } };
    }>;
    const mine = listed.find((callback) => callback.correlationId === correlationId)!;
    assert.equal(mine.state, 'delivered');
    assert.deepEqual(
      (parseLoosePayload(mine.envelope.value.payload) as { responses: Array<{ success: boolean }> }).responses[0]
        ?.success,
      false,
    );

    const before = sandbox.control.now().getTime();
    const advanced = (await (await control('POST', '/clock/advance', { seconds: 3600 })).json()) as { now: string };
    assert.ok(Date.parse(advanced.now) - before >= 3_599_000);
    assert.equal((await control('POST', '/clock/advance', { seconds: 'soon' })).status, 400);
  });
});
