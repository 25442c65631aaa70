import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { eventually } from '../../support/eventually.js';
import { listAllOrders } from '../support/orders.js';
import { describeRound, resetUpstreamCalls, upstreamCalls, upstreamRounds } from '../../support/upstream-rounds.js';

const COUNTS = { NOON: 12, FRUUGO: 9, MARKETPLACER: 10, INCREFF: 1 };

/** Each simulator's latency while upstream rounds are counted: far above the gateway's own time between two calls. */
const ROUND_LATENCY_MS = 150;

/** A gateway whose four simulators hold COUNTS orders, Fruugo's downloaded and one noon order pushed to Increff. */
async function gatewayWithOrders(env: Record<string, string> = {}): Promise<TestGateway> {
  const gw = await startTestGateway({
    noonOptions: { fbpiOrderCount: COUNTS.NOON - COUNTS.INCREFF },
    fruugoOptions: { orderCount: COUNTS.FRUUGO },
    marketplacerOptions: { invoices: COUNTS.MARKETPLACER },
    env,
  });
  const nr = gw.noon.control.placeFbpiOrder();
  dataOf(
    await gw.graphql(`mutation ($id: ID!) { createFulfilmentOrder(input: { orderId: $id }) { id } }`, {
      id: `NOON:${nr}`,
    }),
  );
  await eventually('Fruugo’s first download', async () => {
    const page: any = (await gw.graphql(`{ orders(marketplaces: [FRUUGO], first: 100) { nodes { id } } }`)).data;
    return page?.orders.nodes.length === COUNTS.FRUUGO ? true : undefined;
  });
  return gw;
}

describe('one order list across four marketplaces', () => {
  let gw: TestGateway;
  before(async () => {
    // noon's budget out of the way: paging through every order with `first: 7` spends more than its 24 calls a second,
    // and a stock call left waiting for the next second counts as a round of its own.
    gw = await gatewayWithOrders({ NOON_REQUESTS_PER_MINUTE: '100000' });
  });
  after(() => gw.close());

  test('pages through every marketplace’s orders once, newest first, whatever the page size', async () => {
    const total = Object.values(COUNTS).reduce((sum, count) => sum + count, 0);
    for (const first of [7, 32, 100]) {
      const { orders, pages } = await listAllOrders(gw, '', first);
      assert.equal(orders.length, total, `first: ${first}`);
      assert.equal(pages, Math.ceil(total / first), `first: ${first}`);
      assert.equal(new Set(orders.map((order) => order.id)).size, total);
      const times = orders.map((order) => Date.parse(order.createdAt));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
      );
      for (const [marketplace, count] of Object.entries(COUNTS)) {
        assert.equal(orders.filter((order) => order.marketplace === marketplace).length, count, marketplace);
      }
    }
  });

  /**
   * The upstream calls `query` makes, in rounds (support/upstream-rounds.ts), each simulator answering after a
   * latency far above what the gateway takes between two calls it makes at once. noon is logged in first.
   */
  async function roundsOf(query: string): Promise<string[][]> {
    dataOf(await gw.graphql(`{ inventoryLevels(skus: ["PSKU-000001"]) { marketplace } }`));
    const simulators = [gw.noon, gw.fruugo, gw.increff, gw.marketplacer];
    for (const simulator of simulators) simulator.control.setLatency(ROUND_LATENCY_MS);
    try {
      resetUpstreamCalls(gw);
      dataOf(await gw.graphql(query));
      return upstreamRounds(upstreamCalls(gw)).map(describeRound);
    } finally {
      for (const simulator of simulators) simulator.control.setLatency(0);
    }
  }

  test('orders: noon and Marketplacer are asked at once (Fruugo and Increff from the store), one round', async () => {
    assert.deepEqual(await roundsOf(`{ orders(first: 50) { nodes { id } } }`), [
      ['MARKETPLACER Invoices', 'NOON /fbpi/v1/fbpi-orders/list'],
    ]);
  });

  test('orders with each line’s stock: the orders, then one stock call per marketplace, all at once', async () => {
    const query = `{ orders(first: 100) { nodes { id lines { sku inventory { marketplace available } } } } }`;
    assert.deepEqual(await roundsOf(query), [
      ['MARKETPLACER Invoices', 'NOON /fbpi/v1/fbpi-orders/list'],
      ['INCREFF /inventories/search-sku', 'MARKETPLACER VariantsBySku', 'NOON /stock/v1/stock-list'],
    ]);
  });

  test('inventoryLevels: every stock-counting marketplace at once', async () => {
    const query = `{ inventoryLevels(skus: ["PSKU-000001", "PSKU-000002"]) { marketplace } }`;
    assert.deepEqual(await roundsOf(query), [
      ['INCREFF /inventories/search-sku', 'MARKETPLACER VariantsBySku', 'NOON /stock/v1/stock-list'],
    ]);
  });
});

describe('one marketplace down', () => {
  let gw: TestGateway;
  before(async () => {
    // Room for the healthy marketplaces (noon's login signs an RSA token) on a loaded machine; Marketplacer waits well past it.
    gw = await gatewayWithOrders({ HTTP_MAX_RETRIES: '0', HTTP_TIMEOUT_MS: '1500' });
  });
  after(() => gw.close());

  test('a timing-out marketplace leaves the other three’s orders, and one error names it', async () => {
    gw.marketplacer.control.setLatency(3000);
    try {
      const response = await gw.graphql(`{ orders(first: 100) { nodes { id marketplace } pageInfo { hasNextPage } } }`);
      const nodes: Array<{ marketplace: string }> = response.data?.orders.nodes;
      assert.deepEqual([...new Set(nodes.map((order) => order.marketplace))].sort(), ['FRUUGO', 'INCREFF', 'NOON']);
      assert.equal(nodes.length, COUNTS.NOON + COUNTS.FRUUGO + COUNTS.INCREFF);
      assert.equal(response.errors?.length, 1);
      assert.deepEqual(response.errors?.[0]?.path, ['orders']);
      assert.equal(response.errors?.[0]?.extensions?.marketplace, 'MARKETPLACER');
      assert.equal(response.errors?.[0]?.extensions?.code, 'UPSTREAM_TIMEOUT');
      assert.equal(response.errors?.[0]?.extensions?.httpStatus, 504);
    } finally {
      gw.marketplacer.control.setLatency(0);
    }
  });

  test('a failing marketplace keeps its place in the cursor: the next page asks it again and loses nothing', async () => {
    gw.noon.control.injectFault({ path: '/fbpi/v1/fbpi-orders/list', status: 500 });
    const first = await gw.graphql(
      `{ orders(first: 5) { nodes { id marketplace } pageInfo { hasNextPage endCursor } } }`,
    );
    assert.equal(first.errors?.[0]?.extensions?.marketplace, 'NOON');
    assert.ok(first.data?.orders.nodes.every((order: any) => order.marketplace !== 'NOON'));
    const seen: string[] = first.data?.orders.nodes.map((order: any) => order.id);
    let after: string | null = first.data?.orders.pageInfo.endCursor;
    while (after) {
      const page: any = dataOf(
        await gw.graphql(
          `query ($after: String) { orders(first: 50, after: $after) { nodes { id } pageInfo { endCursor } } }`,
          { after },
        ),
      );
      seen.push(...page.orders.nodes.map((order: any) => order.id));
      after = page.orders.pageInfo.endCursor;
    }
    assert.equal(
      seen.filter((id) => id.startsWith('NOON:')).length,
      COUNTS.NOON,
      'every noon order came on a later page',
    );
    assert.equal(new Set(seen).size, seen.length, 'no order twice');
  });
});
