import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseNoonError } from '../../datasources/noon/errors.js';
import { retryAfterMs } from '../../src/http/http-client.js';
import { isRetryable } from '../../src/http/retry-policy.js';
import { UpstreamError, type UpstreamFailureKind } from '../../src/http/upstream-error.js';
import { Marketplace } from '../../schema/marketplace.js';

const options = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 10, maxRetryAfterMs: 5000 };
const failure = (kind: UpstreamFailureKind, httpStatus: number, retryAfter?: number) =>
  new UpstreamError({
    marketplace: Marketplace.NOON,
    kind,
    code: 'X',
    httpStatus,
    message: 'x',
    retryAfterMs: retryAfter,
  });

describe('the shared HTTP layer', () => {
  test('Retry-After in seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-09T14:30:00Z');
    assert.equal(retryAfterMs('2', now), 2000);
    assert.equal(retryAfterMs('Mon, 09 Mar 2026 14:30:05 GMT', now), 5000);
    assert.equal(retryAfterMs('Mon, 09 Mar 2026 14:29:00 GMT', now), 0);
    assert.equal(retryAfterMs(null, now), undefined);
    assert.equal(retryAfterMs('soon', now), undefined);
  });

  test('which failures are repeated', () => {
    assert.equal(isRetryable(failure('http', 429), false, options), true, '429: always');
    assert.equal(isRetryable(failure('http', 429, 60_000), true, options), false, 'asks to wait longer than allowed');
    assert.equal(isRetryable(failure('http', 503), true, options), true);
    assert.equal(isRetryable(failure('http', 503), false, options), false, 'may have been applied');
    assert.equal(isRetryable(failure('timeout', 504), true, options), true);
    assert.equal(isRetryable(failure('network', 502), false, options), false);
    assert.equal(isRetryable(failure('http', 409), true, options), false, 'a refusal is final');
    assert.equal(isRetryable(failure('deadline', 504), true, options), false, 'no time was left to send it');
    assert.equal(isRetryable(new Error('bug'), true, options), false);
  });

  test('noon’s error body, and answers without it', () => {
    assert.deepEqual(
      parseNoonError(400, {
        detail: {
          code: 'ITEM_VALIDATION_FAILED',
          message: 'One or more items failed',
          details: [
            { partner_sku: 'A', code: 'NO_MAPPED_PBARCODE', message: 'no barcode' },
            { field: 'asn_nr', message: 'required' },
          ],
        },
      }),
      {
        code: 'ITEM_VALIDATION_FAILED',
        message: 'One or more items failed',
        details: [
          { item: 'A', code: 'NO_MAPPED_PBARCODE', message: 'no barcode' },
          { field: 'asn_nr', message: 'required' },
        ],
      },
    );
    assert.deepEqual(parseNoonError(502, '<html>Bad Gateway</html>'), {
      code: 'INTERNAL_ERROR',
      message: 'noon answered HTTP 502: <html>Bad Gateway</html>',
    });
    assert.equal(parseNoonError(429, undefined).code, 'RATE_LIMIT_EXCEEDED');
  });
});
