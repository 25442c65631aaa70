import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dataOf, startTestGateway, type GraphqlResponse, type TestGateway } from '../../support/gateway.js';
import { overSocket } from '../../support/subscriptions.js';
import { ORDER_PATHS } from '../../datasources/fruugo/wire.js';

/** The same key on two gateways: a cursor one gives out pages on the other. */
const CURSOR_SECRET = 'ids-and-cursors-test-secret-0000000001';

/** A refusal in the contract: BAD_USER_INPUT, with `details` naming `field`. */
function assertBadInput(response: GraphqlResponse, field: string): void {
  assert.equal(response.errors?.length, 1, JSON.stringify(response.errors ?? response.data));
  const [error] = response.errors!;
  assert.equal(error!.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(error));
  assert.equal(error!.extensions?.httpStatus, 400);
  const details = error!.extensions?.details as Array<{ field: string; message: string }>;
  assert.ok(
    details.some((detail) => detail.field === field && detail.message.length > 0),
    `details name ${field}: ${JSON.stringify(details)}`,
  );
}

/** A signed cursor (`<payload>.<signature>`) with its payload's position replaced, the signature kept. */
function withPosition(cursor: string, position: (old: any) => unknown): string {
  const [payload, signature] = cursor.split('.');
  const decoded = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
  const forged = Buffer.from(JSON.stringify({ ...decoded, position: position(decoded.position) })).toString(
    'base64url',
  );
  return `${forged}.${signature}`;
}

/** `text` with the character at `index` changed to another one of the base64url alphabet. */
function oneByteChanged(text: string, index: number): string {
  const changed = text[index] === 'A' ? 'B' : 'A';
  return `${text.slice(0, index)}${changed}${text.slice(index + 1)}`;
}

const ORDER = `query ($id: ID!) { order(id: $id) { id } }`;
const ORDERS = `query ($after: String, $status: [OrderStatus!], $marketplaces: [Marketplace!]) {
  orders(first: 2, after: $after, status: $status, marketplaces: $marketplaces) {
    nodes { id } pageInfo { hasNextPage endCursor }
  }
}`;
const ELIGIBLE = `query ($after: String) {
  inboundEligibleItems(first: 2, after: $after) { nodes { partnerSku } pageInfo { endCursor } }
}`;

/** A noon order id of the right shape: what is checked below is refused before noon could say whether it exists. */
const noonOrder = 'NOON:NFBO100000001';

