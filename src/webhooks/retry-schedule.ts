import { halfJitterGenerator } from 'cockatiel';
import type { WebhookAttemptOutcome } from '../store/callback-store.js';

/** How often, and how far apart, a stored webhook event that fails to apply is tried. */
export interface WebhookRetrySchedule {
  /** Attempts an event gets, the first (right after it is acknowledged) included; failing the last parks it as DEAD. */
  maxAttempts: number;
  /** The wait after the first failed attempt; it doubles after each later one. */
  baseDelayMs: number;
  /** The longest wait between two attempts. */
  maxDelayMs: number;
}

/**
 * What becomes of an event whose `attempt`-th attempt (1 for the first) failed with `error` at `now`: tried again
 * after an exponential backoff (base × 2^(attempt − 1), capped), or, once it has had every attempt allowed, DEAD.
 * The wait is jittered within its upper half (cockatiel's half jitter): events that failed together, say through
 * one outage, come back spread out instead of all at once, and none comes back sooner than half its backoff.
 */
export function afterFailedAttempt(
  attempt: number,
  error: string,
  now: Date,
  schedule: WebhookRetrySchedule,
): Exclude<WebhookAttemptOutcome, { status: 'PROCESSED' }> {
  if (attempt >= schedule.maxAttempts) return { status: 'DEAD', error };
  const [delayMs] = halfJitterGenerator(attempt - 1, {
    generator: halfJitterGenerator,
    initialDelay: schedule.baseDelayMs,
    maxDelay: schedule.maxDelayMs,
    exponent: 2,
  });
  return { status: 'FAILED', error, nextAttemptAt: new Date(now.getTime() + delayMs) };
}
