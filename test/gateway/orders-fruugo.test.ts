import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dataOf, FRUUGO_WEBHOOK_SECRET, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { eventually } from '../../support/eventually.js';
import { downloadedFruugoOrder } from '../../support/fruugo-orders.js';
import { subscribe } from '../../support/subscriptions.js';
import { listAllOrders, ORDER_FIELDS } from '../support/orders.js';

const ORDER = `query ($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;
const CONFIRM = `mutation ($id: ID!) { confirmOrder(id: $id) { ${ORDER_FIELDS} } }`;

describe('Fruugo orders through the gateway (every answer arrives by callback)', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ fruugoOptions: { orderCount: 30 } });
  });
  after(() => gw.close());

  const downloadedOrder = () => downloadedFruugoOrder(gw);

  test('the download at start brings every sample order in, through the webhook', async () => {
    const listed = await eventually('the first download', async () => {
      const { orders } = await listAllOrders(gw, 'marketplaces: [FRUUGO]', 100);
      return orders.length >= 30 ? orders : undefined;
    });
    assert.equal(listed.length, 30);
    assert.ok(listed.every((order) => order.id.startsWith('FRUUGO:')));
  });

  test('confirm answers at once with the pending operation; the callback then confirms the order', async () => {
    const id = await downloadedOrder();
    const confirmed: any = dataOf(await gw.graphql(CONFIRM, { id })).confirmOrder;
    assert.equal(confirmed.status, 'PENDING');
    assert.equal(confirmed.pendingOperations.length, 1);
    assert.equal(confirmed.pendingOperations[0].type, 'CONFIRM');
    assert.equal(confirmed.pendingOperations[0].status, 'PENDING');
    const correlationId = confirmed.pendingOperations[0].correlationId;
    assert.ok(gw.fruugo.control.requests().some((request) => request.path === '/v3/orders/confirm'));

    const settled: any = await eventually('the confirm callback applied', async () => {
      const order = (await gw.graphql(ORDER, { id })).data?.order;
      return order?.pendingOperations[0]?.status === 'SUCCEEDED' ? order : undefined;
    });
    assert.equal(settled.status, 'ACKNOWLEDGED');
    assert.equal(settled.pendingOperations[0].correlationId, correlationId);
    assert.deepEqual(settled.errors, []);
  });

  test('a callback that overtakes Fruugo’s answer to the confirm settles its operation; the order stays ACKNOWLEDGED', async () => {
    const id = await downloadedOrder();
    const events = subscribe<any>(
      gw.url,
      `subscription ($id: ID) { orderEvents(orderId: $id, since: "0") { type status origin } }`,
      { id },
    );
    try {
      assert.equal((await events.next()).data.orderEvents.type, 'CREATED');
      // Fruugo calls back 200 ms after the confirm and holds its answer to the confirm for 2 s.
      gw.fruugo.control.injectFault({ path: '/v3/orders/confirm', holdMs: 2_000 });
      let answered = false;
      const confirming = gw.graphql(CONFIRM, { id }).then((result) => {
        answered = true;
        return result;
      });
      await eventually('the callback applied', async () =>
        (await gw.graphql(ORDER, { id })).data?.order.status === 'ACKNOWLEDGED' ? true : undefined,
      );
      assert.equal(answered, false, 'the callback was applied before the confirm was answered');
      dataOf(await confirming);

      const order: any = dataOf(await gw.graphql(ORDER, { id })).order;
      assert.equal(order.status, 'ACKNOWLEDGED', 'the answer read before the call does not overwrite the callback');
      assert.deepEqual(
        order.pendingOperations.map((operation: any) => [operation.type, operation.status]),
        [['CONFIRM', 'SUCCEEDED']],
      );
      assert.deepEqual(
        [(await events.next()).data.orderEvents, ...(await events.drain(300)).map((result) => result.data.orderEvents)],
        [{ type: 'STATUS_CHANGED', status: 'ACKNOWLEDGED', origin: 'WEBHOOK' }],
        'the request is not announced after the outcome it asked for',
      );
    } finally {
      await events.close();
    }
  });

  test('a confirm Fruugo refuses in its callback is kept as an ORDER_ACKNOWLEDGE error of the order', async () => {
    const id = await downloadedOrder();
    gw.fruugo.control.customerCancel(id.slice('FRUUGO:'.length));
    dataOf(await gw.graphql(CONFIRM, { id }));
    const failed: any = await eventually('the refusing callback applied', async () => {
      const order = (await gw.graphql(ORDER, { id })).data?.order;
      return order?.pendingOperations[0]?.status === 'FAILED' ? order : undefined;
    });
    assert.equal(failed.errors.length, 1);
    assert.equal(failed.errors[0].type, 'ORDER_ACKNOWLEDGE');
    assert.match(failed.errors[0].message, /BD_ILLEGAL_FULFILMENT_STATUS_TRANSITION/);
    assert.equal(failed.errors[0].correlationId, failed.pendingOperations[0].correlationId);
    const byQuery: any = dataOf(
      await gw.graphql(`query ($id: ID!) { order(id: $id) { errors { type } } }`, { id }),
    ).order;
    assert.deepEqual(byQuery.errors, [{ type: 'ORDER_ACKNOWLEDGE' }]);
  });

  test('a 400 on confirm is returned with its field errors and stored as order errors', async () => {
    const id = await downloadedOrder();
    gw.fruugo.control.injectFault({ path: '/v3/orders/confirm', status: 400 });
    const refused = await gw.graphql(CONFIRM, { id });
    const error = refused.errors?.[0];
    assert.equal(error?.extensions?.marketplace, 'FRUUGO');
    assert.equal(error?.extensions?.httpStatus, 400);
    assert.deepEqual(
      error?.extensions?.details.map((detail: any) => detail.field),
      ['productId', 'skuIds'],
    );
    const order: any = dataOf(await gw.graphql(ORDER, { id })).order;
    assert.deepEqual(
      order.errors.map((e: any) => [e.type, e.field, e.message]),
      [
        ['ORDER_ACKNOWLEDGE', 'productId', 'must not be null'],
        ['ORDER_ACKNOWLEDGE', 'skuIds', 'size must be between 1 and 200'],
      ],
    );
    assert.deepEqual(
      order.pendingOperations.map((operation: any) => [operation.type, operation.status, operation.correlationId]),
      [['CONFIRM', 'FAILED', order.errors[0].correlationId]],
      'a refused call is settled at once, under the id of its errors',
    );
  });

  test('a 429 waits for Retry-After and the confirm goes through', async () => {
    const id = await downloadedOrder();
    gw.fruugo.control.resetRequests();
    gw.fruugo.control.injectFault({ path: '/v3/orders/confirm', status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    const confirmed: any = dataOf(await gw.graphql(CONFIRM, { id })).confirmOrder;
    assert.ok(Date.now() - started >= 950, 'waited for Retry-After');
    assert.equal(confirmed.pendingOperations[0].status, 'PENDING');
    assert.deepEqual(
      gw.fruugo.control
        .requests()
        .filter((request) => request.path === '/v3/orders/confirm')
        .map((request) => request.status),
      [429, 202],
    );
  });

  test('ship and cancel record their operations and the callbacks apply them', async () => {
    const id = await downloadedOrder();
    dataOf(await gw.graphql(CONFIRM, { id }));
    await eventually('confirmed', async () =>
      (await gw.graphql(ORDER, { id })).data?.order.status === 'ACKNOWLEDGED' ? true : undefined,
    );
    const shipped: any = dataOf(
      await gw.graphql(
        `mutation ($id: ID!) { shipOrder(id: $id, input: { trackingNumber: "TRK1", trackingUrl: "https://track.example/TRK1" }) { pendingOperations { type status } } }`,
        { id },
      ),
    ).shipOrder;
    assert.deepEqual(
      shipped.pendingOperations.map((op: any) => op.type),
      ['CONFIRM', 'SHIP'],
    );
    await eventually('shipped', async () =>
      (await gw.graphql(ORDER, { id })).data?.order.status === 'SHIPPED' ? true : undefined,
    );

    const other = await downloadedOrder();
    dataOf(
      await gw.graphql(`mutation ($id: ID!) { cancelOrder(id: $id, reason: OUT_OF_STOCK) { id } }`, { id: other }),
    );
    const cancelled: any = await eventually('cancelled', async () => {
      const order = (await gw.graphql(ORDER, { id: other })).data?.order;
      return order?.status === 'CANCELLED' ? order : undefined;
    });
    assert.deepEqual(
      cancelled.pendingOperations.map((op: any) => [op.type, op.status]),
      [['CANCEL', 'SUCCEEDED']],
    );
  });

  describe('the webhook endpoint', () => {
    const url = () => `${gw.origin}/webhooks/fruugo`;
    const auth = (secret: string) => `Basic ${Buffer.from(`fruugo:${secret}`).toString('base64')}`;
    const envelope = (correlationId: string, payload: string) =>
      JSON.stringify({ value: { type: 'ConfirmResponseList', merchantId: 444, correlationId, payload } });
    const post = (body: string, secret = FRUUGO_WEBHOOK_SECRET) =>
      fetch(url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: auth(secret) },
        body,
      });
    const PAYLOAD =
      "{ 'transactionType': 'confirm' 'responses': [{ 'success': false 'errorMessage': 'it's refused' 'orderId': '1' 'shipmentId': null 'itemStatuses': [] }] }";

    test('refuses a wrong secret, an unparseable payload, a wrong shape and an oversized body', async () => {
      assert.equal((await post(envelope('w-1', PAYLOAD), 'not-the-secret-at-all')).status, 401);
      const noAuth = await fetch(url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: envelope('w-2', PAYLOAD),
      });
      assert.equal(noAuth.status, 401);
      const unparseable = await post(envelope('w-3', "{ 'transactionType': 'confirm' 'responses': [ }"));
      assert.equal(unparseable.status, 400);
      assert.match(((await unparseable.json()) as { message: string }).message, /offset/);
      assert.equal((await post('not json')).status, 400);
      assert.equal(
        (await post(JSON.stringify({ value: { type: 'Nope', merchantId: 444, correlationId: 'x', payload: '{}' } })))
          .status,
        400,
      );
      assert.equal((await post(envelope('w-4', "{ 'transactionType': 'confirm' }"))).status, 400);
      const big = await post(
        envelope('w-5', `{ 'transactionType': '${'x'.repeat(17 * 1024 * 1024)}' 'responses': [] }`),
      );
      assert.equal(big.status, 413);
    });

    test('stores a delivery once: the redelivery is acknowledged as a duplicate', async () => {
      const first = await post(envelope('w-dup', PAYLOAD));
      const again = await post(envelope('w-dup', PAYLOAD));
      assert.equal(first.status, 200);
      assert.equal(again.status, 200);
      const [a, b] = (await Promise.all([first.json(), again.json()])) as Array<{ id: string; duplicate: boolean }>;
      assert.equal(a!.duplicate, false);
      assert.equal(b!.duplicate, true);
      assert.equal(a!.id, b!.id);
    });
  });
});
