import type { HttpConfig } from '../../src/config.js';

/**
 * The shared HTTP layer's settings for datasource tests: millisecond backoffs so failure paths run fast, and a
 * breaker that stays shut unless a test means to open it.
 */
export const TEST_HTTP: HttpConfig = {
  userAgent: 'gateway-tests/1.0',
  timeoutMs: 2000,
  retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 20, maxRetryAfterMs: 5000 },
  breaker: { threshold: 1000, halfOpenAfterMs: 1000 },
  callerSharePercent: 100,
};
