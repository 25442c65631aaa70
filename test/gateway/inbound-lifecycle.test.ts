import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  CancelInboundShipmentDocument,
  CreateInboundShipmentDocument,
  InboundShipmentDocument,
  InboundSlotAvailabilityDocument,
  RescheduleInboundShipmentDocument,
  ScheduleInboundShipmentDocument,
  SealInboundShipmentDocument,
  SetInboundShipmentItemsDocument,
} from '../../clients/typescript/index.js';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';

describe('noon FBN inbound lifecycle through the gateway', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway();
  });
  after(() => gw.close());

  test('create → 2,500 items in three calls → seal → slots → schedule → reschedule → cancel', async () => {
    const created = dataOf(
      await gw.graphql(CreateInboundShipmentDocument, {
        input: { externalReference: `PO-${randomUUID()}`, country: 'AE' },
      }),
    ).createInboundShipment;
    assert.equal(created.status, 'CREATED');
    assert.equal(created.shipmentType, 'FBN_GLOBAL');
    assert.equal(created.country, 'AE');
    assert.equal(created.skuCount, 0);
    assert.match(created.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const asn = created.asnNumber;

    gw.noon.control.resetRequests();
    const items = Array.from({ length: 2500 }, (_, i) => ({
      partnerSku: `PSKU-${String(i + 1).padStart(6, '0')}`,
      quantity: (i % 7) + 1,
    }));
    const set = dataOf(
      await gw.graphql(SetInboundShipmentItemsDocument, { asnNumber: asn, items }),
    ).setInboundShipmentItems;
    assert.equal(set.appliedCount, 2500);
    assert.deepEqual(set.failures, []);
    assert.equal(set.shipment.skuCount, 2500);
    assert.equal(
      set.shipment.expectedQuantity,
      items.reduce((sum, item) => sum + item.quantity, 0),
    );
    const updateCalls = gw.noon.control.requests().filter((r) => r.path === '/inbound/v1/shipment/items/update');
    assert.equal(updateCalls.length, 3, 'three upstream calls of at most 1,000 items');

    const paged = dataOf(await gw.graphql(InboundShipmentDocument, { asnNumber: asn, itemsFirst: 1000 }))
      .inboundShipment.items;
    assert.equal(paged.totalCount, 2500);
    assert.equal(paged.nodes.length, 1000);
    assert.equal(paged.pageInfo.hasNextPage, true);
    const last = dataOf(
      await gw.graphql(InboundShipmentDocument, {
        asnNumber: asn,
        itemsFirst: 1000,
        itemsAfter: paged.pageInfo.endCursor,
      }),
    ).inboundShipment.items;
    assert.equal(last.nodes.length, 1000);
    assert.equal(last.pageInfo.hasNextPage, true);

    const sealed = dataOf(await gw.graphql(SealInboundShipmentDocument, { asnNumber: asn })).sealInboundShipment;
    assert.equal(sealed.status, 'SEALED');

    const availability = dataOf(
      await gw.graphql(InboundSlotAvailabilityDocument, { asnNumber: asn }),
    ).inboundSlotAvailability;
    assert.ok(availability.length >= 1);
    const [{ warehouse, days }] = availability as [(typeof availability)[number]];
    assert.equal(warehouse.code, 'FBN-DXB-01');
    assert.match(days[0]!.date, /^\d{4}-\d\d-\d\d$/);
    const slot = days[0]!.slots[0]!;
    assert.match(slot.start, /^\d\d:\d\d$/);

    const scheduled = dataOf(
      await gw.graphql(ScheduleInboundShipmentDocument, {
        input: { asnNumber: asn, warehouseCode: warehouse.code, date: days[0]!.date, slot },
      }),
    ).scheduleInboundShipment;
    assert.equal(scheduled.status, 'SCHEDULED');
    assert.equal(scheduled.destinationWarehouse, warehouse.code);
    assert.equal(scheduled.scheduledDate, days[0]!.date);
    assert.deepEqual(scheduled.scheduledSlot, slot);

    const rescheduled = dataOf(
      await gw.graphql(RescheduleInboundShipmentDocument, { asnNumber: asn }),
    ).rescheduleInboundShipment;
    assert.equal(rescheduled.status, 'SEALED');
    assert.equal(rescheduled.scheduledSlot, null);

    const cancelled = dataOf(await gw.graphql(CancelInboundShipmentDocument, { asnNumber: asn })).cancelInboundShipment;
    assert.equal(cancelled.status, 'CANCELLED');

    const reread = dataOf(await gw.graphql(InboundShipmentDocument, { asnNumber: asn })).inboundShipment;
    assert.equal(reread.status, 'CANCELLED');
  });

  test('removing items, then a draft is filled from the eligible catalog', async () => {
    const asn = dataOf(
      await gw.graphql(CreateInboundShipmentDocument, {
        input: { externalReference: `PO-${randomUUID()}`, country: 'SA' },
      }),
    ).createInboundShipment.asnNumber;
    const eligible = dataOf(
      await gw.graphql(`{ inboundEligibleItems(first: 5, storageType: BULKY) {
        nodes { partnerSku sku title barcode imageUrl storageType } pageInfo { hasNextPage endCursor }
      } }`),
    ).inboundEligibleItems;
    assert.equal(eligible.nodes.length, 5);
    assert.ok(eligible.nodes.every((item: { storageType: string }) => item.storageType === 'BULKY'));
    assert.equal(eligible.pageInfo.hasNextPage, true);

    const items = eligible.nodes.map((item: { partnerSku: string }) => ({
      partnerSku: item.partnerSku,
      quantity: 2,
      storageType: 'BULKY',
    }));
    const set = dataOf(
      await gw.graphql(
        `mutation ($asn: ID!, $items: [InboundShipmentItemInput!]!) {
          setInboundShipmentItems(asnNumber: $asn, items: $items) { appliedCount shipment { skuCount expectedQuantity } }
        }`,
        { asn, items },
      ),
    ).setInboundShipmentItems;
    assert.deepEqual(set, { appliedCount: 5, shipment: { skuCount: 5, expectedQuantity: 10 } });

    const removed = dataOf(
      await gw.graphql(
        `mutation ($asn: ID!, $skus: [String!]!) {
          removeInboundShipmentItems(asnNumber: $asn, partnerSkus: $skus) { appliedCount failures { partnerSku } shipment { skuCount status } }
        }`,
        { asn, skus: items.slice(0, 2).map((item: { partnerSku: string }) => item.partnerSku) },
      ),
    ).removeInboundShipmentItems;
    assert.deepEqual(removed, { appliedCount: 2, failures: [], shipment: { skuCount: 3, status: 'CREATED' } });
  });
});
