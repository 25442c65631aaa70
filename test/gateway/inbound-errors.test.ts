import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dataOf, startTestGateway, type GraphqlResponse, type TestGateway } from '../../support/gateway.js';
import { createdAsn, firstFreeSlot, schedule, scheduledAsn, sealedAsn, statusMutation } from '../../support/inbound.js';

/** Asserts the error contract: noon's code, the marketplace and the upstream HTTP status in `extensions`. */
function assertNoonError(response: GraphqlResponse, code: string, httpStatus: number): void {
  assert.equal(response.errors?.length, 1, JSON.stringify(response));
  const [error] = response.errors!;
  assert.equal(error!.extensions?.code, code, JSON.stringify(error));
  assert.equal(error!.extensions?.marketplace, 'NOON');
  assert.equal(error!.extensions?.httpStatus, httpStatus);
  assert.ok(error!.message.length > 0);
}

describe('noon inbound errors reach the client with noon’s code', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ noonOptions: { slotCapacity: 1 } });
  });
  after(() => gw.close());

  test('an unknown ASN is ASN_NOT_FOUND (404)', async () => {
    assertNoonError(await statusMutation(gw, 'sealInboundShipment', 'ASN9999999999'), 'ASN_NOT_FOUND', 404);
    const read = await gw.graphql(`{ inboundShipment(asnNumber: "ASN9999999999") { status } }`);
    assertNoonError(read, 'ASN_NOT_FOUND', 404);
    assert.equal(read.data, null);
  });

  test('illegal transitions from CREATED', async () => {
    const asn = await createdAsn(gw);
    assertNoonError(await statusMutation(gw, 'rescheduleInboundShipment', asn), 'INVALID_ASN_STATUS', 409);
    const slots = await gw.graphql(`query ($asn: ID!) { inboundSlotAvailability(asnNumber: $asn) { days { date } } }`, {
      asn,
    });
    assertNoonError(slots, 'INVALID_ASN_STATUS', 409);
    assertNoonError(
      await schedule(gw, asn, {
        warehouseCode: 'FBN-DXB-01',
        date: '2099-01-01',
        slot: { start: '08:00', end: '10:00' },
      }),
      'INVALID_ASN_STATUS',
      409,
    );
  });

  test('sealing an empty ASN is refused with a validation error', async () => {
    const asn = await createdAsn(gw, 'AE', []);
    assertNoonError(await statusMutation(gw, 'sealInboundShipment', asn), 'VALIDATION_ERROR', 422);
  });

  test('illegal transitions from SEALED: seal again, change items', async () => {
    const asn = await sealedAsn(gw);
    assertNoonError(await statusMutation(gw, 'sealInboundShipment', asn), 'INVALID_ASN_STATUS', 409);
    assertNoonError(await statusMutation(gw, 'rescheduleInboundShipment', asn), 'INVALID_ASN_STATUS', 409);
    const set = await gw.graphql(
      `mutation ($asn: ID!) { setInboundShipmentItems(asnNumber: $asn, items: [{ partnerSku: "PSKU-000009", quantity: 1 }]) { appliedCount } }`,
      { asn },
    );
    assertNoonError(set, 'INVALID_ASN_STATUS', 409);
    const removed = await gw.graphql(
      `mutation ($asn: ID!) { removeInboundShipmentItems(asnNumber: $asn, partnerSkus: ["PSKU-000001"]) { appliedCount } }`,
      { asn },
    );
    assertNoonError(removed, 'INVALID_ASN_STATUS', 409);
  });

  test('a full slot is CAPACITY_EXCEEDED; an unknown warehouse a validation error', async () => {
    const { slot } = await scheduledAsn(gw);
    const second = await sealedAsn(gw);
    assertNoonError(await schedule(gw, second, slot), 'CAPACITY_EXCEEDED', 400);
    const free = await firstFreeSlot(gw, second);
    assertNoonError(await schedule(gw, second, { ...free, warehouseCode: 'FBN-RUH-01' }), 'VALIDATION_ERROR', 422);
  });

  test('reschedule and cancel are refused once the slot has started', async () => {
    const { asn } = await scheduledAsn(gw);
    gw.noon.control.advanceClock(40 * 24 * 3600);
    try {
      assertNoonError(await statusMutation(gw, 'rescheduleInboundShipment', asn), 'CANNOT_RESCHEDULE', 409);
      assertNoonError(await statusMutation(gw, 'cancelInboundShipment', asn), 'CANNOT_CANCEL', 409);
    } finally {
      gw.noon.control.advanceClock(-40 * 24 * 3600);
    }
  });

  test('an ASN the warehouse is receiving cannot be canceled; an INBOUNDED one is final', async () => {
    const { asn } = await scheduledAsn(gw);
    gw.noon.control.receiveShipment(asn, 'RECEIVING');
    assertNoonError(await statusMutation(gw, 'cancelInboundShipment', asn), 'CANNOT_CANCEL', 409);
    gw.noon.control.receiveShipment(asn, 'INBOUNDED', 6);
    const inbounded = dataOf(
      await gw.graphql(`query ($asn: ID!) { inboundShipment(asnNumber: $asn) { status receivedQuantity } }`, { asn }),
    ).inboundShipment;
    assert.deepEqual(inbounded, { status: 'INBOUNDED', receivedQuantity: 6 });
    assertNoonError(await statusMutation(gw, 'sealInboundShipment', asn), 'INVALID_ASN_STATUS', 409);
  });

  test('a canceled ASN is final', async () => {
    const asn = await createdAsn(gw);
    dataOf(await statusMutation(gw, 'cancelInboundShipment', asn));
    assertNoonError(await statusMutation(gw, 'cancelInboundShipment', asn), 'INVALID_ASN_STATUS', 409);
    assertNoonError(await statusMutation(gw, 'sealInboundShipment', asn), 'INVALID_ASN_STATUS', 409);
  });

  test('an ASN left in CREATED expires, and then nothing moves it', async () => {
    const asn = await createdAsn(gw);
    gw.noon.control.advanceClock(15 * 24 * 3600);
    try {
      const expired = dataOf(
        await gw.graphql(`query ($asn: ID!) { inboundShipment(asnNumber: $asn) { status } }`, { asn }),
      );
      assert.equal(expired.inboundShipment.status, 'EXPIRED');
      assertNoonError(await statusMutation(gw, 'sealInboundShipment', asn), 'INVALID_ASN_STATUS', 409);
      assertNoonError(await statusMutation(gw, 'cancelInboundShipment', asn), 'INVALID_ASN_STATUS', 409);
    } finally {
      gw.noon.control.advanceClock(-15 * 24 * 3600);
    }
  });

  test('an ASN for a country the partner does not sell in is WRONG_COUNTRY', async () => {
    const response = await gw.graphql(
      `mutation { createInboundShipment(input: { externalReference: "PO-WRONG-COUNTRY", country: "KW" }) { asnNumber } }`,
    );
    assertNoonError(response, 'WRONG_COUNTRY', 403);
  });

  test('sealing an ASN holding an item not sold in its country is WRONG_COUNTRY', async () => {
    const asn = await createdAsn(gw, 'SA', ['PSKU-000001', 'PSKU-AE-ONLY-1']);
    assertNoonError(await statusMutation(gw, 'sealInboundShipment', asn), 'WRONG_COUNTRY', 403);
  });

  test('item failures come back per item, and the valid items still go in', async () => {
    const asn = await createdAsn(gw, 'AE', []);
    const response = await gw.graphql(
      `mutation ($asn: ID!, $items: [InboundShipmentItemInput!]!) {
        setInboundShipmentItems(asnNumber: $asn, items: $items) {
          appliedCount failures { partnerSku code message } shipment { skuCount }
        }
      }`,
      {
        asn,
        items: [
          { partnerSku: 'PSKU-000010', quantity: 1 },
          { partnerSku: 'NO-SUCH-SKU', quantity: 1 },
          { partnerSku: 'PSKU-INACTIVE-1', quantity: 1 },
          { partnerSku: 'PSKU-NOBARCODE-1', quantity: 1 },
          { partnerSku: 'BULKY-0001', quantity: 1, storageType: 'BULKY' },
          { partnerSku: 'PSKU-000011', quantity: 2 },
        ],
      },
    );
    const result = dataOf(response).setInboundShipmentItems;
    assert.equal(result.appliedCount, 2);
    assert.equal(result.shipment.skuCount, 2);
    const codes = Object.fromEntries(
      result.failures.map((f: { partnerSku: string; code: string }) => [f.partnerSku, f.code]),
    );
    assert.deepEqual(codes, {
      'NO-SUCH-SKU': 'PARTNER_SKU_NOT_FOUND',
      'PSKU-INACTIVE-1': 'INACTIVE_PSKU_CODE',
      'PSKU-NOBARCODE-1': 'NO_MAPPED_PBARCODE',
      'BULKY-0001': 'INVALID_STORAGE_TYPE',
    });
    assert.ok(result.failures.every((f: { message: string }) => f.message.length > 0));
  });

  test('another partner’s ASN is FORBIDDEN', async () => {
    const other = await startTestGateway({ noon: gw.noon, noonKeyId: 'sandbox-key-2' });
    try {
      const asn = await createdAsn(other, 'AE', []);
      assertNoonError(await statusMutation(gw, 'sealInboundShipment', asn), 'FORBIDDEN', 403);
    } finally {
      await other.close();
    }
  });
});
