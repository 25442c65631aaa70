import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { createdAsn } from '../../support/inbound.js';
import { subscribe, whenListening } from '../../support/subscriptions.js';

const UPDATE_STOCK = `mutation ($items: [StockUpdateInput!]!) { updateStock(items: $items) { sku success code } }`;

describe('inventoryChanged and inboundShipmentEvents over graphql-ws', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway();
  });
  after(() => gw.close());

  test('updateStock announces the SKUs noon applied, and only those, to subscribers of those SKUs', async () => {
    const stock = subscribe<any>(
      gw.url,
      `subscription { inventoryChanged(skus: ["PSKU-000011", "PSKU-000012", "NOPE-9"], marketplaces: [NOON]) {
      sku marketplace location available updatedAt } }`,
    );
    const otherSkus = subscribe<any>(gw.url, `subscription { inventoryChanged(skus: ["PSKU-000099"]) { sku } }`);
    try {
      await whenListening(stock, () => gw.graphql(UPDATE_STOCK, { items: [{ sku: 'PSKU-000011', quantity: 1 }] }));
      await whenListening(otherSkus, () => gw.graphql(UPDATE_STOCK, { items: [{ sku: 'PSKU-000099', quantity: 1 }] }));
      await stock.drain(100);

      const results: any = dataOf(
        await gw.graphql(UPDATE_STOCK, {
          items: [
            { sku: 'PSKU-000011', quantity: 7 },
            { sku: 'NOPE-9', quantity: 3 },
            { sku: 'PSKU-000012', quantity: 0 },
          ],
        }),
      ).updateStock;
      assert.deepEqual(
        results.map((result: any) => result.success),
        [true, false, true],
      );
      const first = (await stock.next()).data!.inventoryChanged;
      const second = (await stock.next()).data!.inventoryChanged;
      assert.deepEqual(
        [first, second].map((level) => [level.sku, level.marketplace, level.location, level.available]),
        [
          ['PSKU-000011', 'NOON', gw.noon.fbpiWarehouseCode(), 7],
          ['PSKU-000012', 'NOON', gw.noon.fbpiWarehouseCode(), 0],
        ],
      );
      assert.ok(!Number.isNaN(Date.parse(first.updatedAt)));
      assert.deepEqual(await stock.drain(200), [], 'the refused SKU is not announced');
      assert.deepEqual(await otherSkus.drain(100), [], 'a subscriber of other SKUs hears nothing');
    } finally {
      await Promise.all([stock.close(), otherSkus.close()]);
    }
  });

  test('an ASN’s moves through the mutations reach its subscribers, and only those of that ASN', async () => {
    const asn = await createdAsn(gw, 'AE', ['PSKU-000001']);
    // Subscribed first, so it is listening by the time the unfiltered one (below) is heard to be.
    const one = subscribe<any>(
      gw.url,
      `subscription ($asn: ID) { inboundShipmentEvents(asnNumber: $asn) { asnNumber action status occurredAt } }`,
      { asn },
    );
    await one.started;
    const everything = subscribe<any>(gw.url, `subscription { inboundShipmentEvents { asnNumber action status } }`);
    try {
      await whenListening(everything, () => createdAsn(gw, 'AE', []));
      dataOf(await gw.graphql(`mutation ($asn: ID!) { sealInboundShipment(asnNumber: $asn) { status } }`, { asn }));
      dataOf(await gw.graphql(`mutation ($asn: ID!) { cancelInboundShipment(asnNumber: $asn) { status } }`, { asn }));
      const mine = [(await one.next()).data!.inboundShipmentEvents, (await one.next()).data!.inboundShipmentEvents];
      assert.deepEqual(
        mine.map((event) => [event.asnNumber, event.action, event.status]),
        [
          [asn, 'sealInboundShipment', 'SEALED'],
          [asn, 'cancelInboundShipment', 'CANCELLED'],
        ],
      );
      assert.ok(!Number.isNaN(Date.parse(mine[0].occurredAt)));
      assert.deepEqual(await one.drain(200), [], 'other ASNs’ moves are not heard');
      const heard = (await everything.drain(200)).map((result) => result.data!.inboundShipmentEvents);
      assert.deepEqual(
        heard.filter((event: any) => event.asnNumber === asn).map((event: any) => event.action),
        ['sealInboundShipment', 'cancelInboundShipment'],
      );
    } finally {
      await Promise.all([one.close(), everything.close()]);
    }
  });
});
