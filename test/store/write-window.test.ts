import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { WriteWindow } from '../../src/store/write-window.js';

function database() {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
    CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
      parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
    PRAGMA foreign_keys = ON;`);
  return db;
}

const names = (db: Database.Database) =>
  (db.prepare('SELECT name FROM item ORDER BY id').all() as Array<{ name: string }>).map((row) => row.name);

test('the writes of one turn of the event loop are one transaction, committed after it', async () => {
  const db = database();
  const window = new WriteWindow(db);
  const insert = db.prepare('INSERT INTO item (name) VALUES (?)');
  window.write(() => insert.run('a'));
  window.write(() => db.transaction(() => insert.run('b'))());
  assert.equal(db.inTransaction, true, 'still open: the turn is not over');
  assert.deepEqual(names(db), ['a', 'b'], 'readable at once on the one connection');
  await window.committed();
  assert.equal(db.inTransaction, false);
  assert.deepEqual(names(db), ['a', 'b']);
  // The next turn opens a window of its own.
  window.write(() => insert.run('c'));
  assert.equal(db.inTransaction, true);
  await window.committed();
  assert.deepEqual(names(db), ['a', 'b', 'c']);
});

test('a write that fails is undone alone: the other writes of its window are committed', async () => {
  const db = database();
  const window = new WriteWindow(db);
  const insert = db.prepare('INSERT INTO item (name) VALUES (?)');
  window.write(() => insert.run('a'));
  assert.throws(() => window.write(() => db.transaction(() => [insert.run('b'), insert.run('a')])()), /UNIQUE/);
  window.write(() => insert.run('c'));
  await window.committed();
  assert.deepEqual(names(db), ['a', 'c'], "the failed transaction's first row went with it");
});

test('a commit that fails loses the whole window, and everyone waiting for it is told', async () => {
  const db = database();
  const window = new WriteWindow(db);
  // A deferred foreign key is checked at COMMIT: this one fails it.
  window.write(() => db.prepare('INSERT INTO item (name, parent) VALUES (?, ?)').run('orphan', 42));
  const first = window.committed();
  window.write(() => db.prepare('INSERT INTO item (name) VALUES (?)').run('innocent'));
  const second = window.committed();
  await assert.rejects(first, /FOREIGN KEY/);
  await assert.rejects(second, /FOREIGN KEY/);
  assert.equal(db.inTransaction, false);
  assert.deepEqual(names(db), []);
  window.write(() => db.prepare('INSERT INTO item (name) VALUES (?)').run('later'));
  await window.committed();
  assert.deepEqual(names(db), ['later'], 'the next window starts afresh');
});

test('commit() commits the open window at once (closing the store)', async () => {
  const db = database();
  const window = new WriteWindow(db);
  window.write(() => db.prepare('INSERT INTO item (name) VALUES (?)').run('a'));
  const committed = window.committed();
  window.commit();
  assert.equal(db.inTransaction, false);
  await committed;
  db.close();
});

test('a write whose error ends the transaction (SQLITE_FULL) loses the window: its waiters are told', async () => {
  const db = database();
  db.exec('CREATE TABLE blob (b BLOB)');
  db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 3}`);
  const window = new WriteWindow(db);
  window.write(() => db.prepare('INSERT INTO item (name) VALUES (?)').run('a'));
  const waiting = window.committed();
  assert.throws(() => window.write(() => db.prepare('INSERT INTO blob VALUES (?)').run(Buffer.alloc(100_000))), {
    code: 'SQLITE_FULL',
  });
  await assert.rejects(waiting, { code: 'SQLITE_FULL' });
  assert.deepEqual(names(db), [], "the window's earlier write went with it");
  window.write(() => db.prepare('INSERT INTO item (name) VALUES (?)').run('b'));
  await window.committed();
  assert.deepEqual(names(db), ['b']);
});
