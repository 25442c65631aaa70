import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually } from '../../support/eventually.js';
import { createEventBus, type EventBusHandle, type InventoryChangedMessage } from '../../src/events/bus.js';
import { Marketplace } from '../../schema/marketplace.js';
import { TestRedisServer } from '../support/redis-server.js';
import { testLogger } from '../support/silent-logger.js';

// A Redis of this test's own, which it kills and starts again.
const redis = await TestRedisServer.start();
if (!redis) console.log('SKIPPED: no redis-server binary (install Redis, or set REDIS_SERVER_BIN)');

function stock(available: number): InventoryChangedMessage {
  return { sku: 'SKU-1', marketplace: Marketplace.NOON, location: 'W1', available, updatedAt: null };
}

/** Everything `handle`'s subscribers are given on the stock topic. */
function heardOn(handle: EventBusHandle): number[] {
  const heard: number[] = [];
  handle.listen('inventory-changed', (message) => heard.push(message.available));
  return heard;
}

const hearing = (handle: EventBusHandle, wanted: boolean) =>
  eventually(`hearing ${wanted}`, async () => (handle.link!.hearing === wanted ? true : undefined), 10_000);

describe('events through Redis', { skip: redis ? false : 'no redis-server binary' }, () => {
  let first: EventBusHandle;
  let second: EventBusHandle;
  before(async () => {
    first = createEventBus(redis!.url, testLogger);
    second = createEventBus(redis!.url, testLogger);
    await Promise.all([hearing(first, true), hearing(second, true)]);
  });
  after(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await redis?.kill();
  });

  test('an event reaches its own instance once, straight from the publish, and the other instance through Redis', async () => {
    const onFirst = heardOn(first);
    const onSecond = heardOn(second);
    first.bus.publish('inventory-changed', stock(1));
    assert.deepEqual(onFirst, [1], 'at once, before Redis is asked');
    second.bus.publish('inventory-changed', stock(2));
    await eventually('each event on both', async () => (onFirst.length === 2 && onSecond.length === 2) || undefined);
    // A third one from each, to be sure nothing else was on its way back.
    first.bus.publish('inventory-changed', stock(3));
    await eventually('3 on the second', async () => onSecond.includes(3) || undefined);
    assert.deepEqual(onFirst, [1, 2, 3]);
    assert.deepEqual(onSecond, [2, 1, 3]);
  });

  test('an event goes to the other instance with its publication’s traceparent, so a delivery there links to it', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const received: Array<string | undefined> = [];
    second.listen('inventory-changed', (message) => received.push(message.traceparent));
    first.bus.publish('inventory-changed', { ...stock(4), traceparent });
    await eventually('the event on the second', async () => received.length > 0 || undefined);
    assert.deepEqual(received, [traceparent]);
  });

  test('while Redis is away nothing throws or waits and each instance still hears itself; once back, both hear again', async () => {
    const onFirst = heardOn(first);
    const onSecond = heardOn(second);
    const changes: boolean[] = [];
    const stopWatching = first.link!.onHearingChange((now) => changes.push(now));
    try {
      await redis!.kill();
      await Promise.all([hearing(first, false), hearing(second, false)]);
      first.bus.publish('inventory-changed', stock(10));
      assert.deepEqual(onFirst, [10]);

      await redis!.restart();
      await Promise.all([hearing(first, true), hearing(second, true)]);
      assert.deepEqual(changes, [false, true]);
      second.bus.publish('inventory-changed', stock(11));
      await eventually('11 on the first', async () => onFirst.includes(11) || undefined);
      // 10 was published while Redis was away: it is not sent later (a late stock count would overwrite a newer one).
      assert.deepEqual(onSecond, [11]);
    } finally {
      stopWatching();
    }
  });

  test('closing while Redis is away does not wait for it', async () => {
    const lonely = createEventBus(redis!.url, testLogger);
    await hearing(lonely, true);
    await redis!.kill();
    try {
      await hearing(lonely, false);
      const started = Date.now();
      await lonely.close();
      assert.ok(Date.now() - started < 1000, `closed in ${Date.now() - started} ms`);
    } finally {
      await redis!.restart();
    }
  });
});
