import 'reflect-metadata';
import assert from 'node:assert/strict';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { test } from 'node:test';
import { Marketplace } from '../../schema/marketplace.js';
import { OrderStatus } from '../../schema/order.js';
import { OrderEventOrigin, OrderEventType } from '../../schema/order-event.js';
import { eventually } from '../../support/eventually.js';
import { createEventBus } from '../../src/events/bus.js';
import { toOrderEventMessage } from '../../src/events/order-event-message.js';
import { testLogger } from '../support/silent-logger.js';
import { OrderEventLog } from '../../src/events/order-event-log.js';
import type { NewOrderEvent, OrderEvent } from '../../src/store/callback-store.js';
import { orderEventLog } from '../support/order-event-log.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { recordChange } from '../support/kept-orders.js';

function change(n: number, marketplace = n % 2 === 0 ? Marketplace.NOON : Marketplace.FRUUGO): NewOrderEvent {
  return {
    key: `test:${n}`,
    orderId: `${marketplace}:O-${n}`,
    marketplace,
    type: OrderEventType.STATUS_CHANGED,
    status: OrderStatus.ACKNOWLEDGED,
    origin: OrderEventOrigin.MUTATION,
    webhookEventId: null,
    message: null,
    occurredAt: new Date(),
  };
}

/** Commits the change as the gateway's handlers do, deciding it whatever the order's state. */
function announce(log: OrderEventLog, event: NewOrderEvent): Promise<OrderEvent | undefined> {
  return log.change(event.orderId, () => ({ event }));
}

async function take(events: AsyncIterator<OrderEvent>, count: number): Promise<OrderEvent[]> {
  const taken: OrderEvent[] = [];
  while (taken.length < count) {
    const next = await events.next();
    if (next.done) break;
    taken.push(next.value);
  }
  return taken;
}

test('a subscriber with `since` gets every event after it exactly once while events keep being recorded', async () => {
  const store = new EmbeddedStore(':memory:');
  const log = orderEventLog(store);
  try {
    for (let n = 1; n <= 100; n++) await announce(log, change(n));
    const since = 40;
    const events = log.subscribe({}, since)[Symbol.asyncIterator]();
    // Recording goes on, interleaved with the replay, until 300 events exist.
    const recording = (async () => {
      for (let n = 101; n <= 300; n++) {
        await announce(log, change(n));
        if (n % 7 === 0) await yieldToLoop();
      }
    })();
    const got = await take(events, 300 - since);
    await recording;
    assert.deepEqual(
      got.map((event) => event.cursor),
      Array.from({ length: 300 - since }, (_, index) => since + 1 + index),
    );
    await events.return?.();
  } finally {
    await store.close();
  }
});

test('filters apply to the replay and to live events alike, and a second record of a change publishes nothing', async () => {
  const store = new EmbeddedStore(':memory:');
  const log = orderEventLog(store);
  try {
    for (let n = 1; n <= 6; n++) await announce(log, change(n));
    const events = log.subscribe({ marketplaces: [Marketplace.FRUUGO] }, 0)[Symbol.asyncIterator]();
    const replayed = await take(events, 3);
    assert.deepEqual(
      replayed.map((event) => event.key),
      ['test:1', 'test:3', 'test:5'],
    );
    await announce(log, change(7));
    await announce(log, change(7));
    await announce(log, change(8));
    await announce(log, change(9));
    const live = await take(events, 2);
    assert.deepEqual(
      live.map((event) => event.key),
      ['test:7', 'test:9'],
    );
    await events.return?.();
  } finally {
    await store.close();
  }
});

test('a subscriber that leaves ends its subscription at once, even while waiting for an event', async () => {
  const store = new EmbeddedStore(':memory:');
  const log = orderEventLog(store);
  try {
    const events = log.subscribe({}, undefined)[Symbol.asyncIterator]();
    const waiting = events.next();
    await yieldToLoop();
    await events.return?.();
    assert.deepEqual(await waiting, { done: true, value: undefined });
  } finally {
    await store.close();
  }
});

