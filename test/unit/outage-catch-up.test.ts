import 'reflect-metadata';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Marketplace } from '../../schema/marketplace.js';
import { OrderEventOrigin, OrderEventType } from '../../schema/order-event.js';
import { eventually } from '../../support/eventually.js';
import { createEventBus, type EventBusLink } from '../../src/events/bus.js';
import { toOrderEventMessage } from '../../src/events/order-event-message.js';
import { OrderEventLog } from '../../src/events/order-event-log.js';
import { OutageCatchUp } from '../../src/events/outage-catch-up.js';
import type { NewOrderEvent } from '../../src/store/callback-store.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { ManualClock } from '../support/manual-clock.js';
import { testLogger } from '../support/silent-logger.js';
import { recordChange } from '../support/kept-orders.js';

const INTERVAL_MS = 1000;

function change(n: number): NewOrderEvent {
  return {
    key: `catch-up:${n}`,
    orderId: `FRUUGO:CU-${n}`,
    marketplace: Marketplace.FRUUGO,
    type: OrderEventType.UPDATED,
    status: null,
    origin: OrderEventOrigin.WEBHOOK,
    webhookEventId: null,
    message: null,
    occurredAt: new Date(),
  };
}

/** A Redis link the test cuts and restores. */
class TestLink implements EventBusLink {
  hearing = true;
  private readonly listeners = new Set<(hearing: boolean) => void>();

  onHearingChange(listener: (hearing: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(hearing: boolean): void {
    this.hearing = hearing;
    for (const listener of this.listeners) listener(hearing);
  }
}

/**
 * A catch-up over `store` on a fresh in-process bus, its link and clock the test's, and the cursors of the order
 * events it gives this instance's subscribers (heard on the bus).
 */
function catchUpOnBus(store: ConstructorParameters<typeof OutageCatchUp>[0]['store']) {
  const handle = createEventBus(undefined, testLogger);
  const link = new TestLink();
  const clock = new ManualClock();
  const catchUp = new OutageCatchUp({ store, bus: handle, link, clock, intervalMs: INTERVAL_MS, logger: testLogger });
  const delivered: number[] = [];
  const heard = handle.bus.subscribe('order-event');
  void (async () => {
    for await (const message of heard) delivered.push(message.cursor);
  })();
  return { handle, link, clock, catchUp, delivered, heard };
}

test('while Redis is away the store is read every interval into this instance, once more when it is back, never else', async () => {
  const store = new EmbeddedStore(':memory:');
  let reads = 0;
  const counted = {
    latestOrderEventCursor: () => store.latestOrderEventCursor(),
    orderEventsAfter: (...args: Parameters<EmbeddedStore['orderEventsAfter']>) => {
      reads += 1;
      return store.orderEventsAfter(...args);
    },
  };
  const { handle, link, clock, catchUp, delivered, heard } = catchUpOnBus(counted);
  const log = new OrderEventLog(store, handle.bus, testLogger);
  const elsewhere = async (n: number) => (await recordChange(store, change(n))).event.cursor;
  try {
    await elsewhere(1); // before the start: not this instance's business
    await catchUp.start();

    // Another instance records 2, which Redis brings.
    const two = await recordChange(store, change(2));
    handle.deliverHere('order-event', toOrderEventMessage(two.event));
    clock.advance(10 * INTERVAL_MS);
    assert.equal(reads, 0, 'no read while Redis carries the events');

    link.set(false);
    const three = await elsewhere(3);
    const four = await elsewhere(4);
    assert.equal(reads, 0, 'the first read comes after one interval');
    clock.advance(INTERVAL_MS);
    await eventually('3 and 4 delivered', async () => (delivered.includes(four) ? true : undefined));
    assert.deepEqual(delivered, [two.event.cursor, three, four], 'after the last heard, each once');

    // An event of this instance is heard as soon as the store has it durably (its next flush), and not read back.
    const five = (await log.change(change(5).orderId, () => ({ event: change(5) })))!.cursor;
    await eventually('5 heard', async () => (delivered.includes(five) ? true : undefined));
    const six = await elsewhere(6);
    clock.advance(INTERVAL_MS);
    await eventually('6 delivered', async () => (delivered.includes(six) ? true : undefined));
    assert.deepEqual(delivered, [two.event.cursor, three, four, five, six]);

    // Back: one read for what was published before the subscription was confirmed, then none.
    const seven = await elsewhere(7);
    const readsBefore = reads;
    link.set(true);
    await eventually('7 delivered', async () => (delivered.includes(seven) ? true : undefined));
    assert.equal(reads, readsBefore + 1);
    await elsewhere(8);
    clock.advance(10 * INTERVAL_MS);
    assert.equal(reads, readsBefore + 1, 'no read while Redis carries the events again');
    assert.deepEqual(delivered, [two.event.cursor, three, four, five, six, seven]);
  } finally {
    await catchUp.stop();
    await heard.return();
    await store.close();
  }
});

test('a catch-up that starts while Redis is still connecting reads until the subscription is confirmed', async () => {
  const store = new EmbeddedStore(':memory:');
  const { link, clock, catchUp, delivered, heard } = catchUpOnBus(store);
  link.hearing = false;
  try {
    await catchUp.start();
    const first = (await recordChange(store, change(1))).event.cursor;
    clock.advance(INTERVAL_MS);
    await eventually('1 delivered', async () => (delivered.includes(first) ? true : undefined));
  } finally {
    await catchUp.stop();
    await heard.return();
    await store.close();
  }
});
