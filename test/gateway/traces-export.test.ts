import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dataOf } from '../../support/gateway.js';
import { startTestGatewayProcess, type TestGatewayProcess } from '../../support/gateway-process.js';
import { freePort } from '../support/free-port.js';
import { frontendTraceparent } from '../support/traces.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const ORDERS = `query Orders { orders(first: 20) { nodes { id } } }`;

/** OTLP's span kinds (its enum counts from UNSPECIFIED, 0). */
const OTLP_KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3 };

/** An OTLP/JSON attribute value, as the exporter writes the ones the gateway sets. */
interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  boolValue?: boolean;
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: OtlpValue }>;
}

/** What one export (`POST /v1/traces`, OTLP/JSON) carries. */
interface OtlpExport {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: OtlpValue }> };
    scopeSpans: Array<{ scope: { name: string }; spans: OtlpSpan[] }>;
  }>;
}

/** A received span with its attributes as plain values and the service that sent it. */
interface ExportedSpan extends Omit<OtlpSpan, 'attributes'> {
  attributes: Record<string, unknown>;
  service: unknown;
  scope: string;
}

function plain(attributes: Array<{ key: string; value: OtlpValue }>): Record<string, unknown> {
  return Object.fromEntries(
    attributes.map(({ key, value }) => [
      key,
      value.stringValue ?? value.boolValue ?? (value.intValue === undefined ? undefined : Number(value.intValue)),
    ]),
  );
}

/** Every span of every export received so far. */
function exportedSpans(collector: WebhookReceiver<{ otlp: OtlpExport }>): ExportedSpan[] {
  return collector.received.flatMap(({ otlp }) =>
    otlp.resourceSpans.flatMap(({ resource, scopeSpans }) =>
      scopeSpans.flatMap(({ scope, spans }) =>
        spans.map((span) => ({
          ...span,
          attributes: plain(span.attributes),
          service: plain(resource.attributes)['service.name'],
          scope: scope.name,
        })),
      ),
    ),
  );
}

/** The gateway's JSON log lines that carry `reqId`. */
function logLines(gw: TestGatewayProcess, reqId: string): Array<Record<string, unknown>> {
  return gw.process.output
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes(`"reqId":"${reqId}"`))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('npm start with OTEL_EXPORTER_OTLP_ENDPOINT: traces go over OTLP to a collector', () => {
  let collector: WebhookReceiver<{ otlp: OtlpExport }>;
  let gw: TestGatewayProcess;
  before(async () => {
    collector = await startWebhookReceiver('/v1/traces', (body) => ({ otlp: JSON.parse(body) as OtlpExport }));
    gw = await startTestGatewayProcess({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: new URL(collector.url).origin,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'gateway-under-test',
        LOG_LEVEL: 'debug',
      },
    });
  });
  after(async () => {
    await gw.close();
    await collector.close();
  });

  test('an orders query continues the frontend’s trace, and its spans reach the collector by the end of a SIGTERM; its log lines name them', async () => {
    await gw.process.printed(new RegExp(`Traces: OTLP to ${new URL(collector.url).origin} as gateway-under-test`));
    const { traceparent, traceId, parentSpanId } = frontendTraceparent();
    const answer = await gw.graphql(ORDERS, {}, { traceparent });
    dataOf(answer);
    const reqId = answer.headers.get('x-request-id')!;
    // The SDK sends in batches every 5 s: the spans still waiting go out on the way down.
    await gw.process.stop('SIGTERM');
    assert.equal(await gw.process.exited(), 0);

    assert.ok(collector.received.every((entry) => entry.headers['content-type'] === 'application/json'));
    const spans = exportedSpans(collector).filter((span) => span.traceId === traceId);
    const operation = spans.find((span) => span.parentSpanId === parentSpanId);
    assert.ok(operation, `the operation's span among ${spans.map((span) => span.name).join(', ')}`);
    assert.equal(operation.name, 'query Orders');
    assert.equal(operation.kind, OTLP_KIND.SERVER);
    assert.equal(operation.service, 'gateway-under-test');
    assert.equal(operation.scope, 'marketplace-gateway');
    assert.equal(operation.attributes['graphql.operation.name'], 'Orders');

    const children = spans.filter((span) => span.parentSpanId === operation.spanId);
    const calls = new Map(children.map((span) => [span.name, span]));
    for (const name of ['NOON fbpi.ListFbpiOrders', 'MARKETPLACER marketplacer.Invoices']) {
      const call = calls.get(name);
      assert.ok(call, `${name} among ${[...calls.keys()].join(', ')}`);
      assert.equal(call.kind, OTLP_KIND.INTERNAL);
      assert.equal(call.attributes['http.response.status_code'], 200);
      const attempts = spans.filter((span) => span.parentSpanId === call.spanId);
      assert.deepEqual(
        attempts.map((attempt) => [attempt.name, attempt.kind, attempt.attributes['marketplace.attempt']]),
        [['POST', OTLP_KIND.CLIENT, 1]],
      );
    }
    assert.ok(children.some((span) => span.name === 'store listOrders'));

    // The request's one line at info, written after its span, and the debug line of each attempt, written inside it.
    const lines = logLines(gw, reqId);
    const completed = lines.find((line) => line.msg === 'request completed');
    assert.equal(completed?.trace_id, traceId);
    assert.equal(completed?.span_id, operation.spanId);
    assert.equal(completed?.trace_flags, '01');
    const noonAttempt = spans.find((span) => span.parentSpanId === calls.get('NOON fbpi.ListFbpiOrders')!.spanId)!;
    const noonLine = lines.find((line) => line.msg === 'upstream call' && line.operation === 'fbpi.ListFbpiOrders');
    assert.equal(noonLine?.trace_id, traceId);
    assert.equal(noonLine?.span_id, noonAttempt.spanId);
  });
});

