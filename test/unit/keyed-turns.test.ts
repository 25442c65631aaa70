import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyedTurns } from '../../src/webhooks/keyed-turns.js';

/** A promise the test settles by hand. */
function gate(): { promise: Promise<void>; open(): void; fail(error: Error): void } {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('work of one key runs one at a time, in the order asked; a failure is its caller’s and the next still runs', async () => {
  const turns = new KeyedTurns();
  const log: string[] = [];
  const first = gate();
  const second = gate();
  const one = turns.run('order-1', async () => {
    log.push('one starts');
    await first.promise;
    log.push('one ends');
  });
  const two = turns.run('order-1', async () => {
    log.push('two starts');
    await second.promise;
    return 'two';
  });
  const three = turns.run('order-1', async () => {
    log.push('three runs');
    return 3;
  });
  await settle();
  assert.deepEqual(log, ['one starts'], 'two waits for one');
  first.open();
  await one;
  await settle();
  assert.deepEqual(log, ['one starts', 'one ends', 'two starts']);
  second.fail(new Error('noon is down'));
  await assert.rejects(two, /noon is down/);
  assert.equal(await three, 3);
  assert.deepEqual(log, ['one starts', 'one ends', 'two starts', 'three runs']);
});

test('different keys run side by side', async () => {
  const turns = new KeyedTurns();
  const held = gate();
  const slow = turns.run('order-1', () => held.promise);
  assert.equal(await turns.run('order-2', async () => 'not held up'), 'not held up');
  held.open();
  await slow;
});
