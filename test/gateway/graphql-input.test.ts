import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestGateway, type GraphqlResponse, type TestGateway } from '../../support/gateway.js';
import { createdAsn } from '../../support/inbound.js';

function assertRefused(response: GraphqlResponse, code: string, message: RegExp): void {
  assert.equal(response.errors?.length, 1, JSON.stringify(response));
  assert.equal(response.errors![0]!.extensions?.code, code, JSON.stringify(response.errors));
  assert.match(response.errors![0]!.message, message);
}

describe('bad GraphQL input is refused with a clear message before noon is called', () => {
  let gw: TestGateway;
  let asn: string;
  before(async () => {
    gw = await startTestGateway();
    asn = await createdAsn(gw, 'AE', []);
    gw.noon.control.resetRequests();
  });
  after(() => {
    assert.deepEqual(gw.noon.control.requests(), [], 'refused input never reached noon');
    return gw.close();
  });

  test('a missing required argument', async () => {
    assertRefused(
      await gw.graphql(`mutation { sealInboundShipment { status } }`),
      'GRAPHQL_VALIDATION_FAILED',
      /asnNumber/,
    );
  });

  test('more than 50 invalid variable values: BAD_USER_INPUT naming the variables, not an internal error', async () => {
    const response = await gw.graphql(`query ($status: [OrderStatus!]) { orders(status: $status) { totalCount } }`, {
      status: Array.from({ length: 60 }, () => 'NOT_A_STATUS'),
    });
    // graphql-js reports the first 50 and then gives up with one error of no code, which read INTERNAL_SERVER_ERROR.
    const errors = response.errors ?? [];
    assert.equal(errors.length, 51);
    assert.deepEqual([...new Set(errors.map((error) => error.extensions?.code))], ['BAD_USER_INPUT']);
    const last = errors.at(-1)!;
    assert.match(last.message, /More than 50 variable values were invalid/);
    assert.deepEqual(last.extensions?.details, [{ field: 'variables', message: last.message }]);
  });

  test('an invalid value is quoted in its error up to 1,000 characters, not whole', async () => {
    const response = await gw.graphql(`query ($status: [OrderStatus!]) { orders(status: $status) { totalCount } }`, {
      status: ['x'.repeat(70_000)],
    });
    assertRefused(response, 'BAD_USER_INPUT', /^Variable "\$status" got invalid value "x+… \(cut\)$/);
    const error = response.errors![0]!;
    assert.equal(error.message.length, 1_000 + '… (cut)'.length);
    assert.deepEqual(error.extensions?.details, [{ field: '$status', message: error.message }]);
  });

  test('a country that is not ISO 3166-1 alpha-2', async () => {
    const response = await gw.graphql(
      `mutation ($input: CreateInboundShipmentInput!) { createInboundShipment(input: $input) { asnNumber } }`,
      { input: { externalReference: 'PO-1', country: 'UAE' } },
    );
    assertRefused(response, 'BAD_USER_INPUT', /country code: UAE/);
  });

  test('an empty external reference, named by field', async () => {
    const response = await gw.graphql(
      `mutation { createInboundShipment(input: { externalReference: "", country: "AE" }) { asnNumber } }`,
    );
    assertRefused(response, 'BAD_USER_INPUT', /externalReference/);
    assert.deepEqual(response.errors![0]!.extensions?.details, [
      { field: 'externalReference', message: 'externalReference must be longer than or equal to 1 characters' },
    ]);
  });

  test('a zero quantity, named with the item’s position', async () => {
    const response = await gw.graphql(
      `mutation ($asn: ID!) { setInboundShipmentItems(asnNumber: $asn, items: [{ partnerSku: "PSKU-000001", quantity: 1 }, { partnerSku: "PSKU-000002", quantity: 0 }]) { appliedCount } }`,
      { asn },
    );
    assertRefused(response, 'BAD_USER_INPUT', /items\.1\.quantity/);
  });

  test('an empty item list', async () => {
    const response = await gw.graphql(
      `mutation ($asn: ID!) { setInboundShipmentItems(asnNumber: $asn, items: []) { appliedCount } }`,
      {
        asn,
      },
    );
    assertRefused(response, 'BAD_USER_INPUT', /items/);
  });

  test('the same partner SKU twice', async () => {
    const response = await gw.graphql(
      `mutation ($asn: ID!) { setInboundShipmentItems(asnNumber: $asn, items: [{ partnerSku: "PSKU-000001", quantity: 1 }, { partnerSku: "PSKU-000001", quantity: 2 }]) { appliedCount } }`,
      { asn },
    );
    assertRefused(response, 'BAD_USER_INPUT', /repeated: PSKU-000001/);
  });

  test('a slot time that is not HH:MM', async () => {
    const response = await gw.graphql(
      `mutation ($asn: ID!) { scheduleInboundShipment(input: { asnNumber: $asn, warehouseCode: "FBN-DXB-01", date: "2030-01-01", slot: { start: "8am", end: "10:00" } }) { status } }`,
      { asn },
    );
    assertRefused(response, 'GRAPHQL_VALIDATION_FAILED', /LocalTime/);
  });

  test('a page size above noon’s maximum', async () => {
    assertRefused(
      await gw.graphql(`{ inboundShipments(first: 500) { totalCount } }`),
      'BAD_USER_INPUT',
      /between 1 and 200/,
    );
  });

  test('a cursor from another list', async () => {
    const eligible = await gw.graphql<any>(`{ inboundEligibleItems(first: 1) { pageInfo { endCursor } } }`);
    const foreign = eligible.data!.inboundEligibleItems.pageInfo.endCursor as string;
    gw.noon.control.resetRequests();
    assertRefused(
      await gw.graphql(`query ($after: String) { inboundShipments(after: $after) { totalCount } }`, { after: foreign }),
      'BAD_USER_INPUT',
      /is a cursor of another list/,
    );
    assertRefused(
      await gw.graphql(`{ inboundShipments(after: "garbage!") { totalCount } }`),
      'BAD_USER_INPUT',
      /not a cursor this gateway gave out/,
    );
  });
});
