import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
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
