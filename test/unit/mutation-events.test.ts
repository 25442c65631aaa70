import 'reflect-metadata';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { OrdersDataSource } from '../../datasources/orders/orders.js';
import type { OrderSource } from '../../src/domain/ports/order-source.js';
import { Marketplace } from '../../schema/marketplace.js';
import { OrderStatus } from '../../schema/order.js';
import { MarketplaceAccess } from '../../src/auth/marketplace-access.js';
import { UNAUTHENTICATED_CALLER } from '../../src/auth/principal.js';
import { Cursors } from '../../src/cursors.js';
import type { CallbackStore } from '../../src/store/callback-store.js';
import { orderEventLog } from '../support/order-event-log.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { sampleOrder } from '../store/callback-store-contract.js';

/** noon answering an acknowledgement with the order acknowledged. */
const noon: OrderSource = {
  marketplace: Marketplace.NOON,
  list: () => Promise.reject(new Error('not listed here')),
  get: (externalId) => Promise.resolve(sampleOrder(Marketplace.NOON, externalId, 1)),
  confirm: (externalId) => Promise.resolve(sampleOrder(Marketplace.NOON, externalId, 1, OrderStatus.ACKNOWLEDGED)),
};

function ordersOver(store: CallbackStore, lines: string[], source: OrderSource = noon) {
  const stream = { write: (line: string) => void lines.push(line) };
  return new OrdersDataSource({
    sources: new Map([[Marketplace.NOON, source]]),
    inventory: new Map(),
    store,
    events: orderEventLog(store),
    log: Fastify({ logger: { level: 'error', stream } }).log,
    fulfilment: undefined,
    access: new MarketplaceAccess(UNAUTHENTICATED_CALLER),
    cursors: Cursors.withKey(undefined),
  });
}

test('a confirm that noon applied is announced as the status change it made', async () => {
  const store = new EmbeddedStore(':memory:');
  try {
    const confirmed = await ordersOver(store, []).confirm('NOON:NFBO1');
    assert.equal(confirmed.status, OrderStatus.ACKNOWLEDGED);
    const [event] = await store.orderEventsAfter(0, {}, 10);
    assert.deepEqual(
      [event?.orderId, event?.type, event?.status, event?.origin, event?.message],
      ['NOON:NFBO1', 'STATUS_CHANGED', 'ACKNOWLEDGED', 'MUTATION', 'confirmOrder'],
    );
  } finally {
    await store.close();
  }
});

test('a confirm noon applied still answers the order when its event cannot be stored; the failure is logged', async () => {
  const store = new EmbeddedStore(':memory:');
  const broken: CallbackStore = Object.assign(Object.create(store) as CallbackStore, {
    commitOrderChange: () => Promise.reject(new Error('disk full')),
  });
  const lines: string[] = [];
  try {
    const confirmed = await ordersOver(broken, lines).confirm('NOON:NFBO2');
    assert.equal(confirmed.status, OrderStatus.ACKNOWLEDGED, 'the marketplace made the change: the client is told so');
    assert.equal(lines.length, 1);
    const logged = JSON.parse(lines[0]!) as { msg: string; order: string; err: { message: string } };
    assert.deepEqual(
      [logged.msg, logged.order, logged.err.message],
      ['order event not recorded', 'NOON:NFBO2', 'disk full'],
    );
  } finally {
    await store.close();
  }
});

test('confirming an order already announced ACKNOWLEDGED announces nothing more', async () => {
  const store = new EmbeddedStore(':memory:');
  try {
    const orders = ordersOver(store, []);
    await orders.confirm('NOON:NFBO3');
    await orders.confirm('NOON:NFBO3');
    const events = await store.orderEventsAfter(0, {}, 10);
    assert.deepEqual(
      events.map((event) => [event.type, event.status]),
      [['STATUS_CHANGED', 'ACKNOWLEDGED']],
    );
  } finally {
    await store.close();
  }
});

test('a mutation of an order the store keeps fails with its commit, so no change is half kept', async () => {
  const store = new EmbeddedStore(':memory:');
  const broken: CallbackStore = Object.assign(Object.create(store) as CallbackStore, {
    commitOrderChange: () => Promise.reject(new Error('disk full')),
  });
  const kept: OrderSource = { ...noon, marketplace: Marketplace.NOON, keepsOrders: true };
  try {
    const orders = ordersOver(broken, [], kept);
    await assert.rejects(orders.confirm('NOON:NFBO4'), /disk full/);
    assert.deepEqual(await store.orderEventsAfter(0, {}, 10), []);
  } finally {
    await store.close();
  }
});
