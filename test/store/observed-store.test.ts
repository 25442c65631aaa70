import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { observedStore, type StoreCall } from '../../src/store/observed-store.js';

test('every store call passes through the observer with its name, and its result or error comes back untouched', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'observed-store-'));
  const store = new EmbeddedStore(join(dir, 'store.sqlite'));
  const seen: Array<{ call: StoreCall; outcome: 'resolved' | 'rejected' }> = [];
  const observed = observedStore(store, async (call, run) => {
    try {
      const result = await run();
      seen.push({ call, outcome: 'resolved' });
      return result;
    } catch (error) {
      seen.push({ call, outcome: 'rejected' });
      throw error;
    }
  });
  try {
    assert.equal(await observed.latestOrderEventCursor(), 0);
    assert.equal(await observed.findWebhookEvent('00000000-0000-4000-8000-000000000000'), undefined);
    await assert.rejects(observed.listWebhookEvents({}, undefined, Number.NaN));
    assert.deepEqual(seen, [
      { call: 'latestOrderEventCursor', outcome: 'resolved' },
      { call: 'findWebhookEvent', outcome: 'resolved' },
      { call: 'listWebhookEvents', outcome: 'rejected' },
    ]);
    await observed.close();
    assert.equal(seen.length, 3, 'close is not observed');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
