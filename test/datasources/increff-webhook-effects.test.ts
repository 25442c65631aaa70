import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, beforeEach, describe, test } from 'node:test';
import { fulfilmentItems, toIncreffOrder } from '../../datasources/increff/mapping.js';
import type { InventoryLevel } from '../../schema/inventory.js';
import { Marketplace } from '../../schema/marketplace.js';
import type { Money } from '../../schema/money.js';
import type { OrderLine } from '../../schema/order.js';
import { createEventBus } from '../../src/events/bus.js';
import { GatewayEvents } from '../../src/events/gateway-events.js';
import type { CallbackStore, WebhookEvent } from '../../src/store/callback-store.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { IncreffWebhookHandler } from '../../datasources/increff/webhooks/handler.js';
import { INCREFF_WEBHOOK_PATHS } from '../../datasources/increff/webhooks/paths.js';
import { marketplaceOrder } from '../support/increff.js';
import { testLogger } from '../support/silent-logger.js';
import { keepOrder } from '../support/kept-orders.js';

const SETTINGS = { token: 'a-token-of-sixteen-or-more', credentialTtlSeconds: 60, transporter: 'SELF' };
const CODE = 'NOON-N1';
const ID = `INCREFF:${CODE}`;

describe('what Increff’s calls do to the stored orders and the events, applied by the handler', () => {
  const bus = createEventBus(undefined, testLogger);
  let store: EmbeddedStore;
  let events: GatewayEvents;
  let handler: IncreffWebhookHandler;
  let received = 0;
  /** The cursor of the event that kept the pushed order: what each test's calls announce comes after it. */
  let pushed = 0;

  beforeEach(async () => {
    store = new EmbeddedStore(':memory:');
    events = new GatewayEvents(store, bus.bus, testLogger);
    handler = new IncreffWebhookHandler(events, SETTINGS, testLogger);
    const source = marketplaceOrder(Marketplace.NOON, 'N1', [
      { id: 'L1', sku: 'PSKU-000001', quantity: 2, price: '10.00' },
      { id: 'L2', sku: 'PSKU-000002', quantity: 1, price: '5.00' },
    ]);
    const lines = source.lines as Array<OrderLine & { unitPrice: Money }>;
    const kept = await keepOrder(
      store,
      toIncreffOrder(source, fulfilmentItems(lines), new Date('2026-03-01T10:00:00.000Z')),
    );
    pushed = kept.cursor;
  });
  after(async () => {
    await store.close();
    await bus.close();
  });

  /** Checks and stores a call as the intake does (the answer too), without applying it. */
  async function stored(
    path: string,
    request: unknown,
    into: CallbackStore = store,
  ): Promise<{ event: WebhookEvent; answer: unknown }> {
    const endpoint = handler.endpoints.find((each) => each.url === path)!;
    const raw = typeof request === 'string' ? request : JSON.stringify(request);
    const { answer, ...identity } = endpoint.identify(raw, {});
    received += 1;
    const { event } = await into.recordWebhookEvent({
      source: 'increff',
      ...identity,
      body: raw,
      receivedAt: new Date(Date.UTC(2026, 2, 2, 0, 0, received)),
    });
    return { event, answer };
  }

  async function applied(path: string, request: unknown): Promise<WebhookEvent> {
    const { event } = await stored(path, request);
    await handler.process(event);
    return event;
  }

  const orderEvents = async () =>
    (await store.orderEventsAfter(pushed, { orderId: ID }, 100)).map((event) => [event.type, event.status]);
  const pack = (shipmentId: number) => ({ orderCode: CODE, locationCode: 'WH-DXB-01', shipmentId });

  test('steps move forward only: a pack applied after the handover adds its shipment and leaves the order HANDED_OVER', async () => {
    const handover = await applied(INCREFF_WEBHOOK_PATHS.handover, {
      locationCode: 'WH-DXB-01',
      orderCodes: [CODE, CODE],
    });
    await applied(INCREFF_WEBHOOK_PATHS.pack, pack(7));
    await applied(INCREFF_WEBHOOK_PATHS.shippingLabel, `orderCode=${CODE}&shipmentId=7`);
    await handler.process(handover);

    const order = (await store.findOrder(ID))!;
    assert.equal(order.status, 'HANDED_OVER');
    assert.deepEqual(
      order.lines.map((line) => [line.id, line.status, line.marketplaceStatus]),
      [
        ['L1', 'HANDED_OVER', 'HANDED_OVER'],
        ['L2', 'HANDED_OVER', 'HANDED_OVER'],
      ],
    );
    assert.deepEqual(
      order.shipments.map((each) => [each.id, each.carrier, each.trackingNumber, each.lineIds]),
      [['7', 'SELF', `${CODE}-7`, ['L1', 'L2']]],
    );
    assert.deepEqual(await orderEvents(), [
      ['STATUS_CHANGED', 'HANDED_OVER'],
      ['UPDATED', 'HANDED_OVER'],
      ['UPDATED', 'HANDED_OVER'],
    ]);
  });

  test('a pack whose commit failed is applied again: saved and announced once, never one without the other', async () => {
    let failCommit = true;
    const flaky = new Proxy(store, {
      get(target, name) {
        if (name === 'commitOrderChange' && failCommit) {
          return async () => {
            failCommit = false;
            throw new Error('the store went away');
          };
        }
        const value = Reflect.get(target, name, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    handler = new IncreffWebhookHandler(new GatewayEvents(flaky, bus.bus, testLogger), SETTINGS, testLogger);
    const { event } = await stored(INCREFF_WEBHOOK_PATHS.pack, pack(8));
    await assert.rejects(handler.process(event), /the store went away/);
    assert.equal((await store.findOrder(ID))!.status, 'PENDING');
    assert.deepEqual(await orderEvents(), []);
    await handler.process(event);
    assert.equal((await store.findOrder(ID))!.status, 'PACKED');
    assert.deepEqual(await orderEvents(), [['STATUS_CHANGED', 'PACKED']]);
  });

  test('a pack and a handover applied at once both land: one order’s changes run one at a time', async () => {
    const [packed, handedOver] = await Promise.all([
      stored(INCREFF_WEBHOOK_PATHS.pack, pack(9)),
      stored(INCREFF_WEBHOOK_PATHS.handover, { locationCode: 'WH-DXB-01', orderCodes: [CODE] }),
    ]);
    await Promise.all([handler.process(packed.event), handler.process(handedOver.event)]);
    const order = (await store.findOrder(ID))!;
    assert.equal(order.status, 'HANDED_OVER');
    assert.deepEqual(
      order.shipments.map((each) => each.id),
      ['9'],
    );
  });

  test('a call about an order this gateway did not push is kept and changes nothing', async () => {
    await applied(INCREFF_WEBHOOK_PATHS.pack, { ...pack(10), orderCode: 'SOMEONE-ELSES' });
    assert.equal(await store.findOrder('INCREFF:SOMEONE-ELSES'), undefined);
    assert.deepEqual(await store.orderEventsAfter(pushed, {}, 100), []);
  });

  test('seller cancellations never lower a quantity, and items the order does not have are left out', async () => {
    const cancel = (orderItems: unknown[]) =>
      applied(INCREFF_WEBHOOK_PATHS.sellerCancellation, { orderCode: CODE, locationCode: 'WH-DXB-01', orderItems });
    await cancel([
      { channelSkuCode: 'PSKU-000001', orderItemCode: 'L1', cancelledQuantity: 2 },
      { channelSkuCode: 'PSKU-000009', orderItemCode: 'L9', cancelledQuantity: 1 },
    ]);
    await cancel([{ channelSkuCode: 'PSKU-000001', orderItemCode: 'L1', cancelledQuantity: 1 }]);
    await cancel([{ channelSkuCode: 'PSKU-000002', orderItemCode: 'L1', cancelledQuantity: 1 }]);
    let order = (await store.findOrder(ID))!;
    assert.deepEqual(
      order.lines.map((line) => [line.id, line.quantity, line.status]),
      [
        ['L1', 2, 'CANCELLED'],
        ['L2', 1, 'PENDING'],
      ],
    );
    assert.deepEqual(order.total, { amount: '5.00', currency: 'AED' });
    await cancel([{ channelSkuCode: 'PSKU-000002', orderItemCode: 'L2', cancelledQuantity: 5 }]);
    order = (await store.findOrder(ID))!;
    assert.equal(order.status, 'CANCELLED');
    assert.deepEqual(await orderEvents(), [
      ['UPDATED', 'PENDING'],
      ['STATUS_CHANGED', 'CANCELLED'],
    ]);
  });

  test('an inventory update announces one level per SKU at the location (serial numbers add up), the good rows only', async () => {
    const levels: InventoryLevel[] = [];
    const subscription = events.subscribeInventory({})[Symbol.asyncIterator]();
    const first = subscription.next();
    const { event, answer } = await stored(INCREFF_WEBHOOK_PATHS.inventory, {
      locationCode: 'WH-RUH-01',
      inventories: [
        { channelSkuCode: 'PSKU-000001', quantity: 4, channelSerialNo: 'S1' },
        { channelSkuCode: 'PSKU-000001', quantity: 3, channelSerialNo: 'S2' },
        { channelSkuCode: 'PSKU-000002', quantity: 'many' },
        { channelSkuCode: 'PSKU-000003', quantity: 0, minExpiry: '2026-12-31' },
      ],
    });
    assert.deepEqual(answer, {
      successList: [
        { channelSkuCode: 'PSKU-000001', channelSerialNo: 'S1' },
        { channelSkuCode: 'PSKU-000001', channelSerialNo: 'S2' },
        { channelSkuCode: 'PSKU-000003' },
      ],
      failureList: [
        {
          channelSkuCode: 'PSKU-000002',
          message: 'inventories[2]: quantity: Invalid input: expected number, received string',
        },
      ],
    });
    await handler.process(event);
    levels.push((await first).value as InventoryLevel, (await subscription.next()).value as InventoryLevel);
    await subscription.return?.(undefined);
    assert.deepEqual(levels, [
      { sku: 'PSKU-000001', marketplace: Marketplace.INCREFF, location: 'WH-RUH-01', available: 7, updatedAt: null },
      { sku: 'PSKU-000003', marketplace: Marketplace.INCREFF, location: 'WH-RUH-01', available: 0, updatedAt: null },
    ]);
  });

  test('an event of a type no touchpoint stores fails to apply (and stays for a retry)', async () => {
    const { event } = await stored(INCREFF_WEBHOOK_PATHS.pack, pack(11));
    await assert.rejects(
      handler.process({ ...event, type: 'ReturnUpdate' }),
      /no Increff touchpoint stores events of type ReturnUpdate/,
    );
  });
});
