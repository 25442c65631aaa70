import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { NewAuditEntry } from '../../src/store/callback-store.js';
import { DataDirInUse } from '../../src/store/data-dir-in-use.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { openMongoStore } from '../../src/store/mongo/open.js';
import { openStore, type StoreLocation } from '../../src/store/open-store.js';

/** A port nothing listens on, and a server selection short enough for a test. */
const UNREACHABLE = 'mongodb://127.0.0.1:9/gateway?serverSelectionTimeoutMS=300';

/** An audit entry to find again, or not, in a store opened later. */
const ENTRY: NewAuditEntry = {
  principal: { kind: 'API_KEY', subject: 'ops', name: 'ops' },
  operationName: null,
  field: 'confirmOrder',
  arguments: {},
  requestId: 'request-1',
  outcome: 'SUCCESS',
  transport: 'http',
  at: new Date('2026-03-01T10:00:00Z'),
};

test('without MONGODB_URI the store is the embedded file, kept from one start to the next unless it is fresh', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'gateway-open-store-'));
  const file = join(dataDir, 'gateway.sqlite');
  const entries = async (fresh: boolean) => {
    const store = await openStore({ kind: 'embedded', file, fresh });
    try {
      assert.ok(store instanceof EmbeddedStore);
      return (await store.listAuditEntries({}, undefined, 10)).map((entry) => entry.requestId);
    } finally {
      await store.close();
    }
  };
  try {
    const first = await openStore({ kind: 'embedded', file, fresh: false });
    await first.appendAuditEntry(ENTRY);
    await first.close();
    assert.ok((await stat(file)).isFile());
    assert.deepEqual(await entries(false), ['request-1'], 'kept');
    assert.deepEqual(await entries(true), [], 'fresh: made anew');
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('the embedded file is held by one store at a time: a second is refused naming DATA_DIR, until the first closes', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'gateway-open-store-'));
  try {
    const first = await openStore(kept(dataDir));
    await assert.rejects(openStore(kept(dataDir)), (error: Error) => {
      assert.ok(error instanceof DataDirInUse);
      assert.match(error.message, new RegExp(`^DATA_DIR ${dataDir} is in use by another gateway process`));
      return true;
    });
    // A sandbox start, which empties its file, empties none another process holds.
    await assert.rejects(openStore({ ...kept(dataDir), fresh: true }), DataDirInUse);
    await first.close();
    const next = await openStore(kept(dataDir));
    await next.close();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

/** The production file under `dataDir`. */
function kept(dataDir: string): StoreLocation & { kind: 'embedded' } {
  return { kind: 'embedded', file: join(dataDir, 'gateway.sqlite'), fresh: false };
}

test('with MONGODB_URI the store is MongoDB or nothing: an unreachable server fails the start', async () => {
  // The location names no file, so none can stand in.
  const started = Date.now();
  await assert.rejects(openStore({ kind: 'mongodb', uri: UNREACHABLE }), { name: 'MongooseServerSelectionError' });
  assert.ok(Date.now() - started < 5_000, 'the URI’s own server selection timeout applies');
  await assert.rejects(openMongoStore(UNREACHABLE, { dbName: 'other' }), { name: 'MongooseServerSelectionError' });
});
