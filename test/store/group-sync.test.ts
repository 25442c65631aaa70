import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GroupSync } from '../../src/store/group-sync.js';

/** A flush the test finishes by hand, counting how many were started. */
function manualFlush() {
  const pending: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  return {
    pending,
    flush: () => new Promise<void>((resolve, reject) => void pending.push({ resolve, reject })),
  };
}

const settled = async (promise: Promise<void>) => {
  let state = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return state;
};

test('callers during a running flush wait for the next one, which serves all of them at once', async () => {
  const { pending, flush } = manualFlush();
  const sync = new GroupSync(flush);
  const first = sync.synced();
  const during = [sync.synced(), sync.synced(), sync.synced()];
  assert.equal(pending.length, 1, 'one flush at a time');
  pending[0]!.resolve();
  assert.equal(await settled(first), 'resolved');
  // Written before the second flush began, covered by it, not by the first.
  assert.deepEqual(await Promise.all(during.map(settled)), ['pending', 'pending', 'pending']);
  assert.equal(pending.length, 2, 'the three share one flush');
  pending[1]!.resolve();
  assert.deepEqual(await Promise.all(during.map(settled)), ['resolved', 'resolved', 'resolved']);
});

test('a failed flush rejects only its own callers; the next caller gets a flush of its own', async () => {
  const { pending, flush } = manualFlush();
  const sync = new GroupSync(flush);
  const failing = sync.synced();
  const waiting = sync.synced();
  pending[0]!.reject(new Error('EIO'));
  await assert.rejects(failing, /EIO/);
  assert.equal(await settled(waiting), 'pending');
  pending[1]!.resolve();
  assert.equal(await settled(waiting), 'resolved');
});

test('idle waits for the running flush and the one owed after it', async () => {
  const { pending, flush } = manualFlush();
  const sync = new GroupSync(flush);
  void sync.synced();
  void sync.synced();
  const idle = sync.idle();
  pending[0]!.resolve();
  assert.equal(await settled(idle), 'pending', 'the second flush is owed');
  pending[1]!.resolve();
  assert.equal(await settled(idle), 'resolved');
});