describe('npm start with an OTLP endpoint that cannot be reached', () => {
  let gw: TestGatewayProcess;
  before(async () => {
    gw = await startTestGatewayProcess({
      env: {
        // Nothing listens there: every export is refused.
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
        // The exporter's own limit for one export, retries included (10 s by default).
        OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
        LOG_LEVEL: 'warn',
      },
    });
  });
  after(() => gw.close());

  test('requests are answered as ever, and a SIGTERM still ends in an orderly exit, saying the spans were dropped', async () => {
    for (let request = 0; request < 3; request++) {
      const answer = await gw.graphql(ORDERS, {}, { traceparent: frontendTraceparent().traceparent });
      assert.equal(answer.status, 200);
      assert.ok(dataOf(answer).orders.nodes.length > 0);
    }
    await gw.process.stop('SIGTERM');
    assert.equal(await gw.process.exited(), 0);
    assert.match(gw.process.output, /"msg":"traces not yet exported were dropped at shutdown/);
  });
});

describe('npm start without an OTLP endpoint', () => {
  let gw: TestGatewayProcess;
  before(async () => {
    gw = await startTestGatewayProcess({ env: { LOG_LEVEL: 'info' } });
  });
  after(() => gw.close());

  test('no traces, but a request that came with a traceparent logs the caller’s ids; one without logs none', async () => {
    assert.doesNotMatch((await gw.process.printed(/Gateway ready[^]*?\n\n/))[0], /Traces:/);
    const { traceparent, traceId, parentSpanId } = frontendTraceparent();
    const traced = await gw.graphql(`{ __typename }`, {}, { traceparent });
    const untraced = await gw.graphql(`{ __typename }`);
    const completed = async (answer: { headers: Headers }) => {
      const reqId = answer.headers.get('x-request-id')!;
      await gw.process.printed(new RegExp(`"reqId":"${reqId}".*"msg":"request completed"`));
      return logLines(gw, reqId).find((line) => line.msg === 'request completed')!;
    };
    const line = await completed(traced);
    assert.equal(line.trace_id, traceId);
    assert.equal(line.span_id, parentSpanId);
    assert.equal('trace_id' in (await completed(untraced)), false);
  });
});
