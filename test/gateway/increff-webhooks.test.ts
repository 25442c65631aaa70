import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ChannelCall } from '../../sandbox/increff/index.js';
import type { OrderEvent, WebhookEvent } from '../../src/store/callback-store.js';
import { eventually } from '../../support/eventually.js';
import { dataOf, INCREFF_WEBHOOK_TOKEN, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { ORDER_FIELDS } from '../support/orders.js';
import { subscribe, whenListening } from '../../support/subscriptions.js';
import { webhooksApplied } from '../support/webhooks-applied.js';

const ORDER = `query ($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;
const PUSH = `mutation ($id: ID!) { createFulfilmentOrder(input: { orderId: $id }) { id externalId lines { id externalId sku quantity } } }`;
/** Small enough to overflow without sending megabytes; a full ATP batch of 200 rows fits. */
const BODY_LIMIT = 64 * 1024;

describe('the endpoints Increff calls on the gateway, driven by the Increff simulator', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ env: { WEBHOOK_BODY_LIMIT_BYTES: String(BODY_LIMIT) } });
  });
  after(() => gw.close());

  const url = (path: string) => `${gw.origin}/webhooks/increff${path}`;

  /** A noon order pushed to Increff through the gateway; answers the INCREFF order. */
  async function pushedOrder(skus: string[]): Promise<{
    id: string;
    code: string;
    lines: Array<{ id: string; externalId: string; sku: string; quantity: number }>;
  }> {
    const nr = gw.noon.control.placeFbpiOrder({ items: skus.map((partnerSku) => ({ partnerSku })) });
    const pushed: any = dataOf(await gw.graphql(PUSH, { id: `NOON:${nr}` })).createFulfilmentOrder;
    return { id: pushed.id, code: pushed.externalId, lines: pushed.lines };
  }

  /** The order's events that came from Increff's calls (the push itself announced CREATED). */
  const eventsOf = async (orderId: string): Promise<OrderEvent[]> =>
    (await gw.gateway.store.orderEventsAfter(0, { orderId }, 100)).filter((event) => event.origin === 'WEBHOOK');
  const increffEvents = (): Promise<WebhookEvent[]> =>
    gw.gateway.store.listWebhookEvents({ source: 'increff' }, undefined, 1000);

  /** Waits for the order's event of `status`, once it is stored. */
  const statusEvent = (orderId: string, status: string) =>
    eventually(`${orderId} ${status}`, async () => (await eventsOf(orderId)).find((event) => event.status === status));

  /** The simulator's calls of one touchpoint about one order, once every one of them is delivered. */
  const delivered = (touchpoint: ChannelCall['touchpoint'], orderCode: string | null, count = 1) =>
    eventually(`${touchpoint} of ${orderCode} delivered`, async () => {
      const calls = gw.increff.control
        .channelCalls()
        .filter((call) => call.touchpoint === touchpoint && call.orderCode === orderCode);
      return calls.length >= count && calls.every((call) => call.state === 'delivered') ? calls : undefined;
    });

  /** The headers Get Credential answers for the token. */
  async function credential(token = INCREFF_WEBHOOK_TOKEN): Promise<Response> {
    return fetch(url('/credential'), { headers: { authToken: token } });
  }

  async function authorized(): Promise<Record<string, string>> {
    const response = await credential();
    assert.equal(response.status, 200);
    return (await response.json()) as Record<string, string>;
  }

  const send = (method: string, path: string, body: unknown, headers: Record<string, string>) =>
    fetch(url(path), {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  test('a pack: the first call meets 401, Increff fetches the credential, and the gateway stores the pack once and makes the order PACKED', async () => {
    const order = await pushedOrder(['PSKU-000030', 'PSKU-000042']);
    gw.increff.control.advanceOrder(order.code, 'PACKED');
    const [pack] = await delivered('pack', order.code);
    const shipmentId = gw.increff.control.order(order.code)!.shipments[0]!.shipmentId;

    // The simulator had no credential yet: 401, Get Credential, then the same call again with it.
    assert.deepEqual(
      pack!.attempts.map((attempt) => attempt.status),
      [401, 200],
    );
    assert.deepEqual(
      gw.increff.control.credentialFetches().map((fetch) => fetch.status),
      [200],
    );
    assert.deepEqual(pack!.answer, { orderCode: order.code, locationCode: 'WH-DXB-01', shipmentId });

    const event = await statusEvent(order.id, 'PACKED');
    assert.equal(event.type, 'STATUS_CHANGED');
    assert.equal(event.origin, 'WEBHOOK');
    const stored = (await increffEvents()).find((each) => each.id === event.webhookEventId)!;
    assert.equal(stored.type, 'PackOrder');
    assert.equal(stored.dedupeKey, `pack:${shipmentId}`);
    assert.deepEqual(JSON.parse(stored.body), pack!.request);

    const read: any = dataOf(await gw.graphql(ORDER, { id: order.id })).order;
    assert.equal(read.status, 'PACKED');
    assert.equal(read.marketplaceStatus, 'PACKED');
    assert.deepEqual(read.shipments, [
      {
        id: `${order.id}/shipments/${shipmentId}`,
        carrier: null,
        trackingNumber: null,
        lineIds: order.lines.map((line) => line.id),
      },
    ]);
  });

  test('a repeated pack (same shipmentId) gets the identical answer, and is stored and applied once', async () => {
    const order = await pushedOrder(['PSKU-000044']);
    gw.increff.control.advanceOrder(order.code, 'PACKED');
    const [pack] = await delivered('pack', order.code);
    await statusEvent(order.id, 'PACKED');

    const headers = await authorized();
    const answers = [];
    for (let repeat = 0; repeat < 2; repeat += 1) {
      const response = await send('POST', '/pack', pack!.request, headers);
      assert.equal(response.status, 200);
      answers.push(await response.text());
    }
    assert.deepEqual(
      answers.map((answer) => JSON.parse(answer)),
      [pack!.answer, pack!.answer],
    );
    assert.equal(answers[0], answers[1]);

    const shipmentId = (pack!.request as { shipmentId: number }).shipmentId;
    assert.equal((await increffEvents()).filter((event) => event.dedupeKey === `pack:${shipmentId}`).length, 1);
    await webhooksApplied(gw);
    assert.deepEqual(
      (await eventsOf(order.id)).map((event) => event.status),
      ['PACKED'],
    );
  });

  test('the shipping label: the gateway answers a PDF with its AWB and transporter, and the order is SHIPPED with tracking; the handover makes it HANDED_OVER', async () => {
    const order = await pushedOrder(['PSKU-000046']);
    gw.increff.control.advanceOrder(order.code, 'PACKED');
    await statusEvent(order.id, 'PACKED');
    gw.increff.control.advanceOrder(order.code, 'INVOICED');
    const [label] = await delivered('shippingLabel', order.code);
    const shipment = gw.increff.control.order(order.code)!.shipments[0]!;
    const awb = `${order.code}-${shipment.shipmentId}`;
    assert.equal(label!.method, 'GET');
    assert.deepEqual([shipment.awbNumber, shipment.transporter], [awb, 'SELF']);
    const pdf = Buffer.from(shipment.shippingLabel!, 'base64').toString('latin1');
    assert.match(pdf, /^%PDF-1\.4\n/);
    assert.ok(pdf.includes(`(AWB ${awb})`), 'the label prints the AWB');
    assert.deepEqual((label!.answer as { boxLabelDetails: unknown[] }).boxLabelDetails, []);

    await statusEvent(order.id, 'SHIPPED');
    const stored = (await increffEvents()).find((event) => event.dedupeKey === `label:${shipment.shipmentId}`)!;
    assert.equal(stored.type, 'GetShippingLabel');
    assert.match(stored.body, new RegExp(`orderCode=${order.code}&shipmentId=${shipment.shipmentId}&`));
    const labelled: any = dataOf(await gw.graphql(ORDER, { id: order.id })).order;
    assert.deepEqual([labelled.status, labelled.marketplaceStatus], ['SHIPPED', 'INVOICED']);
    assert.deepEqual(
      labelled.shipments.map((each: any) => [each.id, each.carrier, each.trackingNumber]),
      [[`${order.id}/shipments/${shipment.shipmentId}`, 'SELF', awb]],
    );

    // A reprint: the same label again, byte for byte, and nothing stored twice.
    const query = new URLSearchParams({
      orderCode: order.code,
      shipmentId: String(shipment.shipmentId),
      shipmentCode: shipment.shipmentCode,
      locationCode: shipment.locationCode,
      arePackBoxLabelsRequired: 'false',
    });
    const reprint = await fetch(`${url('/shipping-label')}?${query}`, { headers: await authorized() });
    assert.equal(reprint.status, 200);
    assert.deepEqual(await reprint.json(), label!.answer);
    assert.equal(
      (await increffEvents()).filter((event) => event.dedupeKey === `label:${shipment.shipmentId}`).length,
      1,
    );

    gw.increff.control.advanceOrder(order.code, 'HANDED_OVER');
    const [handover] = await delivered('handover', order.code);
    assert.deepEqual(handover!.request, { locationCode: 'WH-DXB-01', orderCodes: [order.code], transporter: 'SELF' });
    await statusEvent(order.id, 'HANDED_OVER');
    const events = await eventsOf(order.id);
    assert.deepEqual(
      events.map((event) => [event.type, event.status]),
      [
        ['STATUS_CHANGED', 'PACKED'],
        ['STATUS_CHANGED', 'SHIPPED'],
        ['STATUS_CHANGED', 'HANDED_OVER'],
      ],
    );
    assert.equal((dataOf(await gw.graphql(ORDER, { id: order.id })).order as any).status, 'HANDED_OVER');
  });

  test('a seller cancellation of one item updates the order; of every item makes it CANCELLED', async () => {
    const order = await pushedOrder(['PSKU-000048', 'PSKU-000050']);
    const [first] = order.lines;
    gw.increff.control.sellerCancel(order.code, [
      { channelSkuCode: first!.sku, orderItemCode: first!.externalId, cancelledQuantity: first!.quantity },
    ]);
    const updated = await eventually('partial cancellation', async () =>
      (await eventsOf(order.id)).find((event) => event.type === 'UPDATED'),
    );
    assert.equal(updated.status, 'PENDING');
    const partly: any = dataOf(await gw.graphql(ORDER, { id: order.id })).order;
    assert.deepEqual(
      partly.lines.map((line: any) => [line.id, line.status]),
      [
        [first!.id, 'CANCELLED'],
        [order.lines[1]!.id, 'PENDING'],
      ],
    );

    gw.increff.control.sellerCancel(order.code);
    const [, whole] = await delivered('sellerCancellation', order.code, 2);
    assert.deepEqual(whole!.answer, { orderCode: order.code });
    const cancelled = await statusEvent(order.id, 'CANCELLED');
    assert.equal(cancelled.type, 'STATUS_CHANGED');
    assert.equal(
      (await increffEvents()).filter((event) => event.type === 'SellerCancellation' && event.body.includes(order.code))
        .length,
      2,
    );
    assert.equal((dataOf(await gw.graphql(ORDER, { id: order.id })).order as any).status, 'CANCELLED');
  });

  test('an inventory update answers every SKU in successList, and a bad row in failureList with its reason while the good rows succeed', async () => {
    assert.equal(
      gw.increff.control.syncInventory(['PSKU-000002', 'PSKU-000003']),
      2,
      'one call per location holding them',
    );
    const calls = await delivered('inventory', null, 2);
    assert.deepEqual(
      calls.map((call) => [
        (call.request as any).locationCode,
        (call.answer as any).successList,
        (call.answer as any).failureList,
      ]),
      [
        ['WH-DXB-01', [{ channelSkuCode: 'PSKU-000002' }, { channelSkuCode: 'PSKU-000003' }], []],
        ['WH-RUH-01', [{ channelSkuCode: 'PSKU-000002' }], []],
      ],
    );

    const batch = {
      locationCode: 'WH-DXB-01',
      inventories: [
        { channelSkuCode: 'PSKU-000010', quantity: 7 },
        { channelSkuCode: 'PSKU-000011', quantity: -1 },
        { quantity: 3 },
        { channelSkuCode: 'PSKU-000012', quantity: 0, channelSerialNo: 'S-1' },
        { channelSkuCode: 'PSKU-000010', quantity: 8 },
        { channelSkuCode: 'PSKU-000013', quantity: 2.5 },
      ],
    };
    const headers = await authorized();
    const answers = [];
    for (let repeat = 0; repeat < 2; repeat += 1) {
      const response = await send('PUT', '/inventory', batch, headers);
      assert.equal(response.status, 200);
      answers.push(await response.json());
    }
    assert.deepEqual(answers[0], {
      successList: [{ channelSkuCode: 'PSKU-000010' }, { channelSkuCode: 'PSKU-000012', channelSerialNo: 'S-1' }],
      failureList: [
        { channelSkuCode: 'PSKU-000011', message: 'inventories[1]: quantity: must not be negative' },
        { channelSkuCode: null, message: 'inventories[2]: channelSkuCode: is required' },
        { channelSkuCode: 'PSKU-000010', message: 'inventories[4]: PSKU-000010 appears earlier in this batch' },
        { channelSkuCode: 'PSKU-000013', message: 'inventories[5]: quantity: must be a whole number' },
      ],
    });
    assert.deepEqual(answers[1], answers[0], 'a redelivery is answered the same');
    const stored = (await increffEvents()).filter(
      (event) => event.type === 'InventoryUpdate' && event.body === JSON.stringify(batch),
    );
    assert.equal(
      stored.length,
      2,
      'absolute counts carry no id: each delivery is kept, and announcing it twice is harmless',
    );
    await eventually('applied', async () =>
      (await increffEvents()).filter((e) => stored.some((s) => s.id === e.id)).every((e) => e.status === 'PROCESSED')
        ? true
        : undefined,
    );
  });

  test('the stock an inventory update reports reaches inventoryChanged subscribers, one level per SKU and location', async () => {
    const stock = subscribe<any>(
      gw.url,
      `subscription { inventoryChanged(marketplaces: [INCREFF], skus: ["PSKU-000008", "PSKU-000020"]) {
      sku marketplace location available updatedAt } }`,
    );
    try {
      await whenListening(stock, () => gw.increff.control.syncInventory(['PSKU-000008']));
      await stock.drain(200);
      gw.increff.control.setStock('STORE-DXB-01', 'PSKU-000020', 4);
      gw.increff.control.syncInventory(['PSKU-000020']);
      const levels = [];
      for (let count = 0; count < 3; count += 1) levels.push((await stock.next()).data!.inventoryChanged);
      assert.deepEqual(
        levels.map((level) => [level.sku, level.marketplace, level.location, level.available, level.updatedAt]).sort(),
        [
          ['PSKU-000020', 'INCREFF', 'STORE-DXB-01', 4, null],
          ['PSKU-000020', 'INCREFF', 'WH-DXB-01', (20 * 37) % 100, null],
          ['PSKU-000020', 'INCREFF', 'WH-RUH-01', (20 * 13) % 40, null],
        ].sort(),
      );
    } finally {
      await stock.close();
    }
  });

  describe('refusals', () => {
    test('Get Credential needs the token; a wrong one is 401 and hands out nothing', async () => {
      const wrong = await credential('not-the-token-at-all');
      assert.equal(wrong.status, 401);
      assert.equal(((await wrong.json()) as { error: string }).error, 'UNAUTHENTICATED');
      assert.equal((await fetch(url('/credential'))).status, 401);
      const pairs = await authorized();
      assert.deepEqual(Object.keys(pairs), ['Authorization']);
      assert.match(pairs.Authorization!, /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    });

    test('a stale credential meets 401; Increff fetches a new one and the call goes through', async () => {
      const order = await pushedOrder(['PSKU-000052']);
      const fetchesBefore = gw.increff.control.credentialFetches().length;
      gw.increff.control.setChannelHeaders({ Authorization: 'Bearer stale.credential.value' });
      gw.increff.control.advanceOrder(order.code, 'PACKED');
      const [pack] = await delivered('pack', order.code);
      assert.deepEqual(
        pack!.attempts.map((attempt) => attempt.status),
        [401, 200],
      );
      assert.equal(gw.increff.control.credentialFetches().length, fetchesBefore + 1);
      await statusEvent(order.id, 'PACKED');
    });

    test('wrong or missing credentials are 401 on every touchpoint, and nothing is stored', async () => {
      const before = (await increffEvents()).length;
      const body = { orderCode: 'X', locationCode: 'WH-DXB-01', shipmentId: 1 };
      const tokenAsCredential = { Authorization: `Bearer ${INCREFF_WEBHOOK_TOKEN}` };
      const wrongHeaders: Array<Record<string, string>> = [
        {},
        { Authorization: 'Bearer not.a.credential' },
        tokenAsCredential,
        { authToken: INCREFF_WEBHOOK_TOKEN },
      ];
      for (const headers of wrongHeaders) {
        assert.equal((await send('POST', '/pack', body, headers)).status, 401);
        assert.equal(
          (
            await send(
              'PUT',
              '/inventory',
              { locationCode: 'L', inventories: [{ channelSkuCode: 'A', quantity: 1 }] },
              headers,
            )
          ).status,
          401,
        );
        assert.equal(
          (await send('PUT', '/seller-cancellation', { orderCode: 'X', orderItems: [] }, headers)).status,
          401,
        );
        assert.equal((await send('POST', '/handover', { locationCode: 'L', orderCodes: ['X'] }, headers)).status, 401);
        assert.equal((await fetch(`${url('/shipping-label')}?orderCode=X&shipmentId=1`, { headers })).status, 401);
      }
      assert.equal((await increffEvents()).length, before);
    });

    test('a malformed call is 400 naming the problem, an oversized one 413, and neither is stored', async () => {
      const before = (await increffEvents()).length;
      const headers = await authorized();
      const refused = async (response: Response, status: number, message?: RegExp) => {
        const text = await response.text();
        assert.equal(response.status, status, text);
        if (message) assert.match((JSON.parse(text) as { message: string }).message, message);
      };
      await refused(await send('POST', '/pack', 'not json', headers), 400, /not JSON/);
      await refused(
        await send('POST', '/pack', { orderCode: 'X', locationCode: 'L' }, headers),
        400,
        /^shipmentId: is required$/,
      );
      await refused(
        await send('POST', '/pack', { orderCode: 'X', locationCode: 'L', shipmentId: 1.5 }, headers),
        400,
        /shipmentId: must be a whole number/,
      );
      await refused(
        await fetch(`${url('/shipping-label')}?shipmentId=abc`, { headers }),
        400,
        /orderCode: is required; shipmentId: must be a whole number/,
      );
      await refused(
        await send('POST', '/handover', { locationCode: 'L', orderCodes: [] }, headers),
        400,
        /orderCodes: must name at least one order/,
      );
      await refused(
        await send(
          'PUT',
          '/seller-cancellation',
          {
            orderCode: 'X',
            orderItems: [
              { channelSkuCode: 'A', orderItemCode: 'I', cancelledQuantity: 1 },
              { channelSkuCode: 'A', orderItemCode: 'I', cancelledQuantity: 2 },
            ],
          },
          headers,
        ),
        400,
        /orderItems\[1\]\.orderItemCode: repeats I/,
      );
      const rows = (count: number) =>
        Array.from({ length: count }, (_, index) => ({ channelSkuCode: `PSKU-${index}`, quantity: 1 }));
      await refused(
        await send('PUT', '/inventory', { locationCode: 'WH-DXB-01', inventories: rows(201) }, headers),
        400,
        /inventories: must hold at most 200 SKUs/,
      );
      await refused(
        await send('PUT', '/inventory', { inventories: rows(1) }, headers),
        400,
        /locationCode: is required/,
      );
      await refused(
        await send('PUT', '/inventory', { locationCode: 'WH-DXB-01', inventories: rows(200) }, headers),
        200,
      );
      await refused(
        await send('POST', '/pack', { orderCode: 'X'.repeat(BODY_LIMIT), locationCode: 'L', shipmentId: 1 }, headers),
        413,
      );
      assert.equal((await increffEvents()).length, before + 1, 'only the full batch of 200 was stored');
    });
  });
});
