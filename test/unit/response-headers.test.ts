import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ResponseHeaders } from '../../src/http/response-headers.js';

test('an upstream answer’s headers read as fetch’s Headers reads them: any case, repeated ones joined, cookies apart', () => {
  const headers = new ResponseHeaders({
    'retry-after': '7',
    'x-correlation-id': 'abc',
    vary: ['origin', 'accept'],
    'set-cookie': ['session=1; Path=/; Expires=Wed, 09 Jun 2027 10:18:14 GMT', 'csrf=2'],
  });
  const fetched = new Headers([
    ['retry-after', '7'],
    ['x-correlation-id', 'abc'],
    ['vary', 'origin'],
    ['vary', 'accept'],
    ['set-cookie', 'session=1; Path=/; Expires=Wed, 09 Jun 2027 10:18:14 GMT'],
    ['set-cookie', 'csrf=2'],
  ]);
  for (const name of ['Retry-After', 'x-correlation-id', 'X-CORRELATION-ID', 'vary', 'absent']) {
    assert.equal(headers.get(name), fetched.get(name), name);
  }
  assert.equal(headers.get('absent'), null);
  assert.deepEqual(headers.getSetCookie(), fetched.getSetCookie());
  assert.deepEqual(new ResponseHeaders({ 'set-cookie': 'only=1' }).getSetCookie(), ['only=1']);
  assert.deepEqual(new ResponseHeaders({}).getSetCookie(), []);
});
