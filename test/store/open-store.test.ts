import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DataDirInUse } from '../../src/store/data-dir-in-use.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { openMongoStore } from '../../src/store/mongo/open.js';
import { openStore } from '../../src/store/open-store.js';

/** A port nothing listens on, and a server selection short enough for a test. */
const UNREACHABLE = 'mongodb://127.0.0.1:9/gateway?serverSelectionTimeoutMS=300';

test('without MONGODB_URI the store is the embedded file under the data directory', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'gateway-open-store-'));
  try {
    const store = await openStore({ mongodbUri: undefined, dataDir });
    assert.ok(store instanceof EmbeddedStore);
    await store.close();
    assert.ok((await stat(join(dataDir, 'gateway.sqlite'))).isFile());
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('the embedded file is held by one store at a time: a second is refused naming DATA_DIR, until the first closes', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'gateway-open-store-'));
  try {
    const first = await openStore({ mongodbUri: undefined, dataDir });
    await assert.rejects(openStore({ mongodbUri: undefined, dataDir }), (error: Error) => {
      assert.ok(error instanceof DataDirInUse);
      assert.match(error.message, new RegExp(`^DATA_DIR ${dataDir} is in use by another gateway process`));
      return true;
    });
    await first.close();
    const next = await openStore({ mongodbUri: undefined, dataDir });
    await next.close();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('with MONGODB_URI the store is MongoDB or nothing: an unreachable server fails the start, no file stands in', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'gateway-open-store-'));
  try {
    const started = Date.now();
    await assert.rejects(openStore({ mongodbUri: UNREACHABLE, dataDir }), { name: 'MongooseServerSelectionError' });
    assert.ok(Date.now() - started < 5_000, 'the URI’s own server selection timeout applies');
    await assert.rejects(stat(join(dataDir, 'gateway.sqlite')), { code: 'ENOENT' });
    await assert.rejects(openMongoStore(UNREACHABLE, { dbName: 'other' }), { name: 'MongooseServerSelectionError' });
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
