import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { OPERATION_NAMES_KEPT } from '../../src/metrics/operation-names.js';
import { eventually } from '../../support/eventually.js';
import { confirmResponse, FRUUGO_CALLBACK_AUTHORIZATION, postFruugoCallback } from '../../support/fruugo-callbacks.js';
import { downloadedFruugoOrder } from '../../support/fruugo-orders.js';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { createdAsn, statusMutation } from '../../support/inbound.js';
import { subscribe } from '../../support/subscriptions.js';
import { moved, Scrape } from '../support/metrics.js';
import { sendWithoutBody } from '../support/raw-http.js';

/** The README's first orders example, as an operator would paste it. */
const ORDERS = `query Orders($after: String) {
  orders(first: 20, after: $after) {
    nodes { id marketplace status marketplaceStatus createdAt total { amount currency } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const ORDER_EVENTS = `subscription Watch($orderId: ID) { orderEvents(orderId: $orderId) { cursor type message } }`;

/** Every family the gateway defines itself; each is declared in a scrape and listed in the README. */
const FAMILIES = [
  'gateway_graphql_operation_duration_seconds',
  'gateway_upstream_request_duration_seconds',
  'gateway_upstream_retries_total',
  'gateway_upstream_retry_after_seconds',
  'gateway_upstream_circuit_state',
  'gateway_upstream_budget_queue_calls',
  'gateway_upstream_budget_wait_seconds',
  'gateway_webhooks_received_total',
  'gateway_webhooks_duplicate_total',
  'gateway_webhooks_refused_total',
  'gateway_webhooks_applied_total',
  'gateway_webhooks_failed_total',
  'gateway_webhooks_backlog',
  'gateway_webhooks_backlog_oldest_age_seconds',
  'gateway_websockets_active',
  'gateway_subscriptions_active',
  'gateway_event_publish_failures_total',
  'gateway_order_event_delivery_lag_seconds',
  'gateway_store_operation_duration_seconds',
];

const OPERATIONS = 'gateway_graphql_operation_duration_seconds_count';
const UPSTREAM = 'gateway_upstream_request_duration_seconds_count';

describe('Prometheus metrics, scraped as an operator would while using the gateway', () => {
  let gw: TestGateway;
  const scrape = () => Scrape.of(gw.gateway.metricsUrl);
  before(async () => {
    gw = await startTestGateway();
    // Fruugo's order download at start calls back once; the tests below count webhooks from a quiet gateway.
    await eventually('the download at start applied', async () =>
      (await scrape()).value('gateway_webhooks_applied_total', { source: 'fruugo' }) >= 1 ? true : undefined,
    );
  });
  after(() => gw.close());

  test('/metrics is served on METRICS_PORT, not on the API port, with every family and the process defaults', async () => {
    const metricsUrl = new URL(gw.gateway.metricsUrl!);
    assert.equal(metricsUrl.pathname, '/metrics');
    assert.notEqual(metricsUrl.port, new URL(gw.origin).port);
    assert.equal((await fetch(`${gw.origin}/metrics`)).status, 404, 'the API port does not serve it');
    assert.equal((await fetch(new URL('/graphql', metricsUrl))).status, 404, 'the metrics port serves nothing else');

    const scraped = await scrape();
    for (const family of FAMILIES) assert.match(scraped.text, new RegExp(`^# TYPE ${family} `, 'm'), family);
    for (const process of [
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
      'process_cpu_seconds_total',
    ]) {
      assert.ok(scraped.has(process), process);
    }
    const ours = new Set([...scraped.text.matchAll(/^# TYPE (gateway_\w+) /gm)].map((match) => match[1]));
    assert.deepEqual([...ours].sort(), [...FAMILIES].sort(), 'the families above are all there is');
  });

  test('the README lists every metric family', async () => {
    const readme = await readFile(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
    const operations = readme.slice(readme.indexOf('## Operations'), readme.indexOf('## Performance'));
    for (const family of FAMILIES) assert.ok(operations.includes(`\`${family}\``), `${family} in README, Operations`);
  });

  test('an orders query: the operation by name, type and outcome, each marketplace call, the store', async () => {
    const before = await scrape();
    dataOf(await gw.graphql(ORDERS));
    const after = await scrape();
    assert.equal(
      moved(before, after, OPERATIONS, { operation_name: 'Orders', operation_type: 'query', outcome: 'ok' }),
      1,
    );
    const noonList = { marketplace: 'NOON', operation: 'fbpi.ListFbpiOrders', status_class: '2xx' };
    assert.equal(moved(before, after, UPSTREAM, noonList), 1);
    assert.equal(moved(before, after, UPSTREAM, { marketplace: 'MARKETPLACER', status_class: '2xx' }), 1);
    assert.ok(
      moved(before, after, 'gateway_store_operation_duration_seconds_count', {
        operation: 'listOrders',
        outcome: 'ok',
      }) >= 1,
      "Fruugo's and Increff's orders are listed from the store",
    );
    assert.ok(after.value('gateway_upstream_request_duration_seconds_sum', noonList) > 0);
  });

  test('refused queries are client errors, of unknown type when unreadable; noon failing under orders is partial', async () => {
    const before = await scrape();
    assert.equal((await gw.graphql(`query Typo { orderz { id } }`)).status, 400);
    assert.equal((await gw.graphql(`query Broken {`)).status, 400);
    gw.noon.control.injectFault({ path: '/fbpi/v1/fbpi-orders/list', status: 500, count: 5 });
    const partial = await gw.graphql(ORDERS);
    assert.equal(partial.errors?.[0]?.extensions?.marketplace, 'NOON');
    assert.ok(partial.data?.orders.nodes.length > 0, 'the other marketplaces answered');
    const after = await scrape();

    const refused = { outcome: 'client_error' };
    assert.equal(moved(before, after, OPERATIONS, { ...refused, operation_name: 'Typo', operation_type: 'query' }), 1);
    const unreadable = { ...refused, operation_name: 'anonymous', operation_type: 'unknown' };
    assert.equal(moved(before, after, OPERATIONS, unreadable), 1, 'a document that does not parse names nothing');
    assert.equal(moved(before, after, OPERATIONS, { operation_name: 'Orders', outcome: 'partial' }), 1);
    const noonList = { marketplace: 'NOON', operation: 'fbpi.ListFbpiOrders' };
    assert.equal(
      moved(before, after, UPSTREAM, { ...noonList, status_class: '5xx' }),
      5,
      'the first attempt and 4 retries',
    );
    assert.equal(moved(before, after, 'gateway_upstream_retries_total', { ...noonList, reason: '5xx' }), 4);
  });

  test('webhooks: received, duplicate when delivered again, refused (credentials, body, media type, size), applied', async () => {
    const before = await scrape();
    const body = confirmResponse('metrics-1', 'metrics-order', 'refused');
    assert.equal((await postFruugoCallback(gw.origin, body)).status, 200);
    assert.equal((await postFruugoCallback(gw.origin, body)).status, 200, 'redelivered');
    const post = (headers: Record<string, string>, sent: string) =>
      fetch(`${gw.origin}/webhooks/fruugo`, { method: 'POST', headers, body: sent });
    const json = { 'content-type': 'application/json', authorization: FRUUGO_CALLBACK_AUTHORIZATION };
    assert.equal((await post({ ...json, authorization: 'Basic Zm9vOmJhcg==' }, body)).status, 401);
    assert.equal((await post(json, '{"value": "not a callback"}')).status, 400);
    assert.equal((await post({ ...json, 'content-type': 'text/xml' }, '<callback/>')).status, 415);
    // One request, its body announced larger than WEBHOOK_BODY_LIMIT_BYTES (15 MiB): answered 413 before it is read.
    const tooLarge = await sendWithoutBody(`${gw.origin}/webhooks/fruugo`, {
      method: 'POST',
      headers: json,
      declaredBytes: 16 * 1024 * 1024,
    });
    assert.equal(tooLarge.status, 413);

    const after = await eventually('the callback applied', async () => {
      const scraped = await scrape();
      return moved(before, scraped, 'gateway_webhooks_applied_total', { source: 'fruugo' }) >= 1 ? scraped : undefined;
    });
    const fruugo = { source: 'fruugo' };
    assert.equal(moved(before, after, 'gateway_webhooks_received_total', fruugo), 1);
    assert.equal(moved(before, after, 'gateway_webhooks_duplicate_total', fruugo), 1);
    for (const reason of ['unauthenticated', 'malformed', 'media_type', 'too_large']) {
      assert.equal(moved(before, after, 'gateway_webhooks_refused_total', { ...fruugo, reason }), 1, reason);
    }
    assert.equal(moved(before, after, 'gateway_webhooks_failed_total', fruugo), 0);
  });

  test('a webhook noon cannot serve (500): failed, in the backlog with its age, then applied when noon is back', async () => {
    const noonSource = { source: 'noon' };
    const before = await scrape();
    gw.noon.control.injectFault({
      method: 'GET',
      path: /^\/fbpi\/v1\/fbpi-order\/[^/]+\/get$/,
      status: 500,
      count: 1000,
    });
    gw.noon.control.placeFbpiOrder();
    const failing = await eventually('the event failed and waits in the backlog', async () => {
      const scraped = await scrape();
      return scraped.value('gateway_webhooks_backlog', { ...noonSource, status: 'failed' }) >= 1 ? scraped : undefined;
    });
    assert.ok(moved(before, failing, 'gateway_webhooks_received_total', noonSource) >= 1);
    assert.ok(moved(before, failing, 'gateway_webhooks_failed_total', { ...noonSource, outcome: 'retry' }) >= 1);
    assert.ok(failing.has('gateway_webhooks_backlog_oldest_age_seconds', { ...noonSource, status: 'failed' }));
    const aged = await eventually('the oldest unapplied event ages', async () => {
      const scraped = await scrape();
      const age = scraped.value('gateway_webhooks_backlog_oldest_age_seconds', { ...noonSource, status: 'failed' });
      return age > 0 ? scraped : undefined;
    });
    assert.equal(aged.value('gateway_webhooks_backlog', { ...noonSource, status: 'dead' }), 0, 'every state is shown');

    gw.noon.control.clearFaults();
    const applied = await eventually(
      'the retry applied it',
      async () => {
        const scraped = await scrape();
        return scraped.value('gateway_webhooks_backlog', { ...noonSource, status: 'failed' }) === 0
          ? scraped
          : undefined;
      },
      10_000,
    );
    assert.ok(moved(before, applied, 'gateway_webhooks_applied_total', noonSource) >= 1);
    assert.ok(!applied.has('gateway_webhooks_backlog_oldest_age_seconds', noonSource), 'no age without a backlog');
  });

  test('a subscription: the socket and subscription gauges while it is open, the delivery lag of its events', async () => {
    const id = await downloadedFruugoOrder(gw);
    const before = await scrape();
    assert.equal(before.value('gateway_websockets_active'), 0);
    const events = subscribe(gw.url, ORDER_EVENTS, { orderId: id });
    try {
      await eventually('the subscription counted', async () => {
        const scraped = await scrape();
        const open = [scraped.value('gateway_websockets_active'), scraped.value('gateway_subscriptions_active')];
        return open[0] === 1 && open[1] === 1 ? true : undefined;
      });
      const externalId = id.slice('FRUUGO:'.length);
      assert.equal((await postFruugoCallback(gw.origin, confirmResponse('metrics-lag', externalId, 'no'))).status, 200);
      assert.equal((await events.next()).data?.orderEvents.type, 'ERROR_REPORTED');
      const delivered = await scrape();
      assert.equal(moved(before, delivered, 'gateway_order_event_delivery_lag_seconds_count'), 1);
      assert.ok(delivered.value('gateway_order_event_delivery_lag_seconds_sum') > 0);
    } finally {
      await events.close();
    }
    const closed = await eventually('the gauges back to 0', async () => {
      const scraped = await scrape();
      const open = scraped.value('gateway_websockets_active') + scraped.value('gateway_subscriptions_active');
      return open === 0 ? scraped : undefined;
    });
    const subscription = { operation_name: 'Watch', operation_type: 'subscription', outcome: 'ok' };
    assert.equal(moved(before, closed, OPERATIONS, subscription), 1, 'timed from subscribe to its end');
  });

  test('label values stay bounded: a client inventing a name per request makes no new series past the limit', async () => {
    const before = await scrape();
    const invented = OPERATION_NAMES_KEPT + 30;
    for (let n = 0; n < invented; n++) dataOf(await gw.graphql(`query Invented${n} { __typename }`));
    dataOf(await gw.graphql(`{ __typename }`));
    const scraped = await scrape();
    const names = scraped.labelValues(OPERATIONS, 'operation_name');
    assert.ok(names.size <= OPERATION_NAMES_KEPT + 2, `${names.size} names: the kept ones, other and anonymous`);
    assert.ok(scraped.value(OPERATIONS, { operation_name: 'other' }) >= 30);
    assert.equal(moved(before, scraped, OPERATIONS, { operation_name: 'anonymous', operation_type: 'query' }), 1);
    for (const family of [
      'gateway_upstream_request_duration_seconds_count',
      'gateway_store_operation_duration_seconds_count',
    ]) {
      for (const label of ['operation', 'marketplace', 'status_class', 'outcome']) {
        for (const value of scraped.labelValues(family, label)) {
          assert.doesNotMatch(value, /\d{6,}|PSKU|ASN/, `${family} ${label}="${value}" names no id or SKU`);
        }
      }
    }
  });
});