test('two changes of one order decided on the same state: one commits, the other is decided again on the new one', async () => {
  const store = new EmbeddedStore(':memory:');
  const log = orderEventLog(store);
  try {
    // A shipOrder and noon's webhook about the same shipment, at once: each announces SHIPPED as a status change
    // unless it was announced already.
    const shipped = (key: string) =>
      log.change('NOON:RACE', (state) => ({
        event: {
          ...change(1),
          key,
          orderId: 'NOON:RACE',
          marketplace: Marketplace.NOON,
          status: OrderStatus.SHIPPED,
          type: state.status === OrderStatus.SHIPPED ? OrderEventType.UPDATED : OrderEventType.STATUS_CHANGED,
        },
      }));
    await Promise.all([shipped('mutation'), shipped('webhook')]);
    const history = await store.orderEventsAfter(0, { orderId: 'NOON:RACE' }, 10);
    assert.deepEqual(history.map((event) => [event.type, event.version]).sort(), [
      ['STATUS_CHANGED', 1],
      ['UPDATED', 2],
    ]);
  } finally {
    await store.close();
  }
});

/** Stores the change as another instance does: in the store, and not heard here. */
async function recordedElsewhere(store: EmbeddedStore, n: number): Promise<OrderEvent> {
  return (await recordChange(store, change(n))).event;
}

/** Takes events from `events` in the background, until it ends. */
function gather(events: AsyncIterator<OrderEvent>): { cursors: number[]; done: Promise<void> } {
  const cursors: number[] = [];
  const done = (async () => {
    for (let next = await events.next(); next.done !== true; next = await events.next())
      cursors.push(next.value.cursor);
  })();
  return { cursors, done };
}

test('an event heard after a gap comes after the missed ones, read from the store; one heard again is dropped', async () => {
  const store = new EmbeddedStore(':memory:');
  const { bus } = createEventBus(undefined, testLogger);
  const log = new OrderEventLog(store, bus, testLogger);
  try {
    await announce(log, change(1));
    const events = log.subscribe({ marketplaces: [Marketplace.FRUUGO] }, undefined)[Symbol.asyncIterator]();
    const got = gather(events);
    await yieldToLoop();
    // Another instance records 2 to 5 (Redis lost them), then this one records 6 and 7; then 3 is heard late.
    for (let n = 2; n <= 5; n++) await recordedElsewhere(store, n);
    await announce(log, change(6));
    const seventh = await announce(log, change(7));
    bus.publish('order-event', toOrderEventMessage((await store.orderEventsAfter(2, {}, 1))[0]!));
    await announce(log, change(8));
    await announce(log, change(9));
    await eventually('9 delivered', async () => (got.cursors.includes(9) ? true : undefined));
    // Odd ones are Fruugo's: 1 came before the subscription, 3 and 5 from the store, 7 and 9 as heard.
    assert.deepEqual(got.cursors, [3, 5, 7, 9]);
    assert.equal(seventh?.cursor, 7);
    await events.return?.();
    await got.done;
  } finally {
    await store.close();
  }
});

test('without since, a subscription starts after the latest stored event and misses none recorded after it', async () => {
  const store = new EmbeddedStore(':memory:');
  const log = orderEventLog(store);
  try {
    for (let n = 1; n <= 3; n++) await announce(log, change(n));
    const events = log.subscribe({}, undefined)[Symbol.asyncIterator]();
    const got = gather(events);
    await yieldToLoop();
    await recordedElsewhere(store, 4);
    await announce(log, change(5));
    await eventually('5 delivered', async () => (got.cursors.includes(5) ? true : undefined));
    assert.deepEqual(got.cursors, [4, 5]);
    await events.return?.();
    await got.done;
  } finally {
    await store.close();
  }
});

test('a subscriber slower than its queue loses nothing: what the queue dropped is read back from the store', async () => {
  const store = new EmbeddedStore(':memory:');
  // A queue of 10 live events, and 1,500 events while the consumer takes none: more than a Repeater holds unbounded.
  const log = new OrderEventLog(store, createEventBus(undefined, testLogger, 10).bus, testLogger);
  try {
    const events = log.subscribe({}, 0)[Symbol.asyncIterator]();
    const first = events.next();
    await yieldToLoop();
    for (let n = 1; n <= 1500; n++) await announce(log, change(n));
    assert.equal((await first).value?.cursor, 1);
    const rest = await take(events, 1499);
    assert.deepEqual(
      rest.map((event) => event.cursor),
      Array.from({ length: 1499 }, (_, index) => index + 2),
    );
    await events.return?.();
  } finally {
    await store.close();
  }
});
