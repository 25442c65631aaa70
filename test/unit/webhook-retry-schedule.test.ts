import assert from 'node:assert/strict';
import { test } from 'node:test';
import { afterFailedAttempt } from '../../src/webhooks/retry-schedule.js';

const schedule = { maxAttempts: 12, baseDelayMs: 1000, maxDelayMs: 30_000 };
const now = new Date(Date.UTC(2026, 10, 1));

test('a failed attempt waits base × 2^(attempt − 1), capped, jittered within its upper half; the last one is DEAD', () => {
  for (let attempt = 1; attempt < schedule.maxAttempts; attempt++) {
    const backoff = Math.min(schedule.maxDelayMs, schedule.baseDelayMs * 2 ** (attempt - 1));
    // Many draws, so a jitter outside [backoff / 2, backoff) would show.
    for (let draw = 0; draw < 200; draw++) {
      const outcome = afterFailedAttempt(attempt, 'noon answered 503', now, schedule);
      assert.equal(outcome.status, 'FAILED');
      assert.equal(outcome.error, 'noon answered 503');
      const wait = outcome.status === 'FAILED' ? outcome.nextAttemptAt.getTime() - now.getTime() : NaN;
      assert.ok(wait >= backoff / 2 && wait < backoff, `attempt ${attempt} waits ${wait} ms, backoff ${backoff}`);
    }
  }
  assert.deepEqual(afterFailedAttempt(schedule.maxAttempts, 'still 503', now, schedule), {
    status: 'DEAD',
    error: 'still 503',
  });
  assert.equal(
    afterFailedAttempt(schedule.maxAttempts + 5, 'an event an earlier version tried more', now, schedule).status,
    'DEAD',
  );
  assert.equal(afterFailedAttempt(1, 'one attempt only', now, { ...schedule, maxAttempts: 1 }).status, 'DEAD');
});
