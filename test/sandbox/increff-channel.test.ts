import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  startIncreffSandbox,
  type ChannelCall,
  type IncreffSandbox,
  type IncreffSandboxOptions,
} from '../../sandbox/increff/index.js';
import { eventually } from '../../support/eventually.js';
import {
  STAND_IN_CREDENTIAL,
  STAND_IN_TOKEN,
  startChannelStandIn,
  type ChannelStandIn,
} from '../support/increff-channel.js';
import { assertEmptyOk, call, outwardOrder } from '../support/increff.js';

/** The channel is called at once and retried within milliseconds. */
const QUICK = { channelDelayMs: 1, channelRetryBaseMs: 5, channelRetryMaxMs: 20 };

/** How long a call made with no channel connected is watched for an attempt: QUICK's first delay and two retry waits pass within it. */
const NO_CHANNEL_WINDOW_MS = 30;

describe('Increff sandbox: the calls Increff makes to the channel', () => {
  let sandbox: IncreffSandbox | undefined;
  let standIn: ChannelStandIn | undefined;

  afterEach(async () => {
    await sandbox?.close();
    await standIn?.close();
    sandbox = undefined;
    standIn = undefined;
  });

  /** A tenant of 20 SKUs calling a fresh stand-in quickly (connected unless `connected` is false). */
  async function start(
    options: IncreffSandboxOptions = {},
    connected = true,
  ): Promise<{ sandbox: IncreffSandbox; standIn: ChannelStandIn }> {
    standIn = await startChannelStandIn();
    sandbox = await startIncreffSandbox({
      catalogSize: 20,
      ...QUICK,
      ...(connected ? { channel: standIn.channel } : {}),
      ...options,
    });
    return { sandbox, standIn };
  }

  async function placed(tenant: IncreffSandbox, overrides: Parameters<typeof outwardOrder>[0] = {}): Promise<string> {
    const order = outwardOrder(overrides);
    assertEmptyOk(await call(tenant, 'POST', '/orders/outward', order));
    return order.orderCode;
  }

  /** The calls of one touchpoint, once all settled (delivered or failed) and at least `count`. */
  const settled = (tenant: IncreffSandbox, touchpoint: ChannelCall['touchpoint'], count = 1) =>
    eventually(`${touchpoint} settled`, async () => {
      const calls = tenant.control.channelCalls().filter((each) => each.touchpoint === touchpoint);
      return calls.length >= count && calls.every((each) => each.state === 'delivered' || each.state === 'failed')
        ? calls
        : undefined;
    });

  test('a pack waits for a channel; its first call meets 401, Get Credential is called with the static header, and the call is repeated with the credential', async () => {
    const { sandbox, standIn } = await start({}, false);
    const orderCode = await placed(sandbox, {
      orderItems: [
        { channelSkuCode: 'PSKU-000001', orderItemCode: 'A', quantity: 2, sellingPricePerUnit: 10 },
        { channelSkuCode: 'PSKU-000002', orderItemCode: 'B', quantity: 1, sellingPricePerUnit: 20 },
      ],
    });
    sandbox.control.advanceOrder(orderCode, 'PACKED');
    // With no channel nothing is sent anywhere, so there is no event to wait for: the window spans the first delay
    // and the first retry waits, by which a call treating the missing channel as a failed attempt would show one.
    await sleep(NO_CHANNEL_WINDOW_MS);
    assert.deepEqual(
      sandbox.control.channelCalls().map((each) => [each.state, each.attempts.length]),
      [['waiting', 0]],
    );
    assert.equal(standIn.requests.length, 0);

    sandbox.control.connectChannel(standIn.channel);
    const [pack] = await settled(sandbox, 'pack');
    assert.equal(pack!.state, 'delivered');
    assert.deepEqual(
      standIn.requests.map((each) => [each.method, each.path, each.status]),
      [
        ['POST', '/pack', 401],
        ['GET', '/credential', 200],
        ['POST', '/pack', 200],
      ],
    );
    assert.equal(standIn.requests[1]!.headers.authtoken, STAND_IN_TOKEN);
    assert.equal(standIn.requests[2]!.headers.authorization, STAND_IN_CREDENTIAL);
    const shipment = sandbox.control.order(orderCode)!.shipments[0]!;
    assert.deepEqual(standIn.requests[2]!.body, {
      orderCode,
      locationCode: 'WH-DXB-01',
      shipmentId: shipment.shipmentId,
      packageSku: 'BOX-STANDARD',
      weight: 1.5,
      fulfillmentType: 'BLOCK_COMPLETE',
      dimensions: { length: 30, breadth: 20, height: 10 },
      invoice: {
        orderTime: '2026-03-01T10:00:00.000Z',
        invoiceItems: [
          { orderItemCode: 'A', channelSkuCode: 'PSKU-000001', quantity: 2, sellingPricePerUnit: 10 },
          { orderItemCode: 'B', channelSkuCode: 'PSKU-000002', quantity: 1, sellingPricePerUnit: 20 },
        ],
      },
    });
    assert.ok(Number.isInteger(shipment.shipmentId) && shipment.shipmentId < 2 ** 31, 'a Java int, as Increff’s');
    assert.deepEqual(
      sandbox.control.credentialFetches().map((each) => each.status),
      [200],
    );
  });

  test('a call the channel does not answer 2xx is tried again after a growing wait, and given up after the last attempt', async () => {
    const { sandbox, standIn } = await start({ channelMaxAttempts: 3 });
    const [first, second] = [await placed(sandbox), await placed(sandbox)];
    sandbox.control.setChannelHeaders({ Authorization: STAND_IN_CREDENTIAL });
    standIn.answerNext('/pack', { status: 503 }, 'drop');
    sandbox.control.advanceOrder(first, 'PACKED');
    const [pack] = await settled(sandbox, 'pack');
    assert.equal(pack!.state, 'delivered');
    assert.deepEqual(
      pack!.attempts.map((each) => each.status),
      [503, null, 200],
    );
    assert.match(pack!.attempts[1]!.error!, /fetch failed|socket|ECONNRESET/i);

    standIn.answerNext('/pack', { status: 500 }, { status: 500 }, { status: 500 });
    sandbox.control.advanceOrder(second, 'PACKED');
    const calls = await settled(sandbox, 'pack', 2);
    assert.equal(calls[1]!.state, 'failed');
    assert.deepEqual(
      calls[1]!.attempts.map((each) => each.status),
      [500, 500, 500],
    );
  });

  test('when Get Credential refuses, the call is not delivered and Increff keeps asking on each attempt', async () => {
    const { sandbox, standIn } = await start({ channelMaxAttempts: 2 });
    sandbox.control.connectChannel({ ...standIn.channel, credentialHeaders: { authToken: 'wrong' } });
    sandbox.control.advanceOrder(await placed(sandbox), 'PACKED');
    const [pack] = await settled(sandbox, 'pack');
    assert.equal(pack!.state, 'failed');
    assert.deepEqual(
      pack!.attempts.map((each) => each.status),
      [401, 401],
    );
    assert.deepEqual(
      sandbox.control.credentialFetches().map((each) => each.status),
      [401, 401],
    );
  });

  test('a label answer without an AWB is unusable and asked again; a good one is kept on the shipment', async () => {
    const { sandbox, standIn } = await start();
    sandbox.control.setChannelHeaders({ Authorization: STAND_IN_CREDENTIAL });
    const orderCode = await placed(sandbox);
    standIn.answerNext('/shipping-label', { status: 200, body: { transporter: 'X', shippingLabel: 'abc' } });
    sandbox.control.advanceOrder(orderCode, 'INVOICED');
    const [label] = await settled(sandbox, 'shippingLabel');
    assert.equal(label!.state, 'delivered');
    assert.deepEqual(
      label!.attempts.map((each) => [each.status, each.error]),
      [
        [200, 'unusable answer: Error: awbNumber is required'],
        [200, null],
      ],
    );
    const shipment = sandbox.control.order(orderCode)!.shipments[0]!;
    assert.deepEqual(label!.request, {
      orderCode,
      shipmentId: shipment.shipmentId,
      shipmentCode: `${orderCode}-1`,
      locationCode: 'WH-DXB-01',
      arePackBoxLabelsRequired: false,
    });
    assert.deepEqual([shipment.awbNumber, shipment.transporter], [`AWB-${shipment.shipmentId}`, 'STAND-IN']);
    const query = standIn.requests.filter((each) => each.path === '/shipping-label').at(-1)!.query;
    assert.deepEqual(query, {
      orderCode,
      shipmentId: String(shipment.shipmentId),
      shipmentCode: `${orderCode}-1`,
      locationCode: 'WH-DXB-01',
      arePackBoxLabelsRequired: 'false',
    });
  });

  test('an order split over two locations makes two shipments: a pack, a label and a handover for each location, in step order', async () => {
    const { sandbox, standIn } = await start();
    sandbox.control.setChannelHeaders({ Authorization: STAND_IN_CREDENTIAL });
    sandbox.control.setStock('WH-DXB-01', 'PSKU-000004', 1);
    sandbox.control.setStock('WH-RUH-01', 'PSKU-000004', 2);
    const orderCode = await placed(sandbox, {
      locationCode: null,
      isSplitRequired: true,
      orderItems: [{ channelSkuCode: 'PSKU-000004', orderItemCode: 'S', quantity: 3, sellingPricePerUnit: 5 }],
    });
    sandbox.control.advanceOrder(orderCode, 'HANDED_OVER');
    await settled(sandbox, 'handover', 2);
    const shipments = sandbox.control.order(orderCode)!.shipments;
    assert.deepEqual(
      shipments.map((each) => [each.locationCode, each.items.map((item) => item.quantity)]),
      [
        ['WH-DXB-01', [1]],
        ['WH-RUH-01', [2]],
      ],
    );
    assert.notEqual(shipments[0]!.shipmentId, shipments[1]!.shipmentId);
    assert.deepEqual(
      sandbox.control.channelCalls().map((each) => each.touchpoint),
      ['pack', 'pack', 'shippingLabel', 'shippingLabel', 'handover', 'handover'],
    );
    const handovers = standIn.requests.filter((each) => each.path === '/handover').map((each) => each.body);
    assert.deepEqual(
      handovers.sort((a: any, b: any) => a.locationCode.localeCompare(b.locationCode)),
      [
        { locationCode: 'WH-DXB-01', orderCodes: [orderCode], transporter: 'STAND-IN' },
        { locationCode: 'WH-RUH-01', orderCodes: [orderCode], transporter: 'STAND-IN' },
      ].sort((a, b) => a.locationCode.localeCompare(b.locationCode)),
    );
  });

  test('a seller cancellation sends absolute quantities; once invoiced it is refused and nothing is sent', async () => {
    const { sandbox, standIn } = await start();
    sandbox.control.setChannelHeaders({ Authorization: STAND_IN_CREDENTIAL });
    const orderCode = await placed(sandbox, {
      orderItems: [{ channelSkuCode: 'PSKU-000003', orderItemCode: 'C', quantity: 3, sellingPricePerUnit: 1 }],
    });
    sandbox.control.sellerCancel(orderCode, [
      { channelSkuCode: 'PSKU-000003', orderItemCode: 'C', cancelledQuantity: 1 },
    ]);
    sandbox.control.sellerCancel(orderCode);
    await settled(sandbox, 'sellerCancellation', 2);
    assert.deepEqual(
      standIn.requests.filter((each) => each.path === '/seller-cancellation').map((each) => [each.method, each.body]),
      [
        [
          'PUT',
          {
            orderCode,
            locationCode: 'WH-DXB-01',
            orderItems: [{ channelSkuCode: 'PSKU-000003', orderItemCode: 'C', cancelledQuantity: 1 }],
          },
        ],
        [
          'PUT',
          {
            orderCode,
            locationCode: 'WH-DXB-01',
            orderItems: [{ channelSkuCode: 'PSKU-000003', orderItemCode: 'C', cancelledQuantity: 3 }],
          },
        ],
      ],
    );
    assert.equal(sandbox.control.order(orderCode)!.status, 'CANCELLED');

    const invoiced = await placed(sandbox);
    sandbox.control.advanceOrder(invoiced, 'INVOICED');
    assert.throws(() => sandbox.control.sellerCancel(invoiced), /is INVOICED; it can be cancelled until invoiced/);
    assert.equal(sandbox.control.channelCalls().filter((each) => each.touchpoint === 'sellerCancellation').length, 2);
  });

  test('ATP: the first sync sends every SKU per location in batches of 200, later ones only what changed', async () => {
    const { sandbox, standIn } = await start({ catalogSize: 250 });
    sandbox.control.setChannelHeaders({ Authorization: STAND_IN_CREDENTIAL });
    // 250 SKUs at WH-DXB-01 (two calls), the 125 even ones at WH-RUH-01, every tenth at the store.
    assert.equal(sandbox.control.syncInventory(), 4);
    await settled(sandbox, 'inventory', 4);
    const batches = standIn.requests.filter((each) => each.path === '/inventory').map((each) => each.body as any);
    assert.deepEqual(
      batches.map((batch) => [batch.locationCode, batch.inventories.length]),
      [
        ['WH-DXB-01', 200],
        ['WH-DXB-01', 50],
        ['WH-RUH-01', 125],
        ['STORE-DXB-01', 25],
      ],
    );
    assert.deepEqual(batches[0].inventories[2], { quantity: (3 * 37) % 100, channelSkuCode: 'PSKU-000003' });
    assert.equal(sandbox.control.syncInventory(), 0, 'nothing changed since');

    await placed(sandbox, {
      orderItems: [{ channelSkuCode: 'PSKU-000005', orderItemCode: 'I', quantity: 2, sellingPricePerUnit: 1 }],
    });
    assert.equal(sandbox.control.syncInventory(), 1);
    const [, , , , , changed] = await settled(sandbox, 'inventory', 5);
    assert.equal(changed, undefined);
    const last = standIn.requests.filter((each) => each.path === '/inventory').at(-1)!.body;
    assert.deepEqual(last, {
      locationCode: 'WH-DXB-01',
      inventories: [{ quantity: ((5 * 37) % 100) - 2, channelSkuCode: 'PSKU-000005' }],
    });
  });

  test('on its own pace the warehouse packs, labels and hands over a new order, leaves a cancelled one alone, and syncs stock on schedule', async () => {
    // Long enough before the pack for the test to cancel the second order first, even on a busy machine.
    const pace = { packAfterMs: 500, labelAfterMs: 10, handoverAfterMs: 10 };
    const { sandbox } = await start({ warehousePace: pace, inventorySyncSeconds: 0.02 });
    sandbox.control.setChannelHeaders({ Authorization: STAND_IN_CREDENTIAL });
    const moving = await placed(sandbox);
    const cancelled = await placed(sandbox, {
      orderItems: [{ channelSkuCode: 'PSKU-000002', orderItemCode: 'X', quantity: 1, sellingPricePerUnit: 1 }],
    });
    assertEmptyOk(
      await call(sandbox, 'PUT', `/orders/${cancelled}/cancel`, {
        orderItems: [{ channelSkuCode: 'PSKU-000002', orderItemCode: 'X', cancelledQuantity: 1 }],
      }),
    );
    await eventually('handed over', async () =>
      sandbox.control.order(moving)!.status === 'HANDED_OVER' ? true : undefined,
    );
    await settled(sandbox, 'handover');
    assert.deepEqual(
      sandbox.control
        .channelCalls()
        .filter((each) => each.orderCode !== null)
        .map((each) => [each.touchpoint, each.orderCode]),
      [
        ['pack', moving],
        ['shippingLabel', moving],
        ['handover', moving],
      ],
    );
    assert.equal(sandbox.control.order(cancelled)!.status, 'CANCELLED');
    await eventually('a scheduled sync', async () =>
      sandbox.control.channelCalls().some((each) => each.touchpoint === 'inventory') ? true : undefined,
    );
  });
});
