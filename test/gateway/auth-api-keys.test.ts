import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AUTH_API_KEYS, bearer, KEYS } from '../support/auth.js';
import { eventually } from '../../support/eventually.js';
import { dataOf, startTestGateway, type GraphqlResponse, type TestGateway } from '../../support/gateway.js';

/** The codes of a response's errors, in order. */
const codes = (response: GraphqlResponse) => (response.errors ?? []).map((error) => error.extensions?.code);

const AUDIT = `query ($principal: String, $since: DateTime, $first: Int) {
  auditLog(principal: $principal, since: $since, first: $first) {
    nodes { field operationName outcome transport requestId arguments principal { kind subject name } at }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('API keys over HTTP: who may read and change what', () => {
  let gw: TestGateway;
  /** A noon order, a Fruugo order. */
  let noonId: string;
  let fruugoId: string;
  const as = (key: string, query: string, variables?: Record<string, unknown>) =>
    gw.graphql(query, variables, bearer(key));

  before(async () => {
    gw = await startTestGateway({ fruugoOptions: { orderCount: 3 }, env: { AUTH_API_KEYS } });
    noonId = `NOON:${gw.noon.control.placeFbpiOrder()}`;
    fruugoId = await eventually('Fruugo’s first download', async () => {
      const data = (await as(KEYS.admin, `{ orders(marketplaces: [FRUUGO], first: 1) { nodes { id } } }`)).data;
      return data?.orders.nodes[0]?.id as string | undefined;
    });
  });
  after(() => gw.close());

  test('no credentials, an unknown key or a malformed header: HTTP 401, one UNAUTHENTICATED error, nothing run', async () => {
    for (const headers of [
      {},
      bearer('not-a-key-of-this-gateway-000001'),
      { authorization: `Basic ${KEYS.admin}` },
      { authorization: KEYS.admin },
    ]) {
      const refused = await gw.graphql(`{ orders(first: 1) { nodes { id } } }`, {}, headers);
      assert.equal(refused.status, 401, JSON.stringify(headers));
      assert.deepEqual(codes(refused), ['UNAUTHENTICATED']);
      assert.equal(refused.data, undefined);
      assert.match(refused.headers.get('www-authenticate') ?? '', /^Bearer/);
      assert.doesNotMatch(JSON.stringify(refused.errors), /admin-key/, 'a credential is never echoed');
    }
  });

  test('a browser opening /graphql still gets Apollo Sandbox without credentials; it executes nothing', async () => {
    const page = await fetch(gw.url, { headers: { accept: 'text/html' } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /embeddable-sandbox|EmbeddedSandbox/i);
  });

  test('a viewer reads, but a mutation and an admin field are FORBIDDEN on that field while the rest answers', async () => {
    const read = await as(KEYS.viewer, `query ($id: ID!) { order(id: $id) { id } orders(first: 2) { nodes { id } } }`, {
      id: noonId,
    });
    assert.equal(dataOf(read).order.id, noonId);

    const mixed = await as(
      KEYS.viewer,
      `{ orders(first: 1) { nodes { id } } webhookEvents(first: 1) { nodes { id body } } }`,
    );
    assert.equal(mixed.status, 200);
    assert.equal(mixed.data?.orders.nodes.length, 1, 'the field the viewer may read still answers');
    assert.equal(mixed.data?.webhookEvents, null);
    assert.deepEqual(codes(mixed), ['FORBIDDEN']);
    assert.deepEqual(mixed.errors?.[0]?.path, ['webhookEvents']);
    assert.match(mixed.errors?.[0]?.message ?? '', /needs the admin role; viewer has viewer/);

    const cancel = await as(
      KEYS.viewer,
      `mutation Cancel($id: ID!) { cancelOrder(id: $id, reason: OUT_OF_STOCK) { id status } }`,
      { id: noonId },
    );
    assert.deepEqual(codes(cancel), ['FORBIDDEN']);
    const order = dataOf(await as(KEYS.admin, `query ($id: ID!) { order(id: $id) { status } }`, { id: noonId })).order;
    assert.notEqual(order.status, 'CANCELLED', 'the refused mutation reached no marketplace');
  });

  test('an operator changes orders, stock and prices, but may not read raw webhooks, replay them or read the audit log', async () => {
    const confirmed = await as(KEYS.operator, `mutation ($id: ID!) { confirmOrder(id: $id) { id status } }`, {
      id: noonId,
    });
    assert.equal(dataOf(confirmed).confirmOrder.id, noonId);
    const stock = await as(
      KEYS.operator,
      `mutation { updateStock(items: [{ sku: "PSKU-000001", quantity: 7 }]) { sku success } }`,
    );
    assert.deepEqual(dataOf(stock).updateStock, [{ sku: 'PSKU-000001', success: true }]);

    for (const admin of [
      `{ webhookEvents(first: 1) { nodes { id } } }`,
      `{ auditLog(first: 1) { nodes { id } } }`,
      `mutation { replayWebhookEvent(id: "nope") { id } }`,
    ]) {
      assert.deepEqual(codes(await as(KEYS.operator, admin)), ['FORBIDDEN'], admin);
    }
  });

  test('an admin reads raw webhooks and the audit log; a replay is checked as a mutation', async () => {
    const events = dataOf(
      await as(KEYS.admin, `{ webhookEvents(source: FRUUGO, first: 1) { nodes { id body } } }`),
    ).webhookEvents;
    assert.match(events.nodes[0].body, /OrderList/);
    const missing = await as(
      KEYS.admin,
      `mutation { replayWebhookEvent(id: "WebhookEvent:00000000-0000-4000-8000-000000000000") { id } }`,
    );
    assert.deepEqual(codes(missing), ['WEBHOOK_EVENT_NOT_FOUND']);
  });

  test('rotation: the old and the new key of one name both work, the new one configured by its SHA-256 only', async () => {
    for (const key of [KEYS.operator, KEYS.operatorRotated]) {
      const response = await as(key, `mutation ($id: ID!) { confirmOrder(id: $id) { id } }`, { id: noonId });
      assert.equal(dataOf(response).confirmOrder.id, noonId);
    }
    const entries = dataOf(await as(KEYS.admin, AUDIT, { principal: 'erp-sync', first: 200 })).auditLog.nodes;
    assert.ok(
      entries.filter((entry: any) => entry.field === 'confirmOrder').length >= 3,
      'both keys audited under one name',
    );
  });

  describe('a caller limited to noon', () => {
    test('sees only noon orders in the list, and is refused a marketplace it names', async () => {
      const listed = dataOf(await as(KEYS.noonOperator, `{ orders(first: 100) { nodes { id marketplace } } }`)).orders
        .nodes;
      assert.ok(listed.length > 0);
      assert.deepEqual([...new Set(listed.map((order: any) => order.marketplace))], ['NOON']);
      const named = await as(KEYS.noonOperator, `{ orders(marketplaces: [NOON, FRUUGO], first: 5) { nodes { id } } }`);
      assert.deepEqual(codes(named), ['FORBIDDEN']);
    });

    test('gets FORBIDDEN, not "not found", for another marketplace’s order, and cannot change it', async () => {
      assert.equal(
        dataOf(await as(KEYS.noonOperator, `query ($id: ID!) { order(id: $id) { id } }`, { id: noonId })).order.id,
        noonId,
      );
      for (const query of [
        `query ($id: ID!) { order(id: $id) { id } }`,
        `query ($id: ID!) { orderErrors(orderId: $id) { message } }`,
        `mutation ($id: ID!) { confirmOrder(id: $id) { id } }`,
        `mutation ($id: ID!) { cancelOrder(id: $id, reason: OUT_OF_STOCK) { id } }`,
      ]) {
        const refused = await as(KEYS.noonOperator, query, { id: fruugoId });
        assert.deepEqual(codes(refused), ['FORBIDDEN'], query);
        assert.match(refused.errors?.[0]?.message ?? '', /noon-ops may not use FRUUGO/);
      }
    });

    test('pushes to the warehouse only with Increff in scope as well', async () => {
      const refused = await as(
        KEYS.noonOperator,
        `mutation ($id: ID!) { createFulfilmentOrder(input: { orderId: $id }) { id } }`,
        { id: noonId },
      );
      assert.deepEqual(codes(refused), ['FORBIDDEN']);
      assert.match(refused.errors?.[0]?.message ?? '', /may not use INCREFF/);
    });

    test('gets only noon stock, in lists and on order lines', async () => {
      const levels = dataOf(
        await as(KEYS.noonOperator, `{ inventoryLevels(skus: ["PSKU-000001"]) { marketplace sku } }`),
      ).inventoryLevels;
      assert.ok(levels.length > 0);
      assert.deepEqual([...new Set(levels.map((level: any) => level.marketplace))], ['NOON']);
      const everywhere = dataOf(
        await as(KEYS.admin, `{ inventoryLevels(skus: ["PSKU-000001"]) { marketplace } }`),
      ).inventoryLevels;
      assert.ok(
        everywhere.some((level: any) => level.marketplace !== 'NOON'),
        'an unlimited caller sees more than noon',
      );
      assert.deepEqual(
        codes(
          await as(KEYS.noonOperator, `{ inventoryLevels(skus: ["PSKU-000001"], marketplaces: [INCREFF]) { sku } }`),
        ),
        ['FORBIDDEN'],
      );

      const lines = dataOf(
        await as(KEYS.noonOperator, `query ($id: ID!) { order(id: $id) { lines { inventory { marketplace } } } }`, {
          id: noonId,
        }),
      );
      const seen = lines.order.lines.flatMap((line: any) => line.inventory.map((level: any) => level.marketplace));
      assert.ok(
        seen.every((marketplace: string) => marketplace === 'NOON'),
        `line stock outside noon: ${seen}`,
      );
    });

    test('a caller limited to Fruugo may not touch noon’s FBN inbound or its prices', async () => {
      for (const query of [
        `{ inboundShipments(first: 1) { nodes { asnNumber } } }`,
        `mutation { updatePrice(items: [{ sku: "PSKU-000001", country: "AE", price: "10.00" }]) { sku } }`,
        `{ webhookEvents(first: 1) { nodes { id } } }`,
        `{ auditLog(first: 1) { nodes { id } } }`,
      ]) {
        assert.deepEqual(codes(await as(KEYS.fruugoAdmin, query)), ['FORBIDDEN'], query);
      }
      const own = dataOf(
        await as(KEYS.fruugoAdmin, `{ webhookEvents(source: FRUUGO, first: 1) { nodes { source } } }`),
      );
      assert.equal(own.webhookEvents.nodes[0].source, 'FRUUGO');
    });
  });

  test('the audit log records a successful and a refused mutation: who, what, when, request id, outcome', async () => {
    const since = new Date().toISOString();
    const done = await gw.graphql(
      `mutation Stock { updateStock(items: [{ sku: "PSKU-000002", quantity: 3 }]) { success } }`,
      {},
      { ...bearer(KEYS.operator), 'x-request-id': 'audit-success-1' },
    );
    dataOf(done);
    const refused = await gw.graphql(
      `mutation CancelIt($id: ID!) { cancelOrder(id: $id, reason: OUT_OF_STOCK) { id } }`,
      { id: noonId },
      { ...bearer(KEYS.viewer), 'x-request-id': 'audit-refused-1' },
    );
    assert.deepEqual(codes(refused), ['FORBIDDEN']);

    const entries = dataOf(await as(KEYS.admin, AUDIT, { since })).auditLog.nodes;
    const success = entries.find((entry: any) => entry.requestId === 'audit-success-1');
    assert.deepEqual(
      { ...success, at: undefined },
      {
        field: 'updateStock',
        operationName: 'Stock',
        outcome: 'SUCCESS',
        transport: 'http',
        requestId: 'audit-success-1',
        arguments: { items: [{ sku: 'PSKU-000002', quantity: 3 }] },
        principal: { kind: 'API_KEY', subject: 'erp-sync', name: 'erp-sync' },
        at: undefined,
      },
    );
    assert.ok(Date.parse(success.at) >= Date.parse(since));
    const denied = entries.find((entry: any) => entry.requestId === 'audit-refused-1');
    assert.equal(denied.outcome, 'FORBIDDEN');
    assert.equal(denied.field, 'cancelOrder');
    assert.equal(denied.principal.subject, 'viewer');
    assert.deepEqual(denied.arguments, { id: noonId, reason: 'OUT_OF_STOCK' });
    // Newest first, and the principal filter keeps to one caller.
    assert.ok(entries.indexOf(denied) < entries.indexOf(success));
    const viewerOnly = dataOf(await as(KEYS.admin, AUDIT, { principal: 'viewer', since })).auditLog.nodes;
    assert.ok(viewerOnly.length > 0 && viewerOnly.every((entry: any) => entry.principal.subject === 'viewer'));
  });

  test('auditLog pages resume exactly and refuse a page size out of range', async () => {
    const all = dataOf(await as(KEYS.admin, `{ auditLog(first: 200) { nodes { id } } }`)).auditLog.nodes.map(
      (entry: any) => entry.id,
    );
    assert.ok(all.length >= 3);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = dataOf(
        await as(
          KEYS.admin,
          `query ($after: String) { auditLog(first: 2, after: $after) { nodes { id } pageInfo { endCursor } } }`,
          { after },
        ),
      ).auditLog;
      seen.push(...page.nodes.map((entry: any) => entry.id));
      after = page.pageInfo.endCursor;
    } while (after !== null);
    assert.deepEqual(seen.slice(0, all.length), all);
    assert.deepEqual(codes(await as(KEYS.admin, `{ auditLog(first: 0) { nodes { id } } }`)), ['BAD_USER_INPUT']);
  });
});
