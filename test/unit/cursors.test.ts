import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cursors } from '../../src/cursors.js';
import { BadInput } from '../../src/domain/errors.js';

const SECRET = 'a-cursor-secret-of-32-characters-at-least';

/** BAD_USER_INPUT naming the argument `field`. */
const refused = (field: string, message: RegExp) => (error: unknown) =>
  error instanceof BadInput && error.details[0]!.field === field && message.test(error.message);

test('a cursor gives back the position it was made with, on any gateway with the same key', () => {
  const position = { positions: { NOON: { token: 'abc', skip: 3 } }, exhausted: ['FRUUGO'] };
  const cursor = Cursors.withKey(SECRET).encode('orders:x', position);
  assert.deepEqual(Cursors.withKey(SECRET).decode('orders:x', cursor), position);
});

test('a forged, altered or foreign cursor is refused, naming the argument', () => {
  const cursors = Cursors.withKey(SECRET);
  const cursor = cursors.encode('noon.inbound.shipments', 'token-1');
  const [payload, signature] = cursor.split('.') as [string, string];
  const forged = Buffer.from(JSON.stringify({ list: 'noon.inbound.shipments', position: 'token-2' })).toString(
    'base64url',
  );
  const notGivenOut = /is not a cursor this gateway gave out/;
  for (const bad of [
    `${forged}.${signature}`,
    `${payload}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`,
    `${payload}x.${signature}`,
    `${payload}.${signature}.`,
    payload,
    'garbage',
  ]) {
    assert.throws(() => cursors.decode('noon.inbound.shipments', bad), refused('after', notGivenOut), bad);
  }
  assert.throws(
    () => Cursors.withKey(undefined).decode('noon.inbound.shipments', cursor),
    refused('after', notGivenOut),
    'another key: another process without CURSOR_SECRET',
  );
  assert.throws(
    () => cursors.decode('noon.inbound.eligible', cursor, 'items.after'),
    refused('items.after', /is a cursor of another list, not of noon.inbound.eligible/),
  );
});

test('without CURSOR_SECRET each gateway signs with a key of its own', () => {
  const one = Cursors.withKey(undefined);
  const cursor = one.encode('auditLog', 'id-1');
  assert.equal(one.decode('auditLog', cursor), 'id-1');
  assert.throws(() => Cursors.withKey(undefined).decode('auditLog', cursor), BadInput);
});
