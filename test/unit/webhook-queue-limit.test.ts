import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WebhookHandler } from '../../src/domain/ports/webhook-handler.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import type { WebhookEvent } from '../../src/store/callback-store.js';
import { WebhookProcessor } from '../../src/webhooks/processor.js';
import { eventually } from '../../support/eventually.js';
import { ManualClock } from '../support/manual-clock.js';
import { testLogger } from '../support/silent-logger.js';

test('past WEBHOOK_APPLY_QUEUE_LIMIT an acknowledged webhook stays stored for the sweep: none lost, none applied twice', async () => {
  const store = new EmbeddedStore(':memory:');
  const clock = new ManualClock();
  const applied: string[] = [];
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const handler = {
    source: 'noon',
    authenticate: () => true,
    async process(event: WebhookEvent) {
      await gate;
      applied.push(event.dedupeKey);
    },
  } as unknown as WebhookHandler;
  const processor = new WebhookProcessor({
    store,
    handlers: [handler],
    logger: testLogger,
    sweepIntervalMs: 1000,
    sweepBatch: 100,
    concurrency: 1,
    queueLimit: 2,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 },
    clock,
  });
  try {
    const events: WebhookEvent[] = [];
    for (let n = 0; n < 6; n++) {
      const { event } = await store.recordWebhookEvent({
        source: 'noon',
        dedupeKey: `message-${n}`,
        type: 'order.updated',
        body: '{}',
        receivedAt: clock.now(),
      });
      events.push(event);
      clock.advance(1);
    }
    // As the intake does after each acknowledgement: one is applied, two wait, three are left to the store.
    const attempts = events.map((event) => processor.apply(event));
    // Settled already (not queued), or still waiting behind the closed gate: told apart without waiting for time.
    const state = (attempt: Promise<void>) =>
      Promise.race([attempt.then(() => 'settled'), Promise.resolve().then(() => 'waiting')]);
    assert.deepEqual(await Promise.all(attempts.map(state)), [
      'waiting',
      'waiting',
      'waiting',
      'settled',
      'settled',
      'settled',
    ]);

    open();
    await Promise.all(attempts.slice(0, 3));
    assert.deepEqual(applied, ['message-0', 'message-1', 'message-2']);
    const statuses = async () =>
      (await store.listWebhookEvents({ source: 'noon' }, undefined, 10)).map((event) => event.status).sort();
    assert.deepEqual(await statuses(), ['PROCESSED', 'PROCESSED', 'PROCESSED', 'RECEIVED', 'RECEIVED', 'RECEIVED']);

    // The sweep takes the stored ones, oldest first.
    processor.start();
    clock.advance(1000);
    await eventually('every event applied', async () => (applied.length === 6 ? true : undefined));
    assert.deepEqual(applied, ['message-0', 'message-1', 'message-2', 'message-3', 'message-4', 'message-5']);
    assert.deepEqual(await statuses(), Array(6).fill('PROCESSED'));
  } finally {
    await processor.stop();
    await store.close();
  }
});