describe('ids and cursors are checked before any marketplace is asked', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ env: { CURSOR_SECRET } });
  });
  after(() => gw.close());

  /**
   * Sends `query` and answers the response, having checked that no simulator was called for it (but for Fruugo's
   * order download, the gateway's own job, which may run at any time).
   */
  async function unsent(query: string, variables: Record<string, unknown>): Promise<GraphqlResponse> {
    const { noon, fruugo, increff, marketplacer } = gw;
    for (const control of [noon.control, fruugo.control, increff.control]) control.resetRequests();
    marketplacer.control.resetOperations();
    const response = await gw.graphql(query, variables);
    assert.deepEqual(noon.control.requests(), [], `noon, for ${query}`);
    assert.deepEqual(
      fruugo.control.requests().filter((request) => request.path !== ORDER_PATHS.search),
      [],
      `Fruugo, for ${query}`,
    );
    assert.deepEqual(increff.control.requests(), [], `Increff, for ${query}`);
    assert.deepEqual(marketplacer.control.operations(), [], `Marketplacer, for ${query}`);
    return response;
  }

  test('order ids with dot segments, slashes or URL characters: BAD_USER_INPUT, no upstream call', async () => {
    const ids = [
      'NOON:..',
      'NOON:.',
      'NOON:NFBO1/../get',
      'NOON:NFBO1%2F..',
      'NOON:NFBO1?x=1',
      'NOON:NFBO1#x',
      'NOON:NFBO1\\..',
      'NOON:',
      'MARKETPLACER:10120/..',
      'MARKETPLACER:a:b',
      'FRUUGO:../9164693001000444',
      'INCREFF:..',
      'INCREFF:NOON-NFBO1/../x',
    ];
    for (const id of ids) {
      assertBadInput(await unsent(ORDER, { id }), 'id');
      assertBadInput(await unsent(`mutation ($id: ID!) { confirmOrder(id: $id) { id } }`, { id }), 'id');
      assertBadInput(await unsent(`query ($id: ID!) { orderErrors(orderId: $id) { type } }`, { id }), 'orderId');
    }
    assertBadInput(
      await unsent(`mutation ($id: ID!) { createFulfilmentOrder(input: { orderId: $id }) { id } }`, { id: 'NOON:..' }),
      'input.orderId',
    );
  });

  test('line ids, ASN numbers, SKUs and webhook event ids of the wrong shape: BAD_USER_INPUT, no upstream call', async () => {
    const cancel = `mutation ($id: ID!, $line: ID!) {
      cancelOrder(id: $id, reason: OUT_OF_STOCK, lines: [{ lineId: $line, quantity: 1 }]) { id } }`;
    assertBadInput(await unsent(cancel, { id: noonOrder, line: `${noonOrder}/lines/../NI1` }), 'lines[0].lineId');
    assertBadInput(
      await unsent(cancel, { id: 'MARKETPLACER:10120', line: 'MARKETPLACER:10120/lines/20243/..' }),
      'lines[0].lineId',
    );
    assertBadInput(
      await unsent(cancel, { id: 'FRUUGO:9164693001000444', line: 'FRUUGO:9164693001000444/lines/PROD-1/..' }),
      'lines[0].lineId',
    );
    // A line's own number alone, or a line of another order (the warehouse's copy shares its source's numbers).
    const own = await unsent(cancel, { id: noonOrder, line: 'NI1' });
    assertBadInput(own, 'lines[0].lineId');
    assert.match(
      own.errors![0]!.message,
      /"NI1" is a line's own NOON number; pass the line's id, NOON:NFBO100000001\/lines\/NI1/,
    );
    const other = await unsent(cancel, { id: 'INCREFF:MARKETPLACER-10120', line: 'MARKETPLACER:10120/lines/20243' });
    assertBadInput(other, 'lines[0].lineId');
    assert.match(other.errors![0]!.message, /is not a line of INCREFF:MARKETPLACER-10120/);
    const ship = `mutation ($id: ID!, $input: ShipOrderInput!) { shipOrder(id: $id, input: $input) { id } }`;
    assertBadInput(
      await unsent(ship, {
        id: noonOrder,
        input: {
          lines: [
            { lineId: `${noonOrder}/lines/NI1`, quantity: 1 },
            { lineId: `${noonOrder}/lines/..`, quantity: 1 },
          ],
        },
      }),
      'input.lines[1].lineId',
    );
    assertBadInput(
      await unsent(ship, { id: noonOrder, input: { carrier: 'Aramex', trackingNumber: 'AWB/../1' } }),
      'input.trackingNumber',
    );
    for (const asn of ['..', '.', 'ASN1/../list', 'ASN1?x', '']) {
      assertBadInput(
        await unsent(`query ($asn: ID!) { inboundShipment(asnNumber: $asn) { status } }`, { asn }),
        'asnNumber',
      );
      assertBadInput(
        await unsent(`mutation ($asn: ID!) { sealInboundShipment(asnNumber: $asn) { status } }`, { asn }),
        'asnNumber',
      );
    }
    assertBadInput(
      await unsent(`query ($asn: ID!) { inboundSlotAvailability(asnNumber: $asn) { warehouse { code } } }`, {
        asn: '../x',
      }),
      'asnNumber',
    );
    assertBadInput(
      await unsent(`query ($skus: [String!]!) { inventoryLevels(skus: $skus) { sku } }`, {
        skus: ['PSKU-000001', 'PSKU/../1'],
      }),
      'skus[1]',
    );
    assertBadInput(
      await unsent(`mutation ($sku: String!) { updateStock(items: [{ sku: $sku, quantity: 1 }]) { sku } }`, {
        sku: 'a\u0000b',
      }),
      'items[0].sku',
    );
    assertBadInput(await unsent(`mutation { replayWebhookEvent(id: "../x") { id } }`, {}), 'id');
    // The store's UUID alone is not the id the API gives out.
    assertBadInput(
      await unsent(`mutation { replayWebhookEvent(id: "00000000-0000-4000-8000-000000000000") { id } }`, {}),
      'id',
    );
  });

  test('a 4 MB id is BAD_USER_INPUT, not noon’s 431; one over the body limit is refused by the gateway itself', async () => {
    const long = await unsent(ORDER, { id: `NOON:NFBO${'1'.repeat(4 * 1024 * 1024)}` });
    assertBadInput(long, 'id');
    assert.match(long.errors![0]!.message, /4194308 characters long; a noon FBPI order number has at most 64/);
    assertBadInput(await unsent(ORDER, { id: `NOON:NFBO${'1'.repeat(100_000)}` }), 'id');
    assertBadInput(await unsent(ORDER, { id: `NOON:NFBO${'1'.repeat(61)}` }), 'id');

    gw.noon.control.resetRequests();
    const tooLarge = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: ORDER, variables: { id: `NOON:${'1'.repeat(6 * 1024 * 1024)}` } }),
    });
    assert.equal(tooLarge.status, 413, 'the body limit (GRAPHQL_BODY_LIMIT_BYTES), a client error');
    await tooLarge.arrayBuffer();
    assert.deepEqual(gw.noon.control.requests(), []);
  });

  test('a lone surrogate, in an id or any other string argument, is BAD_USER_INPUT', async () => {
    assertBadInput(await unsent(ORDER, { id: 'NOON:NFBO\ud800' }), 'id');
    assertBadInput(await unsent(ORDER, { id: '\udc00NOON:NFBO1' }), 'id');
    assertBadInput(
      await unsent(`query ($search: String) { inboundEligibleItems(search: $search) { totalCount } }`, {
        search: 'shirt \ud83d',
      }),
      'search',
    );
    assertBadInput(
      await unsent(
        `mutation ($message: String) {
          cancelOrder(id: "FRUUGO:9164693001000444", reason: OTHER, messageToCustomer: $message) { id } }`,
        { message: 'sorry \udfff' },
      ),
      'messageToCustomer',
    );
    assertBadInput(
      await unsent(`mutation ($id: ID!, $input: ShipOrderInput!) { shipOrder(id: $id, input: $input) { id } }`, {
        id: noonOrder,
        input: { carrier: 'noon', lines: [{ lineId: `${noonOrder}/lines/NI\ud800`, quantity: 1 }] },
      }),
      'input.lines[0].lineId',
    );
    // A well-formed pair is a character like any other: refused for the id's shape, not as a surrogate.
    const emoji = await unsent(ORDER, { id: 'NOON:NFBO\ud83d\ude00' });
    assert.doesNotMatch(emoji.errors![0]!.message, /surrogate/);
  });

  test('over graphql-ws too: a lone surrogate, an id of the wrong shape, and a `since` that is not a cursor', async () => {
    const events = `subscription ($orderId: ID, $since: String) { orderEvents(orderId: $orderId, since: $since) { cursor } }`;
    for (const [variables, field] of [
      [{ orderId: 'NOON:\ud800' }, 'orderId'],
      [{ orderId: 'NOON:..' }, 'orderId'],
      [{ since: '-1' }, 'since'],
      [{ since: '1.5' }, 'since'],
      [{ since: 'abc' }, 'since'],
    ] as const) {
      const outcome = await overSocket(gw.url, events, variables, {});
      assert.equal(outcome.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(outcome));
      assert.equal(outcome.errors?.[0]?.extensions?.details?.[0]?.field, field);
    }
  });

  test('a valid cursor pages; a forged one, or one altered by one byte, is BAD_USER_INPUT and never reaches noon', async () => {
    const first = dataOf(await gw.graphql<any>(ORDERS, { marketplaces: ['NOON'] })).orders;
    assert.equal(first.pageInfo.hasNextPage, true);
    const second = dataOf(
      await gw.graphql<any>(ORDERS, { marketplaces: ['NOON'], after: first.pageInfo.endCursor }),
    ).orders;
    assert.equal(second.nodes.length, 2);
    const ids = [...first.nodes, ...second.nodes].map((node: { id: string }) => node.id);
    assert.equal(new Set(ids).size, 4, 'the second page follows the first');

    const cursor: string = second.pageInfo.endCursor;
    const [payload, signature] = cursor.split('.') as [string, string];
    const forgedToken = withPosition(cursor, (position) => ({
      ...position,
      positions: { NOON: { token: 'FORGED-NEXT-TOKEN', skip: 0 } },
    }));
    const forgedOutright = Buffer.from(
      JSON.stringify({ list: 'anything', position: { positions: { NOON: { token: 'FORGED-NEXT-TOKEN', skip: 0 } } } }),
    ).toString('base64url');
    for (const after of [
      forgedToken,
      forgedOutright,
      `${forgedOutright}.${signature}`,
      `${oneByteChanged(payload, 10)}.${signature}`,
      `${payload}.${oneByteChanged(signature, 0)}`,
      `${payload}.${signature}.x`,
      payload,
      'garbage!',
    ]) {
      assertBadInput(await unsent(ORDERS, { marketplaces: ['NOON'], after }), 'after');
    }

    // The inbound lists and the stored pages alike.
    const eligible = dataOf(await gw.graphql<any>(ELIGIBLE)).inboundEligibleItems;
    const altered = withPosition(eligible.pageInfo.endCursor, () => 'FORGED-NEXT-TOKEN');
    assertBadInput(await unsent(ELIGIBLE, { after: altered }), 'after');
    for (const list of ['webhookEvents', 'auditLog']) {
      assertBadInput(
        await unsent(`query ($after: String) { ${list}(after: $after) { pageInfo { endCursor } } }`, {
          after: withPosition(cursor, () => '00000000-0000-4000-8000-000000000000'),
        }),
        'after',
      );
    }
  });

  test('with CURSOR_SECRET, a cursor one gateway gave out pages on another with the same secret', async () => {
    const eligible = dataOf(await gw.graphql<any>(ELIGIBLE)).inboundEligibleItems;
    const next = dataOf(await gw.graphql<any>(ELIGIBLE, { after: eligible.pageInfo.endCursor })).inboundEligibleItems;
    const other = await startTestGateway({ env: { CURSOR_SECRET } });
    const unkeyed = await startTestGateway();
    try {
      const there = dataOf(
        await other.graphql<any>(ELIGIBLE, { after: eligible.pageInfo.endCursor }),
      ).inboundEligibleItems;
      assert.deepEqual(there.nodes, next.nodes);
      unkeyed.noon.control.resetRequests();
      assertBadInput(await unkeyed.graphql(ELIGIBLE, { after: eligible.pageInfo.endCursor }), 'after');
      assert.deepEqual(unkeyed.noon.control.requests(), []);
    } finally {
      await Promise.all([other.close(), unkeyed.close()]);
    }
  });
});

