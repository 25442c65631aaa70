import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readEachTime, SharedReads } from '../../datasources/orders/reads.js';
import { SharedEventWork } from '../../src/events/shared-event-work.js';

/** A batch read that records the keys it was asked for and answers `value:<key>`. */
function recordingRead(asked: string[][]) {
  return async (keys: readonly string[]) => {
    asked.push([...keys]);
    return keys.map((key) => `value:${key}`);
  };
}

test('shared reads ask each key once: a later batch asks only the keys nobody asked, and answers in its own order', async () => {
  const reads = new SharedReads();
  const asked: string[][] = [];
  const [first, second] = await Promise.all([
    reads.many('stock:NOON', ['A', 'B'], recordingRead(asked)),
    reads.many('stock:NOON', ['C', 'B', 'A', 'C'], recordingRead(asked)),
  ]);
  assert.deepEqual(first, ['value:A', 'value:B']);
  assert.deepEqual(second, ['value:C', 'value:B', 'value:A', 'value:C']);
  assert.deepEqual(asked, [['A', 'B'], ['C']]);
  // Another namespace is another answer.
  assert.deepEqual(await reads.many('stock:INCREFF', ['A'], recordingRead(asked)), ['value:A']);
  assert.deepEqual(asked.at(-1), ['A']);
});

test('a failed shared read is the answer of everyone who shares it', async () => {
  const reads = new SharedReads();
  let calls = 0;
  const failing = async () => {
    calls += 1;
    throw new Error('NOON is down');
  };
  const outcomes = await Promise.allSettled([reads.one('order:NOON:1', failing), reads.one('order:NOON:1', failing)]);
  assert.deepEqual(
    outcomes.map((outcome) => outcome.status === 'rejected' && (outcome.reason as Error).message),
    ['NOON is down', 'NOON is down'],
  );
  assert.equal(calls, 1);
  await assert.rejects(
    reads.many('order-errors', ['x'], async () => {
      throw new Error('store closed');
    }),
    /store closed/,
  );
});

test('an order event’s reads are shared by its cursor within their lifetime, and read anew after it', () => {
  const shared = new SharedEventWork(60_000);
  const event = { cursor: 7, orderId: 'NOON:1' };
  const reads = shared.of(event);
  assert.ok(reads instanceof SharedReads);
  assert.equal(shared.of({ ...event }), reads, 'another subscriber’s copy of the same event');
  assert.notEqual(shared.of({ cursor: 8 }), reads);

  const expired = new SharedEventWork(0);
  assert.notEqual(expired.of(event), expired.of(event), 'past its lifetime, an event is read again');
});

test('stock and ASN events, and a gateway without sharing, read each time', () => {
  const shared = new SharedEventWork(60_000);
  assert.equal(shared.of({ sku: 'PSKU-000001', marketplace: 'NOON', available: 3 }), readEachTime);
  assert.equal(new SharedEventWork(60_000, false).of({ cursor: 7 }), readEachTime);
});

test('at most 1,000 events’ reads are kept: the oldest go first', () => {
  const shared = new SharedEventWork(60_000);
  const first = shared.of({ cursor: 1 });
  for (let cursor = 2; cursor <= 1000; cursor++) shared.of({ cursor });
  assert.equal(shared.of({ cursor: 1 }), first, 'a thousand events are kept');
  const last = shared.of({ cursor: 1000 });
  shared.of({ cursor: 1001 });
  assert.notEqual(shared.of({ cursor: 1 }), first, 'the oldest went for the 1,001st');
  assert.equal(shared.of({ cursor: 1000 }), last);
});

test('an event’s result is executed once per key within its lifetime; without a key, each time', async () => {
  const shared = new SharedEventWork(60_000);
  let executions = 0;
  const execute = async () => ++executions;
  assert.equal(await shared.result({ cursor: 9 }, 'k', execute), 1);
  assert.equal(await shared.result({ cursor: 9 }, 'k', execute), 1, 'the same key shares the first execution');
  assert.equal(await shared.result({ cursor: 9 }, 'other', execute), 2);
  assert.equal(await shared.result({ cursor: 9 }, undefined, execute), 3);
  assert.equal(await shared.result({ cursor: 9 }, undefined, execute), 4, 'no key, no sharing');
});
