import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { createdAsn } from '../../support/inbound.js';

describe('the gateway process', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway();
  });
  after(() => gw.close());

  const at = (path: string) => gw.url.replace('/graphql', path);

  test('/healthz answers while the process is up; /readyz names the store and each marketplace, all ready', async () => {
    const health = await fetch(at('/healthz'));
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const ready = await fetch(at('/readyz'));
    assert.equal(ready.status, 200);
    const closed = { ready: true, breaker: 'closed' };
    assert.deepEqual(await ready.json(), {
      status: 'ready',
      checks: { store: { ready: true }, noon: closed, fruugo: closed, increff: closed, marketplacer: closed },
    });
  });

  test('every answer carries a request id, the caller’s own when it sent one', async () => {
    const mine = await gw.graphql(`{ __typename }`, {}, { 'x-request-id': 'erp-sync-42' });
    assert.equal(mine.headers.get('x-request-id'), 'erp-sync-42');
    const generated = await gw.graphql(`{ __typename }`);
    assert.match(generated.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  test('a browser opening /graphql gets Apollo Sandbox', async () => {
    const page = await fetch(gw.url, { headers: { accept: 'text/html' } });
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /embeddable-sandbox|EmbeddedSandbox/i);
  });

  test('the same ASN named many times in one query is fetched once (DataLoader)', async () => {
    const asn = await createdAsn(gw, 'AE', []);
    gw.noon.control.resetRequests();
    const data = dataOf(
      await gw.graphql(
        `query ($asn: ID!) {
          a: inboundShipment(asnNumber: $asn) { status }
          b: inboundShipment(asnNumber: $asn) { country }
          c: inboundShipment(asnNumber: $asn) { asnNumber }
        }`,
        { asn },
      ),
    );
    assert.equal(data.c.asnNumber, asn);
    assert.equal(
      gw.noon.control.requests().filter((request) => request.path === `/inbound/v1/shipment/${asn}`).length,
      1,
    );
  });

  test('GraphQL operations also run over graphql-ws on the same path and port', async () => {
    const asn = await createdAsn(gw, 'AE', []);
    const client = createClient({ url: gw.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const result = await new Promise<any>((resolve, reject) => {
        let value: unknown;
        client.subscribe(
          { query: `query ($asn: ID!) { inboundShipment(asnNumber: $asn) { asnNumber status } }`, variables: { asn } },
          { next: (data) => (value = data), error: reject, complete: () => resolve(value) },
        );
      });
      assert.deepEqual(result.data, { inboundShipment: { asnNumber: asn, status: 'CREATED' } });
    } finally {
      await client.dispose();
    }
  });
});
