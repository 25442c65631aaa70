import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventQueue } from '../../src/events/event-queue.js';

/** A queue whose source is `publish`, counting how often it attaches and detaches. */
function queueOf(limit: number) {
  let push: ((event: number) => void) | undefined;
  const counts = { attached: 0, detached: 0 };
  const queue = new EventQueue<number>(limit, (deliver) => {
    counts.attached += 1;
    push = deliver;
    return () => {
      counts.detached += 1;
      push = undefined;
    };
  });
  return { queue, counts, publish: (event: number) => push?.(event) };
}

test('a queue attaches at its first next(), and events published before that are not its', async () => {
  const { queue, counts, publish } = queueOf(10);
  publish(1);
  assert.equal(counts.attached, 0);
  const first = queue.next();
  assert.equal(counts.attached, 1);
  publish(2);
  assert.deepEqual(await first, { value: 2, done: false });
  await queue.return();
});

test('a consumer slower than its events loses the oldest beyond the limit, never the newest', async () => {
  const { queue, publish } = queueOf(3);
  const first = queue.next();
  for (let event = 1; event <= 10; event++) publish(event);
  assert.deepEqual(await first, { value: 1, done: false }, 'the one a waiting next() took at once');
  const rest = [await queue.next(), await queue.next(), await queue.next()].map((result) => result.value);
  assert.deepEqual(rest, [8, 9, 10]);
  await queue.return();
});

test('return() wakes a waiting next() with done, lets go of the source, and ignores what comes after', async () => {
  const { queue, counts, publish } = queueOf(3);
  const waiting = queue.next();
  await queue.return();
  assert.deepEqual(await waiting, { value: undefined, done: true });
  assert.equal(counts.detached, 1);
  publish(5);
  assert.deepEqual(await queue.next(), { value: undefined, done: true });
  await queue.throw();
  assert.equal(counts.detached, 1, 'detached once');
});

test('a queue returned before it was read never attaches', async () => {
  const { queue, counts } = queueOf(3);
  await queue.return();
  assert.deepEqual(await queue.next(), { value: undefined, done: true });
  assert.deepEqual(counts, { attached: 0, detached: 0 });
});
