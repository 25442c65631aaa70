import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { Marketplace } from '../../schema/marketplace.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { callbackStoreContract, sampleOrder } from './callback-store-contract.js';
import { keepOrder } from '../support/kept-orders.js';

callbackStoreContract('embedded (SQLite, in memory)', async () => new EmbeddedStore(':memory:'));

test('the embedded store keeps its state in a file across a reopen', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-store-'));
  try {
    const path = join(dir, 'nested', 'gateway.sqlite');
    const first = new EmbeddedStore(path);
    const order = sampleOrder(Marketplace.INCREFF, 'KEEP-1', 1);
    await keepOrder(first, order);
    await first.close();
    const second = new EmbeddedStore(path);
    assert.deepEqual(await second.findOrder(order.id), order);
    await second.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** The webhook_events table as the gateway wrote it before events had their own next attempt time. */
const WEBHOOK_EVENTS_BEFORE_BACKOFF = `
  CREATE TABLE webhook_events (
    id TEXT PRIMARY KEY, source TEXT NOT NULL, dedupe_key TEXT NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL,
    received_at INTEGER NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,
    processed_at INTEGER, UNIQUE (source, dedupe_key)
  );
  CREATE INDEX webhook_events_unprocessed ON webhook_events (status, received_at);
  CREATE INDEX webhook_events_newest ON webhook_events (received_at DESC, id DESC);
`;

test('a file written before webhook backoff opens: what it owed is due at once, and it opens again unchanged', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-store-'));
  try {
    const path = join(dir, 'gateway.sqlite');
    const earlier = new Database(path);
    earlier.exec(WEBHOOK_EVENTS_BEFORE_BACKOFF);
    const insert = earlier.prepare(
      `INSERT INTO webhook_events (id, source, dedupe_key, type, body, received_at, status, attempts, last_error, processed_at)
       VALUES (?, 'noon', ?, 'FBPI::ORDER_SYNC', '{}', ?, ?, ?, ?, ?)`,
    );
    const at = (minutes: number) => Date.UTC(2026, 10, 1) + minutes * 60_000;
    insert.run('failed', 'k-failed', at(1), 'FAILED', 34, 'noon answered 404', null);
    insert.run('received', 'k-received', at(2), 'RECEIVED', 0, null, null);
    insert.run('processed', 'k-processed', at(3), 'PROCESSED', 1, null, at(4));
    earlier.close();

    const store = new EmbeddedStore(path);
    const due = await store.dueWebhookEvents(new Date(at(10)), 10);
    assert.deepEqual(
      due.map((event) => [event.id, event.status, event.attempts, event.nextAttemptAt?.getTime()]),
      [
        ['received', 'RECEIVED', 0, at(2)],
        ['failed', 'FAILED', 34, at(1)],
      ],
    );
    assert.equal((await store.findWebhookEvent('processed'))?.nextAttemptAt, null);
    await store.settleWebhookEvent('failed', { status: 'DEAD', error: 'noon answered 404' });
    await store.close();

    const again = new EmbeddedStore(path);
    assert.deepEqual(
      (await again.dueWebhookEvents(new Date(at(10)), 10)).map((event) => event.id),
      ['received'],
    );
    assert.equal((await again.findWebhookEvent('failed'))?.status, 'DEAD');
    await again.close();
    const indexes = new Database(path, { readonly: true });
    const names = (indexes.pragma('index_list(webhook_events)') as Array<{ name: string }>).map((index) => index.name);
    indexes.close();
    assert.ok(names.includes('webhook_events_due'), `the due index, among ${names.join(', ')}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
