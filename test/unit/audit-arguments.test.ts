import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordable } from '../../src/graphql/audit-mutations.js';

test('the audit log keeps arguments as JSON, with secrets replaced and long lists cut', () => {
  const items = Array.from({ length: 250 }, (_, i) => ({ partnerSku: `SKU-${i}`, quantity: i }));
  const kept = recordable({
    asnNumber: 'ASN-1',
    date: new Date('2026-12-06T10:00:00Z'),
    items,
    input: { password: 'hunter2-hunter2', apiKey: 'k', note: 'visible', nested: [{ accessToken: 't' }] },
    empty: null,
  }) as Record<string, any>;
  assert.equal(kept.asnNumber, 'ASN-1');
  assert.equal(kept.date, '2026-12-06T10:00:00.000Z');
  assert.equal(kept.items.length, 101);
  assert.deepEqual(kept.items[0], { partnerSku: 'SKU-0', quantity: 0 });
  assert.equal(kept.items[100], '… 150 more');
  assert.deepEqual(kept.input, {
    password: '[redacted]',
    apiKey: '[redacted]',
    note: 'visible',
    nested: [{ accessToken: '[redacted]' }],
  });
  assert.equal(kept.empty, null);
});