describe('list arguments are sets, of bounded length', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ env: { LIST_ARGUMENT_MAX_ITEMS: '45000' } });
  });
  after(() => gw.close());

  test('40,000 repeated statuses are one status: answered as [PENDING] is', async () => {
    // Increff's orders are read from the store, whose query once took one SQL variable per status given.
    const marketplaces = ['NOON', 'INCREFF'];
    const once = dataOf(await gw.graphql<any>(ORDERS, { marketplaces, status: ['PENDING'] })).orders;
    const repeated = await gw.graphql<any>(ORDERS, {
      marketplaces,
      status: Array.from({ length: 40_000 }, () => 'PENDING'),
    });
    assert.deepEqual(dataOf(repeated).orders.nodes, once.nodes);
  });

  test('repeated SKUs and marketplaces are asked and answered once', async () => {
    const levels = `query ($skus: [String!]!, $marketplaces: [Marketplace!]) {
      inventoryLevels(skus: $skus, marketplaces: $marketplaces) { sku marketplace location } }`;
    const once = dataOf(await gw.graphql<any>(levels, { skus: ['PSKU-000002'], marketplaces: ['NOON', 'INCREFF'] }));
    const repeated = dataOf(
      await gw.graphql<any>(levels, {
        skus: ['PSKU-000002', 'PSKU-000002', 'PSKU-000002'],
        marketplaces: ['NOON', 'INCREFF', 'NOON', 'INCREFF'],
      }),
    );
    assert.ok(once.inventoryLevels.length >= 2);
    assert.deepEqual(repeated.inventoryLevels, once.inventoryLevels);
  });

  test('a list longer than LIST_ARGUMENT_MAX_ITEMS is BAD_USER_INPUT naming it, before anything runs', async () => {
    gw.noon.control.resetRequests();
    const refused = await gw.graphql(ORDERS, { status: Array.from({ length: 45_001 }, () => 'PENDING') });
    assertBadInput(refused, 'status');
    assert.match(refused.errors![0]!.message, /45001 items; a list argument holds at most 45000/);
    assert.deepEqual(gw.noon.control.requests(), []);
  });
});
