import 'reflect-metadata';
import { TEST_HTTP } from '../support/http.js';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { authHeaders } from '../../datasources/marketplacer/client.js';
import { parseMarketplacerError } from '../../datasources/marketplacer/errors.js';
import {
  createMarketplacerClient,
  MarketplacerInventorySource,
  MarketplacerOrderSource,
} from '../../datasources/marketplacer/index.js';
import { Marketplace } from '../../schema/marketplace.js';
import type { HttpConfig, MarketplacerConfig } from '../../src/config.js';
import { UpstreamError } from '../../src/http/upstream-error.js';
import { startMarketplacerSandbox, type MarketplacerSandbox } from '../../sandbox/marketplacer/index.js';
import { BUYER, variantOf } from '../support/marketplacer.js';
import { testLogger } from '../support/silent-logger.js';

function orders(config: MarketplacerConfig, http: HttpConfig = TEST_HTTP): MarketplacerOrderSource {
  return new MarketplacerOrderSource(createMarketplacerClient(config, http, testLogger), testLogger);
}

/** Asserts an UpstreamError of Marketplacer with this code and status, and returns it. */
async function refusal(promise: Promise<unknown>, code: string, httpStatus: number): Promise<UpstreamError> {
  let caught: unknown;
  await promise.catch((error: unknown) => {
    caught = error;
  });
  assert.ok(caught instanceof UpstreamError, `expected an UpstreamError, got ${String(caught)}`);
  assert.equal(caught.marketplace, Marketplace.MARKETPLACER);
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.httpStatus, httpStatus);
  return caught;
}

describe('Marketplacer client: auth, GraphQL errors, retries', () => {
  let sandbox: MarketplacerSandbox;

  before(async () => {
    sandbox = await startMarketplacerSandbox({ invoices: 10 });
  });

  after(async () => {
    await sandbox.close();
  });

  const calls = () => sandbox.control.operations().map((entry) => `${entry.operationName} ${entry.status}`);

  test('the key as Bearer, or in MARKETPLACER-API-KEY with Basic auth for a staging site', async () => {
    assert.deepEqual(authHeaders(sandbox.marketplacerConfig()), {
      authorization: `Bearer ${sandbox.apiKeys.operator}`,
    });
    const staging = await startMarketplacerSandbox({ invoices: 3, basicAuth: { username: 'stage', password: 'p:w' } });
    try {
      const config = staging.marketplacerConfig();
      assert.deepEqual(authHeaders(config), {
        'marketplacer-api-key': staging.apiKeys.operator,
        authorization: `Basic ${Buffer.from('stage:p:w').toString('base64')}`,
      });
      assert.equal((await orders(config).list({}, undefined, 3)).orders.length, 3);
      await refusal(orders({ ...config, basicAuth: undefined }).list({}, undefined, 3), 'UNAUTHORIZED', 401);
    } finally {
      await staging.close();
    }
  });

  test('a refused key: 401 with Marketplacer’s message, not retried', async () => {
    sandbox.control.resetOperations();
    const wrong = await refusal(orders(sandbox.marketplacerConfig('nope')).get('10001'), 'UNAUTHORIZED', 401);
    assert.equal(wrong.message, 'Unauthorized');
    const expired = await refusal(
      orders(sandbox.marketplacerConfig(sandbox.apiKeys.expired)).get('10001'),
      'UNAUTHORIZED',
      401,
    );
    assert.equal(expired.message, 'API Token has expired');
    assert.deepEqual(calls(), ['Invoice 401', 'Invoice 401']);
  });

  test('ready: one small read with the key, refused like any other call', async () => {
    sandbox.control.resetOperations();
    await createMarketplacerClient(sandbox.marketplacerConfig(), TEST_HTTP, testLogger).ready(testLogger);
    const limited = createMarketplacerClient(
      sandbox.marketplacerConfig(sandbox.apiKeys.limited),
      TEST_HTTP,
      testLogger,
    );
    await refusal(limited.ready(testLogger), 'MISSING_SCOPE', 200);
    assert.deepEqual(calls(), ['ShipmentCarriers 200', 'ShipmentCarriers 200']);
  });

  test('GraphQL errors in a 200 answer: the code from extensions (MISSING_SCOPE), the path as a detail', async () => {
    const error = await refusal(
      orders(sandbox.marketplacerConfig(sandbox.apiKeys.limited)).list({}, undefined, 5),
      'MISSING_SCOPE',
      200,
    );
    assert.deepEqual(error.details, [
      { message: 'This API key does not have the orders:read scope', code: 'MISSING_SCOPE', field: 'invoices' },
    ]);
  });

  test('429 with Retry-After: waited for, then repeated', async () => {
    sandbox.control.resetOperations();
    sandbox.control.injectFault({ status: 429, code: 'RATE_LIMIT_EXCEEDED', retryAfterSeconds: 1 });
    const started = performance.now();
    const page = await orders(sandbox.marketplacerConfig()).list({}, undefined, 5);
    assert.equal(page.orders.length, 5);
    assert.ok(performance.now() - started >= 950, 'waited the second Marketplacer asked for');
    assert.deepEqual(calls(), ['Invoices 429', 'Invoices 200']);
  });

  test('429 without Retry-After means 60 s: longer than the client may wait, so the caller gets it', async () => {
    sandbox.control.resetOperations();
    sandbox.control.injectFault({ status: 429 });
    const error = await refusal(
      orders(sandbox.marketplacerConfig()).list({}, undefined, 5),
      'RATE_LIMIT_EXCEEDED',
      429,
    );
    assert.equal(error.retryAfterMs, 60_000);
    assert.deepEqual(calls(), ['Invoices 429']);
  });

  test('503: a query is repeated; a mutation is not (it may have been applied)', async () => {
    sandbox.control.resetOperations();
    sandbox.control.injectFault({ status: 503 });
    assert.equal((await orders(sandbox.marketplacerConfig()).list({}, undefined, 2)).orders.length, 2);
    assert.deepEqual(calls(), ['Invoices 503', 'Invoices 200']);

    sandbox.control.setCountOnHand('PSKU-000222', 5);
    const variant = await variantOf(sandbox, 'PSKU-000222');
    sandbox.control.resetOperations();
    sandbox.control.injectFault({ status: 503, afterProcessing: true });
    const create = orders(sandbox.marketplacerConfig()).orderCreate({
      order: BUYER,
      lineItems: [{ variantId: variant.id, quantity: 1, cost: { amount: 100 } }],
    });
    await refusal(create, 'SERVICE_UNAVAILABLE', 503);
    assert.deepEqual(calls(), ['OrderCreate 503']);
    assert.equal(
      (await variantOf(sandbox, 'PSKU-000222')).countOnHand,
      4,
      'the lost answer hid an order that was made',
    );
  });

  test('a slow answer is a timeout, repeated for a query until the retries run out', async () => {
    sandbox.control.resetOperations();
    sandbox.control.setLatency(300);
    try {
      const http = { ...{ ...TEST_HTTP, retry: { ...TEST_HTTP.retry, maxRetries: 1 } }, timeoutMs: 100 };
      await refusal(orders(sandbox.marketplacerConfig(), http).list({}, undefined, 2), 'UPSTREAM_TIMEOUT', 504);
    } finally {
      sandbox.control.setLatency(0);
    }
    assert.equal(sandbox.control.operations().filter((entry) => entry.operationName === 'Invoices').length, 2);
  });

  test('an answer without GraphQL errors still reads clearly', () => {
    assert.deepEqual(parseMarketplacerError(502, '<html>Bad Gateway</html>'), {
      code: 'INTERNAL_ERROR',
      message: 'Marketplacer answered HTTP 502: <html>Bad Gateway</html>',
    });
    assert.deepEqual(parseMarketplacerError(429, undefined), {
      code: 'RATE_LIMIT_EXCEEDED',
      message: 'Marketplacer answered HTTP 429',
    });
    assert.deepEqual(parseMarketplacerError(401, { errors: [{ message: 'Unauthorized' }] }), {
      code: 'UNAUTHORIZED',
      message: 'Unauthorized',
    });
  });
});

