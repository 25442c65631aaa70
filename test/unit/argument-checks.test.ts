import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadInput } from '../../src/domain/errors.js';
import { checkArguments } from '../../src/graphql/argument-checks.js';

const LIMITS = { listMaxItems: 5 };

test('arguments that need nothing are given back as they are, not copied', () => {
  const args = { id: 'NOON:NFBO1', input: { lines: [{ lineId: 'NI1', quantity: 1 }], at: new Date(0) } };
  assert.equal(checkArguments(args, LIMITS), args);
});

test('a list of plain values is a set, wherever it is; a list of items is left as it is', () => {
  const lines = [
    { lineId: 'NI1', quantity: 1 },
    { lineId: 'NI1', quantity: 1 },
  ];
  const args = { status: ['PENDING', 'PENDING', 'SHIPPED'], input: { skus: ['A', 'B', 'A'], lines } };
  const checked = checkArguments(args, LIMITS);
  assert.deepEqual(checked, { status: ['PENDING', 'SHIPPED'], input: { skus: ['A', 'B'], lines } });
  assert.equal((checked.input as { lines: unknown }).lines, lines);
  assert.deepEqual(args.status, ['PENDING', 'PENDING', 'SHIPPED'], 'what the caller sent is not changed');
});

test('every lone surrogate and every over-long list is named by its path, at once', () => {
  assert.throws(
    () =>
      checkArguments(
        {
          search: 'a\ud800',
          input: { lines: [{ lineId: 'NI1' }, { lineId: '\udc00' }] },
          skus: ['1', '2', '3', '4', '5', '6'],
          ok: '\ud83d\ude00',
        },
        LIMITS,
      ),
    (error: unknown) =>
      error instanceof BadInput &&
      error.details.map((detail) => detail.field).join() === 'search,input.lines[1].lineId,skus' &&
      /skus holds 6 items; a list argument holds at most 5/.test(error.message),
  );
});
