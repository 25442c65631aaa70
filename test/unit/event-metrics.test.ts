import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { InboundShipmentStatus } from '../../src/domain/inbound-shipment.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import { OrderEventOrigin, OrderEventType } from '../../src/domain/order-event.js';
import { createEventBus } from '../../src/events/bus.js';
import type { OrderEventMessage } from '../../src/events/order-event-message.js';
import { EventMetrics } from '../../src/metrics/event-metrics.js';
import { eventually } from '../../support/eventually.js';
import { freePort } from '../support/free-port.js';
import { Scrape } from '../support/metrics.js';
import { testLogger } from '../support/silent-logger.js';

function orderEvent(cursor: number): OrderEventMessage {
  return {
    key: `k-${cursor}`,
    orderId: 'NOON:NFBO1',
    marketplace: Marketplace.NOON,
    type: OrderEventType.STATUS_CHANGED,
    status: null,
    origin: OrderEventOrigin.WEBHOOK,
    webhookEventId: null,
    message: null,
    occurredAt: new Date(0).toISOString(),
    cursor,
    version: cursor,
  };
}

describe('the event metrics', () => {
  test('each publish Redis cannot take is counted by topic, not only the first of the outage', async () => {
    const registry = new Registry();
    const metrics = new EventMetrics(registry);
    // Nothing listens there: every publish fails at once (the relay queues nothing while Redis is away).
    const handle = createEventBus(`redis://127.0.0.1:${await freePort()}`, testLogger, undefined, metrics);
    try {
      handle.bus.publish('order-event', orderEvent(1));
      handle.bus.publish('order-event', orderEvent(2));
      handle.bus.publish('inbound-shipment-event', {
        asnNumber: 'ASN1',
        action: 'sealInboundShipment',
        status: InboundShipmentStatus.SEALED,
        occurredAt: new Date(0).toISOString(),
      });
      const failures = 'gateway_event_publish_failures_total';
      const scraped = await eventually('the failures counted', async () => {
        const scrape = Scrape.parse(await registry.metrics());
        return scrape.value(failures) === 3 ? scrape : undefined;
      });
      assert.equal(scraped.value(failures, { topic: 'order-event' }), 2);
      assert.equal(scraped.value(failures, { topic: 'inbound-shipment-event' }), 1);
    } finally {
      await handle.close();
    }
  });

  test('an order event heard on the bus is measured when a subscriber resolves it, once per subscriber', async () => {
    const registry = new Registry();
    const metrics = new EventMetrics(registry);
    const handle = createEventBus(undefined, testLogger);
    metrics.listen(handle);
    handle.bus.publish('order-event', orderEvent(7));
    const lag = async () =>
      Scrape.parse(await registry.metrics()).value('gateway_order_event_delivery_lag_seconds_count');
    metrics.delivered({ ...orderEvent(7), occurredAt: new Date(0) });
    metrics.delivered({ ...orderEvent(7), occurredAt: new Date(0) });
    assert.equal(await lag(), 2, 'two subscribers');
    metrics.delivered(orderEvent(8));
    metrics.delivered({ sku: 'PSKU-000001', available: 3 });
    assert.equal(await lag(), 2, 'never heard here, or no order event: nothing to measure from');
  });

  test('only the newest 1,000 order events are kept: an older one replayed is not measured', async () => {
    const registry = new Registry();
    const metrics = new EventMetrics(registry);
    const handle = createEventBus(undefined, testLogger);
    metrics.listen(handle);
    for (let cursor = 1; cursor <= 1001; cursor++) handle.bus.publish('order-event', orderEvent(cursor));
    metrics.delivered(orderEvent(1));
    metrics.delivered(orderEvent(2));
    metrics.delivered(orderEvent(1001));
    const scraped = Scrape.parse(await registry.metrics());
    assert.equal(scraped.value('gateway_order_event_delivery_lag_seconds_count'), 2, 'cursors 2 and 1001');
  });
});
