import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AUTH_API_KEYS, bearer, KEYS } from '../support/auth.js';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { subscribe, type LiveSubscription } from '../../support/subscriptions.js';

// Issue 13: 500 subscribers selecting `order { lines { inventory } }` turned one confirmOrder into 1,998 upstream
// calls, each subscriber reading the order and its stock again. Now the subscribers of one order event share its reads.

/** Subscribers of one event; 500 (the issue's figure) is `npm run bench`'s, this keeps the test quick on 2 cores. */
const SUBSCRIBERS = 200;

/** noon sends its own order webhooks this late: never during a test, so a confirm makes exactly one event. */
const NO_NOON_WEBHOOKS = { notificationDelayMs: 3_600_000 };

const ORDER_EVENTS = `subscription ($since: String) {
  orderEvents(marketplaces: [NOON], since: $since) {
    orderId type order { id status lines { sku inventory { marketplace available } } }
  }
}`;

const CONFIRM = `mutation ($id: ID!) { confirmOrder(id: $id) { id } }`;

interface Level {
  marketplace: string;
  available: number;
}

interface EventResult {
  orderEvents: {
    orderId: string;
    type: string;
    order: { id: string; status: string; lines: Array<{ sku: string; inventory: Level[] }> } | null;
  };
}

/** The marketplaces a line's stock comes from (Increff counts it at each of its locations). */
function sources(inventory: Level[]): string[] {
  return [...new Set(inventory.map((level) => level.marketplace))].sort();
}

/** A noon order of these SKUs, confirmed over HTTP with `headers`; its id. */
async function confirmedOrder(gw: TestGateway, skus: string[], headers?: Record<string, string>): Promise<string> {
  const nr = gw.noon.control.placeFbpiOrder({ items: skus.map((partnerSku) => ({ partnerSku })) });
  const id = `NOON:${nr}`;
  dataOf(await gw.graphql(CONFIRM, { id }, headers));
  return id;
}

/** Subscribers of noon's order events from now on, each on a socket of its own. */
async function subscribers(
  gw: TestGateway,
  count: number,
  key?: string,
): Promise<Array<LiveSubscription<EventResult>>> {
  const since = String(await gw.gateway.store.latestOrderEventCursor());
  const opened = Array.from({ length: count }, () =>
    subscribe<EventResult>(gw.url, ORDER_EVENTS, { since }, key === undefined ? undefined : bearer(key)),
  );
  await Promise.all(opened.map((subscription) => subscription.started));
  return opened;
}

/** The upstream calls noon and Increff received, counted by method and path (the order's number as `{nr}`). */
function upstreamCalls(gw: TestGateway, nr: string): Record<string, number> {
  const counted: Record<string, number> = {};
  for (const request of [...gw.noon.control.requests(), ...gw.increff.control.requests()]) {
    const call = `${request.method} ${request.path.replace(nr, '{nr}')}`;
    counted[call] = (counted[call] ?? 0) + 1;
  }
  return counted;
}

