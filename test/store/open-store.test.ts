import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
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