describe('Prometheus metrics of a misbehaving noon: 429s, the request budget, an open breaker', () => {
  test('429s are counted, retried, and the Retry-After noon asked for is waited', async () => {
    const gw = await startTestGateway();
    try {
      const asn = await createdAsn(gw);
      const before = await Scrape.of(gw.gateway.metricsUrl);
      const update = '/inbound/v1/shipment/status/update';
      gw.noon.control.injectFault({ path: update, status: 429, count: 2, retryAfterSeconds: 0.2 });
      assert.equal(dataOf(await statusMutation(gw, 'sealInboundShipment', asn)).sealInboundShipment.status, 'SEALED');
      const after = await Scrape.of(gw.gateway.metricsUrl);
      const call = { marketplace: 'NOON', operation: 'inbound.UpdateShipmentStatus' };
      assert.equal(moved(before, after, UPSTREAM, { ...call, status_class: '429' }), 2);
      assert.equal(moved(before, after, UPSTREAM, { ...call, status_class: '2xx' }), 1);
      assert.equal(moved(before, after, 'gateway_upstream_retries_total', { ...call, reason: '429' }), 2);
      const waits = 'gateway_upstream_retry_after_seconds';
      assert.equal(moved(before, after, `${waits}_count`, { marketplace: 'NOON' }), 2);
      assert.equal(moved(before, after, `${waits}_sum`, { marketplace: 'NOON' }).toFixed(3), '0.400');
    } finally {
      await gw.close();
    }
  });

  test("calls waiting for noon's budget are the queue, their waits granted or refused at the deadline", async () => {
    // noon's budget paced at 1 call every 2 s, a deadline of 3 s: a flood waits in line, and what cannot have a turn
    // within its deadline is refused.
    const gw = await startTestGateway({ env: { NOON_REQUESTS_PER_MINUTE: '60', REQUEST_DEADLINE_MS: '3000' } });
    try {
      const lookups = Array.from({ length: 6 }, (_, n) =>
        gw.graphql(`query ($asn: ID!) { inboundShipment(asnNumber: $asn) { status } }`, {
          asn: `ASN${9_000_000_000 + n}`,
        }),
      );
      const queued = await eventually('calls waiting in line', async () => {
        const scraped = await Scrape.of(gw.gateway.metricsUrl);
        return scraped.value('gateway_upstream_budget_queue_calls', { marketplace: 'NOON' }) > 0 ? scraped : undefined;
      });
      assert.ok(
        !queued.has('gateway_upstream_budget_queue_calls', { marketplace: 'FRUUGO' }),
        'only noon has a budget',
      );
      await Promise.all(lookups);
      const after = await Scrape.of(gw.gateway.metricsUrl);
      assert.equal(after.value('gateway_upstream_budget_queue_calls', { marketplace: 'NOON' }), 0);
      const waits = 'gateway_upstream_budget_wait_seconds_count';
      assert.ok(
        after.value(waits, { marketplace: 'NOON', outcome: 'granted' }) >= 2,
        'the login and a lookup at least',
      );
      assert.ok(after.value(waits, { marketplace: 'NOON', outcome: 'refused' }) >= 1, after.text);
    } finally {
      await gw.close();
    }
  });

  test('noon failing twice in a row opens its breaker, and the gauge shows it open', async () => {
    const gw = await startTestGateway({ env: { HTTP_MAX_RETRIES: '0', HTTP_BREAKER_THRESHOLD: '2' } });
    try {
      const asn = await createdAsn(gw, 'AE', []);
      const state = async (marketplace: string) => {
        const scraped = await Scrape.of(gw.gateway.metricsUrl);
        return ['closed', 'half_open', 'open'].filter(
          (s) => scraped.value('gateway_upstream_circuit_state', { marketplace, state: s }) === 1,
        );
      };
      assert.deepEqual(await state('NOON'), ['closed']);
      gw.noon.control.injectFault({ path: `/inbound/v1/shipment/${asn}`, status: 503, count: 2 });
      const lookup = () => gw.graphql(`query ($asn: ID!) { inboundShipment(asnNumber: $asn) { status } }`, { asn });
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await lookup()).errors?.[0]?.extensions?.code);
      assert.equal(codes[2], 'UPSTREAM_UNAVAILABLE', JSON.stringify(codes));
      assert.deepEqual(await state('NOON'), ['open']);
      assert.deepEqual(await state('FRUUGO'), ['closed'], 'each marketplace its own breaker');
    } finally {
      await gw.close();
    }
  });
});

describe('METRICS_PORT=off', () => {
  test('opens no metrics port; the API works as before', async () => {
    const gw = await startTestGateway({ env: { METRICS_PORT: 'off' } });
    try {
      assert.equal(gw.gateway.metricsUrl, undefined);
      assert.equal(dataOf(await gw.graphql(`{ __typename }`)).__typename, 'Query');
      assert.equal((await fetch(`${gw.origin}/metrics`)).status, 404);
    } finally {
      await gw.close();
    }
  });
});