describe('the subscribers of one order event share its reads', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ noonOptions: NO_NOON_WEBHOOKS, env: { WEBSOCKETS_PER_CALLER: '1000' } });
  });
  after(() => gw.close());

  /** The upstream calls of one confirmOrder, from the mutation until every subscriber has resolved its event. */
  async function callsOfConfirm(listening: Array<LiveSubscription<EventResult>>): Promise<Record<string, number>> {
    const nr = gw.noon.control.placeFbpiOrder({
      items: [{ partnerSku: 'PSKU-000010' }, { partnerSku: 'PSKU-000011' }],
    });
    gw.noon.control.resetRequests();
    gw.increff.control.resetRequests();
    dataOf(await gw.graphql(CONFIRM, { id: `NOON:${nr}` }));
    for (const subscription of listening) {
      const { data, errors } = await subscription.next(30_000);
      assert.equal(errors, undefined);
      const { orderId, type, order } = data!.orderEvents;
      assert.deepEqual([orderId, type, order?.status], [`NOON:${nr}`, 'STATUS_CHANGED', 'ACKNOWLEDGED']);
      for (const line of order!.lines) {
        assert.deepEqual(sources(line.inventory), ['INCREFF', 'NOON']);
      }
    }
    return upstreamCalls(gw, nr);
  }

  test(`${SUBSCRIBERS} subscribers of order { lines { inventory } } cost one confirm what one subscriber does`, async () => {
    const one = await subscribers(gw, 1);
    const many = [...one];
    try {
      await callsOfConfirm(one); // noon's login, made once, stays out of the figures
      const alone = await callsOfConfirm(one);
      assert.equal(alone['GET /fbpi/v1/fbpi-order/{nr}/get'] !== undefined, true, JSON.stringify(alone));
      assert.equal(alone['POST /stock/v1/stock-list'], 1, JSON.stringify(alone));

      many.push(...(await subscribers(gw, SUBSCRIBERS - 1)));
      assert.deepEqual(await callsOfConfirm(many), alone);
    } finally {
      await Promise.all(many.map((subscription) => subscription.close()));
    }
  });

  /** The NOON stock of the event's first line. */
  const noonStock = (result: { data?: EventResult | null }) =>
    result.data!.orderEvents.order!.lines[0]!.inventory.find((level) => level.marketplace === 'NOON')?.available;

  test('each event reads the stock as it is then, not as an earlier event of the subscription found it', async () => {
    const [events] = await subscribers(gw, 1);
    try {
      const sku = 'PSKU-000012';
      await confirmedOrder(gw, [sku]);
      const before = noonStock(await events!.next(10_000))!;
      const UPDATE_STOCK = `mutation ($items: [StockUpdateInput!]!) { updateStock(items: $items) { success } }`;
      dataOf(await gw.graphql(UPDATE_STOCK, { items: [{ sku, quantity: before + 5 }] }));
      await confirmedOrder(gw, [sku]);
      assert.equal(noonStock(await events!.next(10_000)), before + 5);
    } finally {
      await events!.close();
    }
  });

  test('each event names its own failures, not those of an earlier event of the subscription', async () => {
    const [events] = await subscribers(gw, 1);
    try {
      gw.increff.control.injectFault({ path: '/inventories/search-sku', status: 500, count: 1000 });
      await confirmedOrder(gw, ['PSKU-000014']);
      const failed = await events!.next(10_000);
      gw.increff.control.clearFaults();
      assert.deepEqual(
        failed.errors?.map((error) => [error.extensions?.marketplace, error.extensions?.httpStatus]),
        [['INCREFF', 500]],
      );
      await confirmedOrder(gw, ['PSKU-000014']);
      const next = await events!.next(10_000);
      assert.equal(next.errors, undefined);
      assert.deepEqual(sources(next.data!.orderEvents.order!.lines[0]!.inventory), ['INCREFF', 'NOON']);
    } finally {
      await events!.close();
    }
  });
});

describe('shared reads keep each subscriber to its marketplace scope', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ noonOptions: NO_NOON_WEBHOOKS, env: { AUTH_API_KEYS } });
  });
  after(() => gw.close());

  test('a noon-only caller gets noon’s stock of the line and never Increff’s, beside an admin who gets both', async () => {
    const [noonOnly] = await subscribers(gw, 1, KEYS.noonOperator);
    const [admin] = await subscribers(gw, 1, KEYS.admin);
    try {
      const id = await confirmedOrder(gw, ['PSKU-000013'], bearer(KEYS.admin));
      const marketplacesOf = (result: { data?: EventResult | null }) =>
        sources(result.data!.orderEvents.order!.lines[0]!.inventory);
      const [seenByNoon, seenByAdmin] = await Promise.all([noonOnly!.next(10_000), admin!.next(10_000)]);
      assert.equal(seenByNoon.data?.orderEvents.orderId, id);
      assert.deepEqual(marketplacesOf(seenByNoon), ['NOON']);
      assert.deepEqual(marketplacesOf(seenByAdmin), ['INCREFF', 'NOON']);
      assert.equal(seenByNoon.errors, undefined);
    } finally {
      await Promise.all([noonOnly!.close(), admin!.close()]);
    }
  });
});
