import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { WEBHOOK_EVENT_ID } from '../../src/domain/stored-ids.js';
import { eventually } from '../../support/eventually.js';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { overSocket, subscribe } from '../../support/subscriptions.js';
import { ManualClock } from '../support/manual-clock.js';
import { frontendTraceparent, RecordedSpans } from '../support/traces.js';

const ORDERS = `query Orders { orders(first: 50) { nodes { id marketplace } } }`;

/** noon's read of one FBPI order, which its order webhooks make (datasources/noon/webhooks/handler.ts). */
const NOON_ORDER_READ = /^\/fbpi\/v1\/fbpi-order\/[^/]+\/get$/;

describe('traces, with an in-memory exporter', () => {
  let gw: TestGateway;
  const recorded = new RecordedSpans();
  // The webhook sweep runs when a test moves this clock, and never takes an event before its intake has scheduled it.
  const clock = new ManualClock();
  before(async () => {
    gw = await startTestGateway({ tracerProvider: recorded.provider, clock });
    // noon's session is opened by the first call: the traces below show the calls of the operation alone.
    dataOf(await gw.graphql(ORDERS));
  });
  after(async () => {
    await gw.close();
    await recorded.close();
  });

  /** Every span of the trace but `root` has its parent in it: one tree, nothing left hanging. */
  function assertOneTree(root: ReadableSpan): void {
    for (const span of recorded.spans(root.spanContext().traceId)) {
      if (span !== root) assert.ok(recorded.parentOf(span), `${span.name} has its parent in the trace`);
    }
  }

  /** The span of the `attempt`th application of the noon order webhook about order `nr`, once it has ended. */
  function noonApplication(nr: string, attempt: number): Promise<ReadableSpan> {
    return eventually(`the application of ${nr}'s webhook, attempt ${attempt}`, async () =>
      recorded
        .spans()
        .filter((span) => String(span.attributes['url.full']).endsWith(`/fbpi-order/${nr}/get`))
        // The read's attempt, its call, then the application, each once it has ended.
        .map((read) => recorded.parentOf(read))
        .map((call) => call && recorded.parentOf(call))
        .find((application) => application?.attributes['webhook.attempt'] === attempt),
    );
  }

  test('one orders query over every marketplace: the frontend’s trace goes on through the operation, a call per marketplace reached with its attempts, and the store', async () => {
    gw.noon.control.injectFault({ path: '/fbpi/v1/fbpi-orders/list', status: 503 });
    const { traceparent, traceId, parentSpanId } = frontendTraceparent();
    const answer = await gw.graphql(ORDERS, {}, { traceparent, tracestate: 'frontend=orders-page' });
    const marketplaces = new Set(
      dataOf(answer).orders.nodes.map((order: { marketplace: string }) => order.marketplace),
    );
    assert.deepEqual([...marketplaces].sort(), ['FRUUGO', 'MARKETPLACER', 'NOON']);

    const operation = recorded.only(
      (span) => span.spanContext().traceId === traceId && span.parentSpanContext?.spanId === parentSpanId,
      'the span continuing the frontend’s',
    );
    assert.equal(operation.name, 'query Orders');
    assert.equal(operation.kind, SpanKind.SERVER);
    assert.equal(operation.spanContext().traceState?.serialize(), 'frontend=orders-page');
    assert.deepEqual(operation.attributes, {
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'Orders',
      'http.request.method': 'POST',
      'http.route': '/graphql',
      'http.response.status_code': 200,
    });
    assert.equal(operation.status.code, SpanStatusCode.UNSET);
    // noon and Marketplacer are asked; Fruugo's and Increff's orders are the gateway's own, listed from the store.
    assert.deepEqual(recorded.childNames(operation), [
      'MARKETPLACER marketplacer.Invoices',
      'NOON fbpi.ListFbpiOrders',
      'store listOrders',
      'store listOrders',
    ]);
    const [marketplacer, noon, ...stored] = recorded.childrenOf(operation);

    assert.deepEqual(noon!.attributes, {
      'marketplace.name': 'NOON',
      'marketplace.operation': 'fbpi.ListFbpiOrders',
      'marketplace.attempts': 2,
      'http.response.status_code': 200,
    });
    const [refused, answered] = recorded.childrenOf(noon!);
    assert.equal(recorded.childrenOf(noon!).length, 2);
    for (const attempt of [refused!, answered!]) {
      assert.equal(attempt.name, 'POST');
      assert.equal(attempt.kind, SpanKind.CLIENT);
      assert.equal(attempt.attributes['http.request.method'], 'POST');
      assert.equal(attempt.attributes['url.full'], `${gw.noon.url}/fbpi/v1/fbpi-orders/list`);
      assert.equal(attempt.attributes['server.address'], '127.0.0.1');
    }
    assert.equal(refused!.attributes['marketplace.attempt'], 1);
    assert.equal(refused!.attributes['http.response.status_code'], 503);
    assert.equal(refused!.status.code, SpanStatusCode.ERROR);
    assert.equal(refused!.attributes['http.request.resend_count'], undefined);
    assert.equal(answered!.attributes['marketplace.attempt'], 2);
    assert.equal(answered!.attributes['http.request.resend_count'], 1);
    assert.equal(answered!.attributes['http.response.status_code'], 200);
    assert.equal(answered!.status.code, SpanStatusCode.UNSET);

    assert.equal(marketplacer!.attributes['marketplace.name'], 'MARKETPLACER');
    assert.equal(marketplacer!.attributes['marketplace.attempts'], 1);
    assert.deepEqual(
      recorded.childrenOf(marketplacer!).map((attempt) => attempt.attributes['http.response.status_code']),
      [200],
    );

    for (const store of stored) {
      assert.equal(store.kind, SpanKind.CLIENT);
      assert.deepEqual(store.attributes, { 'db.system.name': 'sqlite', 'db.operation.name': 'listOrders' });
    }
    assertOneTree(operation);
  });

  test('a traceparent that does not parse begins a new trace: the operation answers as ever', async () => {
    const malformed = [
      'not-a-traceparent',
      // A trace id of zeros is invalid, as is version ff.
      `00-${'0'.repeat(32)}-${'1'.repeat(16)}-01`,
      `ff-${'a'.repeat(32)}-${'1'.repeat(16)}-01`,
      `00-${'a'.repeat(31)}-${'1'.repeat(16)}-01`,
    ];
    for (const [index, traceparent] of malformed.entries()) {
      const answer = await gw.graphql(`query Malformed${index} { __typename }`, {}, { traceparent });
      assert.equal(answer.status, 200, traceparent);
      assert.deepEqual(answer.errors, undefined, traceparent);
      const operation = recorded.only(
        (span) => span.attributes['graphql.operation.name'] === `Malformed${index}`,
        `the operation sent with ${traceparent}`,
      );
      assert.equal(operation.parentSpanContext, undefined, traceparent);
      assert.match(operation.spanContext().traceId, /^[0-9a-f]{32}$/);
      assert.notEqual(operation.spanContext().traceId, '0'.repeat(32));
      assert.ok(!traceparent.includes(operation.spanContext().traceId), traceparent);
    }
  });

  test('one webhook: its intake, then its application (the marketplace’s read, the store) under it, then the order event’s publication under that', async () => {
    const nr = gw.noon.control.placeFbpiOrder();
    const application = await noonApplication(nr, 1);
    const intake = recorded.parentOf(application)!;
    assert.equal(intake.name, 'POST /webhooks/noon');
    assert.equal(intake.kind, SpanKind.SERVER);
    // noon sends no traceparent: the webhook begins its trace.
    assert.equal(intake.parentSpanContext, undefined);
    const eventId = intake.attributes['webhook.event_id'];
    assert.deepEqual(intake.attributes, {
      'http.request.method': 'POST',
      'http.route': '/webhooks/noon',
      'http.response.status_code': 200,
      'webhook.source': 'noon',
      'webhook.type': 'FBPI::ORDER_CREATED',
      'webhook.event_id': eventId,
      'webhook.duplicate': false,
    });
    assert.deepEqual(recorded.childNames(intake), ['store recordWebhookEvent', 'webhook apply noon']);

    assert.equal(application.name, 'webhook apply noon');
    assert.deepEqual(application.attributes, {
      'webhook.source': 'noon',
      'webhook.type': 'FBPI::ORDER_CREATED',
      'webhook.event_id': eventId,
      'webhook.attempt': 1,
      'webhook.outcome': 'PROCESSED',
    });

    // The order event is published once the store has it durably, after the application has settled.
    const publication = await eventually('the order event’s publication', async () =>
      recorded.childrenOf(application).find((span) => span.name === 'publish order-event'),
    );
    assert.equal(publication.kind, SpanKind.PRODUCER);
    assert.deepEqual(publication.attributes, {
      'messaging.destination.name': 'order-event',
      'messaging.operation.type': 'send',
    });
    const names = recorded.childNames(application);
    assert.ok(names.includes('NOON fbpi.GetFbpiOrder'), names.join(', '));
    assert.ok(names.includes('store findWebhookEvent') && names.includes('store settleWebhookEvent'), names.join(', '));
    assert.deepEqual(
      names.filter((name) => !name.startsWith('store ')),
      ['NOON fbpi.GetFbpiOrder', 'publish order-event'],
    );
    assertOneTree(intake);
  });

  test('an application that fails is tried again by the sweep, in a trace of its own that names the event; the failed one is marked in the intake’s', async () => {
    // Every attempt of the first application's read (HTTP_MAX_RETRIES 4: five of them) is refused.
    gw.noon.control.injectFault({ method: 'GET', path: NOON_ORDER_READ, status: 500, count: 5 });
    const nr = gw.noon.control.placeFbpiOrder();
    const failed = await noonApplication(nr, 1);
    // A first failure waits WEBHOOK_RETRY_BASE_MS (100 ms) at most; the sweep looks every WEBHOOK_RETRY_SECONDS (1 s).
    clock.advance(2000);
    const retried = await noonApplication(nr, 2);
    assert.equal(retried.attributes['webhook.event_id'], failed.attributes['webhook.event_id']);

    assert.equal(failed.status.code, SpanStatusCode.ERROR);
    assert.equal(failed.attributes['webhook.outcome'], 'FAILED');
    assert.equal(failed.attributes['error.type'], 'INTERNAL_ERROR');
    assert.equal(recorded.parentOf(failed)!.name, 'POST /webhooks/noon');
    const read = recorded.childrenOf(failed).find((span) => span.name === 'NOON fbpi.GetFbpiOrder')!;
    assert.equal(read.status.code, SpanStatusCode.ERROR);
    assert.equal(read.attributes['marketplace.attempts'], 5);
    assert.equal(read.attributes['http.response.status_code'], 500);

    // The sweep found it in the store, where the intake's trace is not kept.
    assert.equal(retried.parentSpanContext, undefined);
    assert.notEqual(retried.spanContext().traceId, failed.spanContext().traceId);
    assert.equal(retried.attributes['webhook.outcome'], 'PROCESSED');
    assert.equal(retried.status.code, SpanStatusCode.UNSET);
    assertOneTree(retried);
  });

  test('an operator’s replay is applied under the operation that asked for it', async () => {
    const nr = gw.noon.control.placeFbpiOrder();
    const first = await noonApplication(nr, 1);
    const id = WEBHOOK_EVENT_ID.show(String(first.attributes['webhook.event_id']));
    const { traceparent, traceId } = frontendTraceparent();
    const answer = await gw.graphql(
      `mutation Replay($id: ID!) { replayWebhookEvent(id: $id) { status } }`,
      { id },
      { traceparent },
    );
    assert.equal(dataOf(answer).replayWebhookEvent.status, 'PROCESSED');
    const operation = recorded.only(
      (span) => span.spanContext().traceId === traceId && span.name === 'mutation Replay',
      'the replay',
    );
    const replayed = recorded.childrenOf(operation).find((span) => span.name === 'webhook apply noon')!;
    assert.equal(replayed.attributes['webhook.event_id'], first.attributes['webhook.event_id']);
    assert.equal(replayed.attributes['webhook.outcome'], 'PROCESSED');
  });

  /** The spans of operations over websockets named `name`, once `count` of them have ended. */
  function socketSpans(name: string, count: number): Promise<ReadableSpan[]> {
    return eventually(`${count} × ${name} over a websocket`, async () => {
      const spans = recorded
        .spans()
        .filter((span) => span.name === name && span.attributes['network.protocol.name'] === 'websocket');
      return spans.length >= count ? spans : undefined;
    });
  }

  test('a query over a websocket: one server span of its own, as over HTTP, with its calls under it; failed when a marketplace failed inside it', async () => {
    const answered = await overSocket(gw.url, ORDERS, {}, {});
    assert.equal(answered.errors, undefined);
    const [operation] = await socketSpans('query Orders', 1);
    assert.equal(operation!.kind, SpanKind.SERVER);
    // A websocket message carries no traceparent: it begins a trace.
    assert.equal(operation!.parentSpanContext, undefined);
    assert.deepEqual(operation!.attributes, {
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'Orders',
      'network.protocol.name': 'websocket',
    });
    assert.equal(operation!.status.code, SpanStatusCode.UNSET);
    assert.deepEqual(recorded.childNames(operation!), [
      'MARKETPLACER marketplacer.Invoices',
      'NOON fbpi.ListFbpiOrders',
      'store listOrders',
      'store listOrders',
    ]);
    assertOneTree(operation!);

    // Every attempt of noon's list refused: the answer has the others' orders and noon's error, the span is failed.
    gw.noon.control.injectFault({ path: '/fbpi/v1/fbpi-orders/list', status: 503, count: 5 });
    let noonError;
    try {
      const partial = await overSocket(gw.url, ORDERS, {}, {});
      assert.deepEqual(
        partial.errors?.map((error) => [error.extensions?.marketplace, error.extensions?.httpStatus]),
        [['NOON', 503]],
      );
      noonError = partial.errors![0]!;
    } finally {
      gw.noon.control.clearFaults();
    }
    const [, failed] = await socketSpans('query Orders', 2);
    assert.equal(failed!.status.code, SpanStatusCode.ERROR);
    // Named by the code the answer gave it (noon's own).
    assert.equal(failed!.status.message, noonError.extensions?.code);
  });

  test('a subscription over a websocket: each event it delivers is executed in a consumer span, a trace of its own linked to the webhook’s where the event was published', async () => {
    const events = subscribe(gw.url, `subscription NoonOrders { orderEvents(marketplaces: [NOON]) { orderId type } }`);
    try {
      await events.started;
      // Live only: orders are placed until one reaches the subscriber (the first may come before it listens).
      const delivered = await eventually('an order event over the websocket', async () => {
        gw.noon.control.placeFbpiOrder();
        const results = await events.drain(300);
        return results.length > 0 ? results : undefined;
      });
      const spans = await socketSpans('subscription NoonOrders', delivered.length);
      for (const span of spans) {
        assert.equal(span.kind, SpanKind.CONSUMER);
        assert.equal(span.parentSpanContext, undefined);
        assert.deepEqual(span.attributes, {
          'graphql.operation.type': 'subscription',
          'graphql.operation.name': 'NoonOrders',
          'network.protocol.name': 'websocket',
        });
        assert.equal(span.status.code, SpanStatusCode.UNSET);
        // Each links to the span its event was published in: a noon webhook's application, in the webhook's trace.
        assert.equal(span.links.length, 1, `${span.links.length} links`);
        const [link] = span.links;
        const publication = recorded.only(
          (other) => other.spanContext().spanId === link!.context.spanId,
          'the span the event was published in',
        );
        assert.equal(publication.name, 'publish order-event');
        assert.equal(publication.spanContext().traceId, link!.context.traceId);
        assert.notEqual(publication.spanContext().traceId, span.spanContext().traceId);
        assert.equal(recorded.parentOf(publication)?.name, 'webhook apply noon');
      }
    } finally {
      await events.close();
    }
  });

  test('a stock change a mutation made reaches a subscriber in a consumer span linked to its publication, in the mutation’s trace', async () => {
    const stock = subscribe(gw.url, `subscription Stock { inventoryChanged(skus: ["PSKU-000001"]) { sku available } }`);
    try {
      await stock.started;
      const { traceparent, traceId } = frontendTraceparent();
      // Live only: set until a change reaches the subscriber (the first may come before it listens).
      await eventually('a stock change over the websocket', async () => {
        const set = `mutation SetStock { updateStock(items: [{ sku: "PSKU-000001", quantity: 5 }]) { success } }`;
        assert.deepEqual(dataOf(await gw.graphql(set, {}, { traceparent })).updateStock, [{ success: true }]);
        return (await stock.drain(300)).length > 0 ? true : undefined;
      });
      const linked = (await socketSpans('subscription Stock', 1)).filter(
        (span) => span.links[0]?.context.traceId === traceId,
      );
      assert.ok(linked.length > 0, 'a delivery linked to the mutation’s trace');
      for (const delivery of linked) {
        assert.equal(delivery.kind, SpanKind.CONSUMER);
        const publication = recorded.only(
          (span) => span.spanContext().spanId === delivery.links[0]!.context.spanId,
          'the span the change was published in',
        );
        assert.equal(publication.name, 'publish inventory-changed');
        assert.equal(recorded.parentOf(publication)?.name, 'mutation SetStock');
      }
    } finally {
      await stock.close();
    }
  });
});
