import { randomUUID } from 'node:crypto';
import { dataOf, type TestGateway } from './gateway.js';

/** Steps of the ASN lifecycle, for tests that need an ASN in a given status. */
export async function createdAsn(
  gw: TestGateway,
  country = 'AE',
  skus = ['PSKU-000001', 'PSKU-000002'],
): Promise<string> {
  const asn: string = dataOf(
    await gw.graphql(
      `mutation ($input: CreateInboundShipmentInput!) { createInboundShipment(input: $input) { asnNumber } }`,
      {
        input: { externalReference: `PO-${randomUUID()}`, country },
      },
    ),
  ).createInboundShipment.asnNumber;
  if (skus.length > 0) {
    dataOf(
      await gw.graphql(
        `mutation ($asn: ID!, $items: [InboundShipmentItemInput!]!) { setInboundShipmentItems(asnNumber: $asn, items: $items) { appliedCount } }`,
        { asn, items: skus.map((partnerSku) => ({ partnerSku, quantity: 3 })) },
      ),
    );
  }
  return asn;
}

export async function sealedAsn(gw: TestGateway, country = 'AE'): Promise<string> {
  const asn = await createdAsn(gw, country);
  dataOf(await gw.graphql(`mutation ($asn: ID!) { sealInboundShipment(asnNumber: $asn) { status } }`, { asn }));
  return asn;
}

export interface Slot {
  warehouseCode: string;
  date: string;
  slot: { start: string; end: string };
}

export async function firstFreeSlot(gw: TestGateway, asn: string): Promise<Slot> {
  const [availability] = dataOf(
    await gw.graphql(
      `query ($asn: ID!) { inboundSlotAvailability(asnNumber: $asn) { warehouse { code } days { date slots { start end } } } }`,
      { asn },
    ),
  ).inboundSlotAvailability;
  const day = availability.days[0];
  return { warehouseCode: availability.warehouse.code, date: day.date, slot: day.slots[0] };
}

export async function scheduledAsn(gw: TestGateway, country = 'AE'): Promise<{ asn: string; slot: Slot }> {
  const asn = await sealedAsn(gw, country);
  const slot = await firstFreeSlot(gw, asn);
  await schedule(gw, asn, slot);
  return { asn, slot };
}

export function schedule(gw: TestGateway, asn: string, slot: Slot) {
  return gw.graphql(
    `mutation ($input: ScheduleInboundShipmentInput!) { scheduleInboundShipment(input: $input) { status } }`,
    { input: { asnNumber: asn, ...slot } },
  );
}

/** Runs a status mutation (`sealInboundShipment`, ...) and returns the raw response. */
export function statusMutation(gw: TestGateway, mutation: string, asn: string) {
  return gw.graphql(`mutation ($asn: ID!) { ${mutation}(asnNumber: $asn) { status } }`, { asn });
}
