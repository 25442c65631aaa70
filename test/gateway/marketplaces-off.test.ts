import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { eventually } from '../../support/eventually.js';
import {
  dataOf,
  postGraphql,
  startTestGateway,
  type GraphqlResponse,
  type TestGateway,
} from '../../support/gateway.js';

/** What every field of a marketplace that is off answers: the client's mistake, named. */
function assertNotConfigured(response: GraphqlResponse, marketplaces: string): void {
  assert.equal(response.errors?.length, 1, JSON.stringify(response));
  assert.equal(response.errors![0]!.extensions?.code, 'BAD_USER_INPUT');
  assert.equal(response.errors![0]!.message, `${marketplaces} not configured on this gateway`);
  assert.equal(response.data, null);
}

const INBOUND_FIELDS = [
  `{ inboundShipment(asnNumber: "ASN0000000001") { status } }`,
  `{ inboundShipments { nodes { asnNumber } } }`,
  `{ inboundEligibleItems { nodes { partnerSku } } }`,
  `{ inboundSlotAvailability(asnNumber: "ASN0000000001") { days { date } } }`,
  `mutation { createInboundShipment(input: { externalReference: "PO-1", country: "AE" }) { asnNumber } }`,
  `mutation { setInboundShipmentItems(asnNumber: "ASN0000000001", items: [{ partnerSku: "PSKU-000001", quantity: 1 }]) { appliedCount } }`,
  `mutation { removeInboundShipmentItems(asnNumber: "ASN0000000001", partnerSkus: ["PSKU-000001"]) { appliedCount } }`,
  `mutation { sealInboundShipment(asnNumber: "ASN0000000001") { status } }`,
  `mutation { scheduleInboundShipment(input: { asnNumber: "ASN0000000001", warehouseCode: "FBN-DXB-01", date: "2030-01-01",
     slot: { start: "08:00", end: "10:00" } }) { status } }`,
  `mutation { rescheduleInboundShipment(asnNumber: "ASN0000000001") { status } }`,
  `mutation { cancelInboundShipment(asnNumber: "ASN0000000001") { status } }`,
];

describe('a gateway without noon', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({
      fruugoOptions: { orderCount: 2 },
      marketplacerOptions: { invoices: 3 },
      env: {
        NOON_BASE_URL: undefined,
        NOON_KEY_JSON: undefined,
        NOON_FBPI_WAREHOUSE_CODE: undefined,
        NOON_WEBHOOK_HEADERS: undefined,
      },
    });
  });
  after(() => gw.close());

  test('every FBN inbound field answers that noon is not configured, and noon is never called', async () => {
    for (const query of INBOUND_FIELDS) assertNotConfigured(await gw.graphql(query), 'NOON is');
    assert.deepEqual(gw.noon.control.requests(), []);
  });

  test('orders come from the other marketplaces; asking for noon’s is the same client error', async () => {
    const orders = await eventually('Fruugo’s first download', async () => {
      const data: any = dataOf(await gw.graphql(`{ orders(first: 100) { nodes { id marketplace } } }`));
      return data.orders.nodes.some((order: any) => order.marketplace === 'FRUUGO') ? data.orders.nodes : undefined;
    });
    assert.deepEqual([...new Set(orders.map((order: any) => order.marketplace))].sort(), ['FRUUGO', 'MARKETPLACER']);
    assertNotConfigured(await gw.graphql(`{ orders(marketplaces: [NOON, FRUUGO]) { nodes { id } } }`), 'NOON is');
    assertNotConfigured(await gw.graphql(`{ order(id: "NOON:NFBO100000001") { id } }`), 'NOON is');
  });

  test('/readyz checks only what is configured, and there is no noon webhook route', async () => {
    const ready = await fetch(`${gw.origin}/readyz`);
    assert.deepEqual(
      [ready.status, await ready.json()],
      [
        200,
        {
          status: 'ready',
          checks: {
            store: { ready: true },
            fruugo: { ready: true, breaker: 'closed' },
            increff: { ready: true, breaker: 'closed' },
            marketplacer: { ready: true, breaker: 'closed' },
          },
        },
      ],
    );
    assert.equal((await fetch(`${gw.origin}/webhooks/noon`, { method: 'POST' })).status, 404);
  });
});

describe('a gateway with no marketplace at all (SANDBOX=off, nothing configured)', () => {
  let gateway: Gateway;
  let url: string;
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gateway-none-'));
    gateway = await createGateway(
      loadConfig({
        SANDBOX: 'off',
        PORT: '0',
        METRICS_PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
      }),
    );
    url = await gateway.listen();
  });
  after(async () => {
    await gateway.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('starts, and `orders` is the empty list of no marketplace; naming one is the client error', async () => {
    const data: any = dataOf(await postGraphql(url, `{ orders { nodes { id } pageInfo { hasNextPage endCursor } } }`));
    assert.deepEqual(data.orders, { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
    assertNotConfigured(
      await postGraphql(url, `{ orders(marketplaces: [FRUUGO, MARKETPLACER]) { nodes { id } } }`),
      'FRUUGO, MARKETPLACER are',
    );
    assertNotConfigured(await postGraphql(url, `{ inboundShipments { nodes { asnNumber } } }`), 'NOON is');
  });

  test('/readyz checks the store alone', async () => {
    const ready = await fetch(url.replace('/graphql', '/readyz'));
    assert.deepEqual(
      [ready.status, await ready.json()],
      [200, { status: 'ready', checks: { store: { ready: true } } }],
    );
  });
});
