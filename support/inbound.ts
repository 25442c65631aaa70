import { randomUUID } from 'node:crypto';
import {
  CreateInboundShipmentDocument,
  InboundSlotAvailabilityDocument,
  ScheduleInboundShipmentDocument,
  SealInboundShipmentDocument,
  SetInboundShipmentItemsDocument,
} from '../clients/typescript/index.js';
import { dataOf, type TestGateway } from './gateway.js';

/** Steps of the ASN lifecycle, for tests that need an ASN in a given status. */
export async function createdAsn(
  gw: TestGateway,
  country = 'AE',
  skus = ['PSKU-000001', 'PSKU-000002'],
): Promise<string> {
  const asn = dataOf(
    await gw.graphql(CreateInboundShipmentDocument, { input: { externalReference: `PO-${randomUUID()}`, country } }),
  ).createInboundShipment.asnNumber;
  if (skus.length > 0) {
    dataOf(
      await gw.graphql(SetInboundShipmentItemsDocument, {
        asnNumber: asn,
        items: skus.map((partnerSku) => ({ partnerSku, quantity: 3 })),
      }),
    );
  }
  return asn;
}

export async function sealedAsn(gw: TestGateway, country = 'AE'): Promise<string> {
  const asn = await createdAsn(gw, country);
  dataOf(await gw.graphql(SealInboundShipmentDocument, { asnNumber: asn }));
  return asn;
}

export interface Slot {
  warehouseCode: string;
  date: string;
  slot: { start: string; end: string };
}

export async function firstFreeSlot(gw: TestGateway, asn: string): Promise<Slot> {
  const [availability] = dataOf(
    await gw.graphql(InboundSlotAvailabilityDocument, { asnNumber: asn }),
  ).inboundSlotAvailability;
  const day = availability!.days[0]!;
  const { start, end } = day.slots[0]!;
  return { warehouseCode: availability!.warehouse.code, date: day.date, slot: { start, end } };
}

export async function scheduledAsn(gw: TestGateway, country = 'AE'): Promise<{ asn: string; slot: Slot }> {
  const asn = await sealedAsn(gw, country);
  const slot = await firstFreeSlot(gw, asn);
  await schedule(gw, asn, slot);
  return { asn, slot };
}

export function schedule(gw: TestGateway, asn: string, slot: Slot) {
  return gw.graphql(ScheduleInboundShipmentDocument, { input: { asnNumber: asn, ...slot } });
}

/** Runs a status mutation (`sealInboundShipment`, ...) and returns the raw response. */
export function statusMutation(gw: TestGateway, mutation: string, asn: string) {
  return gw.graphql(`mutation ($asn: ID!) { ${mutation}(asnNumber: $asn) { status } }`, { asn });
}
