import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pacedWindow } from '../../src/http/paced-window.js';

/**
 * The most calls any span of `windowSeconds` can see when windows of `seconds` open back to back and each one's
 * `points` calls go at any moment within it: a span that starts just before one window ends takes that window's calls
 * (sent at its end) and all of the next `windowSeconds / seconds` windows' calls (sent at their start).
 */
function worstSpan(points: number, seconds: number, windowSeconds: number): number {
  let worst = 0;
  // Calls at the end of window 0 and at the start of every later one; spans starting anywhere in the first windows.
  const sentAt = [
    seconds - 0.001,
    ...Array.from({ length: (2 * windowSeconds) / seconds }, (_, k) => (k + 1) * seconds),
  ];
  for (let start = 0; start < 2 * seconds; start += seconds / 8) {
    const windows = sentAt.filter((at) => at >= start && at < start + windowSeconds).length;
    worst = Math.max(worst, windows * points);
  }
  return worst;
}

describe('a budget paced in short windows', () => {
  test("noon's 1,500 a minute is 24 a second: 1,440 a minute, 96 % of the budget", () => {
    assert.deepEqual(pacedWindow(1500, 60), { points: 24, seconds: 1 });
  });

  test('no span of the marketplace’s window ever sees more than its budget, whatever the budget', () => {
    for (const requests of [2, 7, 10, 20, 59, 60, 61, 100, 1220, 1500, 100_000]) {
      const { points, seconds } = pacedWindow(requests, 60);
      assert.ok(points >= 1, `${requests}: a call is always possible`);
      assert.ok(worstSpan(points, seconds, 60) <= requests, `${requests}: ${points} per ${seconds} s`);
    }
  });

  test('one call a window: one call per window and a second, each call opening its own window', () => {
    assert.deepEqual(pacedWindow(1, 60), { points: 1, seconds: 61 });
  });

  test('a burst of the whole budget at the start of each window would not hold (the reason for pacing)', () => {
    assert.ok(worstSpan(1500, 60, 60) > 1500);
  });
});