describe('Marketplacer inventory', () => {
  let sandbox: MarketplacerSandbox;
  let source: MarketplacerInventorySource;

  before(async () => {
    sandbox = await startMarketplacerSandbox({ invoices: 1 });
    source = new MarketplacerInventorySource(
      createMarketplacerClient(sandbox.marketplacerConfig(), TEST_HTTP, testLogger),
      testLogger,
    );
  });

  after(async () => {
    await sandbox.close();
  });

  test('a full batch is one call; a SKU two sellers sell gives two levels; unknown SKUs are absent', async () => {
    const skus = Array.from(
      { length: source.maxBatchSize - 1 },
      (_, index) => `PSKU-${String(index + 1).padStart(6, '0')}`,
    );
    sandbox.control.setCountOnHand('PSKU-000007', 13);
    sandbox.control.resetOperations();
    const levels = await source.levels([...skus, 'NOT-A-SKU']);
    assert.deepEqual(
      sandbox.control.operations().map((entry) => entry.operationName),
      ['VariantsBySku'],
    );
    // SKUs 1–50 are sold by two sellers each, 51–99 by one.
    assert.equal(levels.length, 50 * 2 + 49);
    assert.ok(levels.every((level) => level.marketplace === Marketplace.MARKETPLACER && skus.includes(level.sku)));
    const shared = levels.filter((level) => level.sku === 'PSKU-000007');
    assert.equal(new Set(shared.map((level) => level.location)).size, 2, 'one location per seller');
    assert.deepEqual(
      shared.map((level) => level.available),
      [13, 13],
    );
    assert.deepEqual(await source.levels([]), []);
  });

  test('stock follows orders', async () => {
    sandbox.control.setCountOnHand('PSKU-000150', 8);
    const variant = await variantOf(sandbox, 'PSKU-000150');
    const orderSource = new MarketplacerOrderSource(
      createMarketplacerClient(sandbox.marketplacerConfig(), TEST_HTTP, testLogger),
      testLogger,
    );
    await orderSource.orderCreate({
      order: BUYER,
      lineItems: [{ variantId: variant.id, quantity: 3, cost: { amount: 3000 } }],
    });
    const [level] = await source.levels(['PSKU-000150']);
    assert.equal(level?.available, 5);
    assert.equal(level?.location, 'Outback Outdoor Supply', 'the seller of SKU 150');
  });
});
