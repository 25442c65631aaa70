import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseIncreffError } from '../../datasources/increff/errors.js';

describe('Increff error bodies', () => {
  test('the chosen shape: code, message, and one detail per field or SKU', () => {
    assert.deepEqual(
      parseIncreffError(400, {
        code: 'CHANNEL_SKU_NOT_FOUND',
        message: 'orderItems[1].channelSkuCode: not listed on this channel',
        errors: [
          { field: 'orderItems[1].channelSkuCode', channelSkuCode: 'NOPE', message: 'not listed on this channel' },
          { field: 'orderCode', code: 'X', message: 'is required' },
        ],
      }),
      {
        code: 'CHANNEL_SKU_NOT_FOUND',
        message: 'orderItems[1].channelSkuCode: not listed on this channel',
        details: [
          { field: 'orderItems[1].channelSkuCode', item: 'NOPE', message: 'not listed on this channel' },
          { field: 'orderCode', code: 'X', message: 'is required' },
        ],
      },
    );
    assert.deepEqual(parseIncreffError(409, { code: 'ORDER_ALREADY_EXISTS', message: 'exists' }), {
      code: 'ORDER_ALREADY_EXISTS',
      message: 'exists',
      details: [],
    });
  });

  test('anything else is named after its status, keeping what sentence it has', () => {
    assert.deepEqual(parseIncreffError(502, '<html>Bad Gateway</html>'), {
      code: 'INTERNAL_ERROR',
      message: 'Increff answered HTTP 502: <html>Bad Gateway</html>',
    });
    assert.deepEqual(parseIncreffError(500, undefined), {
      code: 'INTERNAL_ERROR',
      message: 'Increff answered HTTP 500',
    });
    assert.deepEqual(parseIncreffError(400, { message: 'Invalid JSON' }), {
      code: 'HTTP_400',
      message: 'Increff answered HTTP 400: Invalid JSON',
    });
    assert.deepEqual(parseIncreffError(404, { status: 404, error: 'Not Found' }), {
      code: 'NOT_FOUND',
      message: 'Increff answered HTTP 404: Not Found',
    });
    assert.equal(parseIncreffError(429, '').code, 'RATE_LIMIT_EXCEEDED');
    assert.equal(parseIncreffError(401, 'Unauthorized').code, 'UNAUTHORIZED');
    // A code without a message is not the chosen shape.
    assert.equal(parseIncreffError(400, { code: 'BAD_DATA' }).code, 'HTTP_400');
  });
});
