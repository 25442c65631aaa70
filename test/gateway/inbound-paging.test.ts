import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { createdAsn } from '../../support/inbound.js';

describe('ASN lists page over noon’s next_token, and create is idempotent', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway();
  });
  after(() => gw.close());

  test('creating twice with the same external reference returns the same ASN', async () => {
    const create = () =>
      gw.graphql(
        `mutation { createInboundShipment(input: { externalReference: "PO-IDEMPOTENT", country: "AE" }) { asnNumber createdAt } }`,
      );
    const first = dataOf(await create()).createInboundShipment;
    const second = dataOf(await create()).createInboundShipment;
    assert.deepEqual(second, first);
  });

  test('pages of 3 walk every EG shipment once, newest first', async () => {
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push(await createdAsn(gw, 'EG', []));

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let total: number | undefined;
    do {
      const page: any = dataOf(
        await gw.graphql(
          `query ($after: String) { inboundShipments(country: "EG", status: CREATED, first: 3, after: $after) {
            totalCount nodes { asnNumber country status } pageInfo { hasNextPage endCursor }
          } }`,
          { after },
        ),
      ).inboundShipments;
      pages++;
      total = page.totalCount;
      assert.ok(page.nodes.every((node: any) => node.country === 'EG' && node.status === 'CREATED'));
      seen.push(...page.nodes.map((node: any) => node.asnNumber));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      assert.equal(page.pageInfo.endCursor === null, !page.pageInfo.hasNextPage);
    } while (after);

    assert.equal(pages, 3);
    assert.equal(total, 7);
    assert.deepEqual(seen, [...created].reverse());
  });

  test('eligible catalog items page too', async () => {
    const first: any = dataOf(
      await gw.graphql(`{ inboundEligibleItems(first: 2, search: "PSKU-00001") {
      nodes { partnerSku } pageInfo { hasNextPage endCursor } } }`),
    ).inboundEligibleItems;
    const second: any = dataOf(
      await gw.graphql(
        `query ($after: String) { inboundEligibleItems(first: 2, search: "PSKU-00001", after: $after) { nodes { partnerSku } } }`,
        { after: first.pageInfo.endCursor },
      ),
    ).inboundEligibleItems;
    const skus = [...first.nodes, ...second.nodes].map((node: any) => node.partnerSku);
    assert.equal(new Set(skus).size, 4);
    assert.ok(skus.every((sku) => sku.includes('PSKU-00001')));
  });
});
