import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { InboundShipmentStatus } from '../../src/domain/inbound-shipment.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import type { InboundShipmentChange } from '../../src/events/inbound-shipment-change.js';
import { createEventBus } from '../../src/events/bus.js';
import { GatewayEvents } from '../../src/events/gateway-events.js';
import { EmbeddedStore } from '../../src/store/embedded.js';
import { publicationOf } from '../../src/tracing/event-publications.js';
import { testLogger } from '../support/silent-logger.js';

const PUBLISHED_IN = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' };
const TRACEPARENT = `00-${PUBLISHED_IN.traceId}-${PUBLISHED_IN.spanId}-01`;

const store = new EmbeddedStore(':memory:');
after(() => store.close());

test('a stock change and an ASN move reach their subscribers as they were, each known to be published in its span', async () => {
  const bus = createEventBus(undefined, testLogger).bus;
  const events = new GatewayEvents(store, bus, testLogger);
  const stock = events.subscribeInventory({ skus: ['PSKU-000001'] })[Symbol.asyncIterator]();
  const asns = events.subscribeInboundShipment('ASN-1')[Symbol.asyncIterator]();
  const nextStock = stock.next();
  const nextAsn = asns.next();

  const change: InboundShipmentChange = {
    asnNumber: 'ASN-1',
    action: 'sealInboundShipment',
    status: InboundShipmentStatus.SEALED,
    occurredAt: '2026-12-06T10:00:00Z',
  };
  bus.publish('inventory-changed', {
    sku: 'PSKU-000001',
    marketplace: Marketplace.NOON,
    location: 'W1',
    available: 5,
    updatedAt: '2026-12-06T10:00:00.000Z',
    traceparent: TRACEPARENT,
  });
  bus.publish('inbound-shipment-event', { ...change, traceparent: TRACEPARENT });

  const level = (await nextStock).value;
  assert.deepEqual(level, {
    sku: 'PSKU-000001',
    marketplace: Marketplace.NOON,
    location: 'W1',
    available: 5,
    updatedAt: new Date('2026-12-06T10:00:00.000Z'),
  });
  const moved = (await nextAsn).value;
  assert.deepEqual(moved, change);
  for (const event of [level, moved]) {
    const published = publicationOf(event);
    assert.deepEqual([published?.traceId, published?.spanId], [PUBLISHED_IN.traceId, PUBLISHED_IN.spanId]);
  }

  // Published outside a trace: nothing to link to.
  const untraced = events.subscribeInboundShipment('ASN-1')[Symbol.asyncIterator]();
  const nextUntraced = untraced.next();
  bus.publish('inbound-shipment-event', change);
  assert.equal(publicationOf((await nextUntraced).value), undefined);
  await Promise.all([stock.return?.(), asns.return?.(), untraced.return?.()]);
});
