import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { EncodedBody } from '../../src/plugins/asset-encodings.js';

const BODY = Buffer.from('GraphiQL '.repeat(10_000));

test('each encoding of a body is made once, however many ask at once, and decodes to the body', async () => {
  const body = new EncodedBody(BODY);
  const [first, second] = await Promise.all([body.in('br'), body.in('br')]);
  assert.equal(first, second, 'one buffer, made once');
  assert.equal(await body.in('br'), first, 'kept for the next request');
  assert.ok(brotliDecompressSync(first!).equals(BODY));
  assert.ok(gunzipSync(await body.in('gzip')).equals(BODY));
  assert.ok(first!.length < BODY.length / 10);
});

test('an encoding that failed is made again when next asked for, not failed for good', async () => {
  let calls = 0;
  const body = new EncodedBody(BODY, {
    br: async (asIs) => {
      calls++;
      if (calls === 1) throw new Error('zlib: out of memory');
      return asIs.subarray(0, 1);
    },
    gzip: async () => assert.fail('gzip was not asked for'),
  });
  await assert.rejects(body.in('br'), /out of memory/);
  assert.deepEqual(await body.in('br'), BODY.subarray(0, 1));
  assert.equal(calls, 2);
});
