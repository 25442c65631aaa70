import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createMarketplacerClient } from '../../datasources/marketplacer/index.js';
import { globalId } from '../../datasources/marketplacer/global-id.js';
import type { InventoryLevel } from '../../schema/inventory.js';
import { createEventBus } from '../../src/events/bus.js';
import { GatewayEvents } from '../../src/events/gateway-events.js';
import { startMarketplacerSandbox, type MarketplacerSandbox } from '../../sandbox/marketplacer/index.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { MarketplacerWebhookHandler } from '../../datasources/marketplacer/webhooks/handler.js';
import { TEST_HTTP } from '../support/http.js';
import { dataOf, graphqlPost, variantOf } from '../support/marketplacer.js';
import { testLogger } from '../support/silent-logger.js';

// Stock changes are announced live only (no store, no cursor), so they are watched on the events the handler is
// given, with the handler applying stored events against a real simulator over HTTP.

describe('Marketplacer Advert and Variant webhooks: the stock they announce', () => {
  let sandbox: MarketplacerSandbox;
  let store: EmbeddedStore;
  let handler: MarketplacerWebhookHandler;
  let levels: AsyncIterator<InventoryLevel>;

  before(async () => {
    sandbox = await startMarketplacerSandbox({ invoices: 0 });
    store = new EmbeddedStore(':memory:');
    const events = new GatewayEvents(store, createEventBus(undefined, testLogger).bus, testLogger);
    const client = createMarketplacerClient(sandbox.marketplacerConfig(), TEST_HTTP, testLogger);
    handler = new MarketplacerWebhookHandler(events, client, 'stock-test-hmac-key', testLogger);
    levels = events.subscribeInventory({})[Symbol.asyncIterator]();
  });

  after(async () => {
    await levels.return?.();
    await store.close();
    await sandbox.close();
  });

  /** Stores a webhook about this object, as the intake would, and applies it. */
  async function apply(type: 'Advert' | 'Variant', objectId: string): Promise<void> {
    const body = JSON.stringify({
      id: globalId('WebhookEvent', 1),
      event_name: 'update',
      payload: { data: { node: { __typename: type, id: objectId } } },
    });
    const { event } = await store.recordWebhookEvent({
      source: 'marketplacer',
      dedupeKey: randomUUID(),
      type: `${type}.update`,
      body,
      receivedAt: new Date(),
    });
    await handler.process(event);
  }

  /** The next `count` levels announced while `action` runs. */
  async function announced(count: number, action: () => Promise<void>): Promise<InventoryLevel[]> {
    const first = levels.next(); // attaches the listener before anything is published
    await action();
    const received = [(await first).value as InventoryLevel];
    while (received.length < count) received.push((await levels.next()).value as InventoryLevel);
    return received;
  }

  test('a Variant event announces that variant’s stock at its seller, as Marketplacer has it now', async () => {
    sandbox.control.setCountOnHand('PSKU-000120', 42);
    const variant = await variantOf(sandbox, 'PSKU-000120');
    const [level] = await announced(1, () => apply('Variant', variant.id));
    const seller = dataOf(
      await graphqlPost(sandbox, 'query ($id: ID!) { node(id: $id) { ... on Seller { businessName } } }', {
        id: variant.seller,
      }),
    ).node;
    assert.deepEqual(
      { ...level, updatedAt: undefined },
      {
        sku: 'PSKU-000120',
        marketplace: 'MARKETPLACER',
        location: seller.businessName,
        available: 42,
        updatedAt: undefined,
      },
    );
    assert.ok(level!.updatedAt instanceof Date);
  });

  test('an Advert event announces every variant of the advert', async () => {
    // An advert holds one to three variants: take the first of several.
    let advert: { id: string; variants: { nodes: Array<{ sku: string; countOnHand: number }> } } | undefined;
    for (let n = 121; advert === undefined && n < 160; n += 1) {
      const variant = await variantOf(sandbox, `PSKU-${String(n).padStart(6, '0')}`);
      const { node } = dataOf(
        await graphqlPost(
          sandbox,
          'query ($id: ID!) { node(id: $id) { ... on Variant { advert { id variants { nodes { sku countOnHand } } } } } }',
          {
            id: variant.id,
          },
        ),
      );
      if (node.advert.variants.nodes.length > 1) advert = node.advert;
    }
    assert.ok(advert, 'an advert with several variants');
    const expected = advert.variants.nodes.map((entry) => [entry.sku, entry.countOnHand]);
    const received = await announced(expected.length, () => apply('Advert', advert.id));
    assert.deepEqual(
      received.map((level) => [level.sku, level.available]),
      expected,
    );
  });

  test('an object Marketplacer no longer knows (deleted) announces nothing', async () => {
    const known = await variantOf(sandbox, 'PSKU-000122');
    const [level] = await announced(1, async () => {
      await apply('Variant', globalId('Variant', 999_999));
      await apply('Advert', globalId('Advert', 999_999));
      await apply('Variant', known.id);
    });
    assert.equal(level!.sku, 'PSKU-000122', 'the first level announced is the known variant’s');
  });
});
