import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  ListShipmentItemsResponse,
  ListShipmentsResponse,
  ScheduleSlot,
  ShipmentResponse,
  SlotAvailabilityResponse,
} from '../../datasources/noon/inbound/wire.js';
import { startNoonSandbox, type NoonSandbox } from '../../sandbox/noon/index.js';
import {
  addItems,
  assertNoonError,
  assertOk,
  createShipment,
  loginClient,
  sealedShipment,
  updateStatus,
  type NoonTestClient,
} from '../support/noon-login.js';

const DAY_SECONDS = 86_400;

function availability(client: NoonTestClient, asnNr: string) {
  return client.get<SlotAvailabilityResponse>(`/inbound/v1/shipment/${asnNr}/schedule/slot_availability`);
}

function schedule(client: NoonTestClient, asnNr: string, date: string, slot: ScheduleSlot, warehouse = 'FBN-DXB-01') {
  return client.post<ShipmentResponse>('/inbound/v1/shipment/schedule', {
    asn_nr: asnNr,
    dst_warehouse_code: warehouse,
    schedule_date: date,
    schedule_slot: slot,
  });
}

function getShipment(client: NoonTestClient, asnNr: string) {
  return client.get<ShipmentResponse>(`/inbound/v1/shipment/${asnNr}`);
}

/** The first slot GetSlotAvailability offers for a SEALED ASN. */
async function firstOffer(client: NoonTestClient, asnNr: string): Promise<{ date: string; slot: ScheduleSlot }> {
  const day = assertOk(await availability(client, asnNr)).warehouses[0]?.days[0];
  assert.ok(day?.slots[0], 'no slot offered');
  return { date: day.date, slot: day.slots[0] };
}

/** A SCHEDULED ASN in the first offered AE slot. */
async function scheduledShipment(client: NoonTestClient, exrefNr: string) {
  const { asn_nr } = await sealedShipment(client, exrefNr);
  const offer = await firstOffer(client, asn_nr);
  assertOk(await schedule(client, asn_nr, offer.date, offer.slot));
  return { asnNr: asn_nr, ...offer };
}

/** Seconds from the sandbox's now until a Dubai-local slot starts. */
function secondsUntilDubai(sandbox: NoonSandbox, date: string, time: string): number {
  return Math.ceil((Date.parse(`${date}T${time}:00+04:00`) - sandbox.control.now().getTime()) / 1000);
}

describe('noon sandbox: shipment lifecycle', () => {
  let sandbox: NoonSandbox;
  let client: NoonTestClient;

  before(async () => {
    sandbox = await startNoonSandbox({ catalogSize: 50 });
    client = await loginClient(sandbox);
  });

  after(async () => {
    await sandbox.close();
  });

  test('create → items → seal → availability → schedule → reschedule → schedule → cancel', async () => {
    const created = await createShipment(client, 'PO-LIFECYCLE');
    assert.match(created.asn_nr, /^ASN\d{10}$/);
    assert.equal(created.status, 'ASN_STATUS_CREATED');
    assert.equal(created.total_sku_count, 0);
    assert.equal(created.dst_warehouse_code, null);
    assert.match(created.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const withItems = await addItems(client, created.asn_nr, ['PSKU-000001', 'PSKU-000002']);
    assert.equal(withItems.total_sku_count, 2);
    assert.equal(withItems.expected_qty, 2);
    const itemsPath = `/inbound/v1/shipment/${created.asn_nr}/items`;
    const listed = assertOk(await client.get<ListShipmentItemsResponse>(itemsPath));
    assert.deepEqual(
      listed.items.map((item) => item.partner_sku),
      ['PSKU-000001', 'PSKU-000002'],
    );
    assert.match(listed.items[0]?.sku ?? '', /^N/);

    const sealed = assertOk(await updateStatus(client, created.asn_nr, 'STATUS_ACTION_SEAL')).shipment;
    assert.equal(sealed.status, 'ASN_STATUS_SEALED');

    const offered = assertOk(await availability(client, created.asn_nr));
    assert.equal(offered.warehouses.length, 1);
    const [dubai] = offered.warehouses;
    assert.equal(dubai?.warehouse.warehouse_code, 'FBN-DXB-01');
    assert.equal(dubai?.warehouse.city, 'Dubai');
    assert.equal(dubai?.days.length, 14);
    assert.deepEqual(dubai?.days[0]?.slots, [
      { start: '08:00', end: '10:00' },
      { start: '10:00', end: '12:00' },
      { start: '13:00', end: '15:00' },
      { start: '15:00', end: '17:00' },
    ]);
    const today = new Date(sandbox.control.now().getTime() + 4 * 3_600_000).toISOString().slice(0, 10);
    assert.ok((dubai?.days[0]?.date ?? '') > today, 'availability starts tomorrow, Dubai time');

    const date = dubai?.days[1]?.date ?? '';
    const slot = { start: '10:00', end: '12:00' };
    const scheduled = assertOk(await schedule(client, created.asn_nr, date, slot)).shipment;
    assert.equal(scheduled.status, 'ASN_STATUS_SCHEDULED');
    assert.equal(scheduled.dst_warehouse_code, 'FBN-DXB-01');
    assert.equal(scheduled.schedule_date, date);
    assert.deepEqual(scheduled.schedule_slot, slot);
    assert.equal(scheduled.delivery_type, 'DELIVERY_TYPE_DROP_OFF');

    const rescheduled = assertOk(await updateStatus(client, created.asn_nr, 'STATUS_ACTION_RESCHEDULE')).shipment;
    assert.equal(rescheduled.status, 'ASN_STATUS_SEALED');
    assert.equal(rescheduled.schedule_date, null);
    assert.equal(rescheduled.schedule_slot, null);
    assert.equal(rescheduled.dst_warehouse_code, null);

    assertOk(await schedule(client, created.asn_nr, date, { start: '15:00', end: '17:00' }));
    const canceled = assertOk(await updateStatus(client, created.asn_nr, 'STATUS_ACTION_CANCEL')).shipment;
    assert.equal(canceled.status, 'ASN_STATUS_CANCELED');
    assert.equal(assertOk(await getShipment(client, created.asn_nr)).shipment.status, 'ASN_STATUS_CANCELED');
  });

  test('the warehouse receives and inbounds a scheduled ASN; neither can then be canceled', async () => {
    const { asnNr } = await scheduledShipment(client, 'PO-RECEIVE');
    sandbox.control.receiveShipment(asnNr, 'RECEIVING', 1);
    const receiving = assertOk(await getShipment(client, asnNr)).shipment;
    assert.equal(receiving.status, 'ASN_STATUS_RECEIVING');
    assert.equal(receiving.qty_received, 1);
    assertNoonError(await updateStatus(client, asnNr, 'STATUS_ACTION_CANCEL'), 409, 'CANNOT_CANCEL');
    assertNoonError(await updateStatus(client, asnNr, 'STATUS_ACTION_RESCHEDULE'), 409, 'INVALID_ASN_STATUS');

    // The same control over HTTP, for humans: no session, no User-Agent needed.
    const response = await fetch(`${sandbox.url}/_sandbox/shipments/${asnNr}/receive`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'INBOUNDED' }),
    });
    assert.equal(response.status, 204);
    const inbounded = assertOk(await getShipment(client, asnNr)).shipment;
    assert.equal(inbounded.status, 'ASN_STATUS_INBOUNDED');
    assert.equal(inbounded.qty_putaway, 1);
    assertNoonError(await updateStatus(client, asnNr, 'STATUS_ACTION_CANCEL'), 409, 'CANNOT_CANCEL');
    assert.throws(() => sandbox.control.receiveShipment(asnNr, 'RECEIVING'), { code: 'INVALID_ASN_STATUS' });
  });

  test('illegal transitions answer their code and status', async () => {
    const { asn_nr: empty } = await createShipment(client, 'PO-ILLEGAL-EMPTY');
    const emptySeal = assertNoonError(await updateStatus(client, empty, 'STATUS_ACTION_SEAL'), 422, 'VALIDATION_ERROR');
    assert.equal(emptySeal.details?.[0]?.field, 'items');
    assertNoonError(await availability(client, empty), 409, 'INVALID_ASN_STATUS');
    const early = await schedule(client, empty, '2030-01-01', { start: '08:00', end: '10:00' });
    assertNoonError(early, 409, 'INVALID_ASN_STATUS');
    assertNoonError(await updateStatus(client, empty, 'STATUS_ACTION_RESCHEDULE'), 409, 'INVALID_ASN_STATUS');

    const { asn_nr: sealed } = await sealedShipment(client, 'PO-ILLEGAL-SEALED');
    assertNoonError(await updateStatus(client, sealed, 'STATUS_ACTION_SEAL'), 409, 'INVALID_ASN_STATUS');
    assertNoonError(await updateStatus(client, sealed, 'STATUS_ACTION_RESCHEDULE'), 409, 'INVALID_ASN_STATUS');
    const lockedItems = await client.post('/inbound/v1/shipment/items/update', {
      asn_nr: sealed,
      items: [{ partner_sku: 'PSKU-000002', qty: 1, storage_type: 'STORAGE_TYPE_NON_BULKY' }],
    });
    assertNoonError(lockedItems, 409, 'INVALID_ASN_STATUS');
    const lockedDelete = await client.post('/inbound/v1/shipment/items/delete', {
      asn_nr: sealed,
      partner_skus: ['PSKU-000001'],
    });
    assertNoonError(lockedDelete, 409, 'INVALID_ASN_STATUS');

    assertOk(await updateStatus(client, sealed, 'STATUS_ACTION_CANCEL'));
    assertNoonError(await updateStatus(client, sealed, 'STATUS_ACTION_CANCEL'), 409, 'INVALID_ASN_STATUS');
    assertNoonError(await updateStatus(client, sealed, 'STATUS_ACTION_SEAL'), 409, 'INVALID_ASN_STATUS');

    const scheduled = await scheduledShipment(client, 'PO-ILLEGAL-SCHEDULED');
    const twice = await schedule(client, scheduled.asnNr, scheduled.date, scheduled.slot);
    assertNoonError(twice, 409, 'INVALID_ASN_STATUS');

    const unknownAction = await updateStatus(client, empty, 'STATUS_ACTION_SHIP');
    assert.equal(assertNoonError(unknownAction, 422, 'VALIDATION_ERROR').details?.[0]?.field, 'action');
    assertNoonError(await getShipment(client, 'ASN9999999999'), 404, 'ASN_NOT_FOUND');
    assertNoonError(await updateStatus(client, 'ASN9999999999', 'STATUS_ACTION_SEAL'), 404, 'ASN_NOT_FOUND');
  });

  test('create is idempotent on exref_nr + shipment_type', async () => {
    const first = await createShipment(client, 'PO-IDEMPOTENT');
    const again = await createShipment(client, 'PO-IDEMPOTENT');
    assert.equal(again.asn_nr, first.asn_nr);
    const other = await createShipment(client, 'PO-IDEMPOTENT-2');
    assert.notEqual(other.asn_nr, first.asn_nr);
    const all = assertOk(await client.get<ListShipmentsResponse>('/inbound/v1/shipment/list?page_size=200'));
    assert.equal(all.shipments.filter((shipment) => shipment.exref_nr === 'PO-IDEMPOTENT').length, 1);
  });

  test('WRONG_COUNTRY: creating outside the partner countries, sealing an item not sold there', async () => {
    const create = (countryCode: string) =>
      client.post('/inbound/v1/shipment/create', {
        shipment_type: 'SHIPMENT_TYPE_FBN_GLOBAL',
        exref_nr: `PO-COUNTRY-${countryCode}`,
        country_code: countryCode,
      });
    assertNoonError(await create('KW'), 403, 'WRONG_COUNTRY');
    assert.equal(assertNoonError(await create('ae'), 422, 'VALIDATION_ERROR').details?.[0]?.field, 'country_code');

    const { asn_nr } = await createShipment(client, 'PO-SA-AE-ONLY', 'SA');
    await addItems(client, asn_nr, ['PSKU-000001', 'PSKU-AE-ONLY-1']);
    const detail = assertNoonError(await updateStatus(client, asn_nr, 'STATUS_ACTION_SEAL'), 403, 'WRONG_COUNTRY');
    assert.deepEqual(
      detail.details?.map((entry) => entry.partner_sku),
      ['PSKU-AE-ONLY-1'],
    );

    const partner2 = await loginClient(sandbox, 'sandbox-key-2');
    const saForPartner2 = await partner2.post('/inbound/v1/shipment/create', {
      shipment_type: 'SHIPMENT_TYPE_FBN_GLOBAL',
      exref_nr: 'PO-P2-SA',
      country_code: 'SA',
    });
    assertNoonError(saForPartner2, 403, 'WRONG_COUNTRY');
  });

  test("FORBIDDEN: a partner cannot see or touch another partner's ASN", async () => {
    const { asn_nr } = await sealedShipment(client, 'PO-OWNED-BY-1');
    const partner2 = await loginClient(sandbox, 'sandbox-key-2');
    assertNoonError(await getShipment(partner2, asn_nr), 403, 'FORBIDDEN');
    assertNoonError(await partner2.get(`/inbound/v1/shipment/${asn_nr}/items`), 403, 'FORBIDDEN');
    assertNoonError(await availability(partner2, asn_nr), 403, 'FORBIDDEN');
    assertNoonError(await updateStatus(partner2, asn_nr, 'STATUS_ACTION_CANCEL'), 403, 'FORBIDDEN');
    const items = await partner2.post('/inbound/v1/shipment/items/delete', { asn_nr, partner_skus: ['PSKU-000001'] });
    assertNoonError(items, 403, 'FORBIDDEN');
    const list = assertOk(await partner2.get<ListShipmentsResponse>('/inbound/v1/shipment/list'));
    assert.ok(list.shipments.every((shipment) => shipment.asn_nr !== asn_nr));
    assert.equal(assertOk(await getShipment(client, asn_nr)).shipment.status, 'ASN_STATUS_SEALED');
  });

  test('schedule refuses a slot noon never offered with 422, naming the field', async () => {
    const { asn_nr } = await sealedShipment(client, 'PO-BAD-SLOT');
    const offer = await firstOffer(client, asn_nr);
    const today = new Date(sandbox.control.now().getTime() + 4 * 3_600_000).toISOString().slice(0, 10);
    const farAwayMs = Date.parse(`${offer.date}T00:00:00Z`) + 14 * DAY_SECONDS * 1000;
    const farAway = new Date(farAwayMs).toISOString().slice(0, 10);
    const cases: Array<[string, string, ScheduleSlot, string]> = [
      ['FBN-RUH-01', offer.date, offer.slot, 'dst_warehouse_code'],
      ['FBN-DXB-01', today, offer.slot, 'schedule_date'],
      ['FBN-DXB-01', farAway, offer.slot, 'schedule_date'],
      ['FBN-DXB-01', '2030-02-30', offer.slot, 'schedule_date'],
      ['FBN-DXB-01', offer.date, { start: '09:00', end: '11:00' }, 'schedule_slot'],
      ['FBN-DXB-01', offer.date, { start: '8am', end: '10:00' }, 'schedule_slot.start'],
    ];
    for (const [warehouse, date, slot, field] of cases) {
      const detail = assertNoonError(await schedule(client, asn_nr, date, slot, warehouse), 422, 'VALIDATION_ERROR');
      assert.equal(detail.details?.[0]?.field, field, `${warehouse} ${date} ${slot.start}`);
    }
    assert.equal(assertOk(await getShipment(client, asn_nr)).shipment.status, 'ASN_STATUS_SEALED');
  });

  test('CAPACITY_EXCEEDED once a slot holds slotCapacity ASNs; availability stops offering it', async () => {
    const sealed = await Promise.all(
      ['A', 'B', 'C', 'D'].map((suffix) => sealedShipment(client, `PO-CAPACITY-${suffix}`)),
    );
    const first = sealed[0]?.asn_nr ?? '';
    const days = assertOk(await availability(client, first)).warehouses[0]?.days ?? [];
    const date = days.at(-1)?.date ?? '';
    const slot = { start: '13:00', end: '15:00' };
    for (const shipment of sealed.slice(0, 3)) assertOk(await schedule(client, shipment.asn_nr, date, slot));
    const full = await schedule(client, sealed[3]?.asn_nr ?? '', date, slot);
    assertNoonError(full, 400, 'CAPACITY_EXCEEDED');

    const lastDay = assertOk(await availability(client, sealed[3]?.asn_nr ?? '')).warehouses[0]?.days.at(-1);
    assert.equal(lastDay?.date, date);
    assert.ok(!lastDay?.slots.some((offered) => offered.start === '13:00'));

    assertOk(await updateStatus(client, first, 'STATUS_ACTION_RESCHEDULE'));
    assertOk(await schedule(client, sealed[3]?.asn_nr ?? '', date, slot));
  });

  test('CANNOT_RESCHEDULE and CANNOT_CANCEL once the scheduled slot has started (sandbox clock)', async () => {
    const early = await scheduledShipment(client, 'PO-SLOT-STARTED-1');
    const late = await scheduledShipment(client, 'PO-SLOT-STARTED-2');
    assert.ok(`${late.date} ${late.slot.start}` >= `${early.date} ${early.slot.start}`);

    sandbox.control.advanceClock(secondsUntilDubai(sandbox, early.date, early.slot.start) - 60);
    assertOk(await updateStatus(client, early.asnNr, 'STATUS_ACTION_RESCHEDULE'));

    sandbox.control.advanceClock(secondsUntilDubai(sandbox, late.date, late.slot.start) + 1);
    assertNoonError(await updateStatus(client, late.asnNr, 'STATUS_ACTION_RESCHEDULE'), 409, 'CANNOT_RESCHEDULE');
    assertNoonError(await updateStatus(client, late.asnNr, 'STATUS_ACTION_CANCEL'), 409, 'CANNOT_CANCEL');
    assert.equal(assertOk(await getShipment(client, late.asnNr)).shipment.status, 'ASN_STATUS_SCHEDULED');
  });

  test('ASNs untouched for 14 days in CREATED or SEALED expire; SCHEDULED ones do not', async () => {
    const created = await createShipment(client, 'PO-EXPIRE-CREATED');
    const sealed = await sealedShipment(client, 'PO-EXPIRE-SEALED');
    const kept = await createShipment(client, 'PO-EXPIRE-TOUCHED');
    const scheduled = await scheduledShipment(client, 'PO-EXPIRE-SCHEDULED');

    sandbox.control.advanceClock(10 * DAY_SECONDS);
    await addItems(client, kept.asn_nr, ['PSKU-000003']);
    sandbox.control.advanceClock(4 * DAY_SECONDS);

    const expired = assertOk(await getShipment(client, created.asn_nr)).shipment;
    assert.equal(expired.status, 'ASN_STATUS_EXPIRED');
    const expiredPath = '/inbound/v1/shipment/list?filter.status=ASN_STATUS_EXPIRED&page_size=200';
    const filtered = assertOk(await client.get<ListShipmentsResponse>(expiredPath));
    assert.ok(filtered.shipments.some((shipment) => shipment.asn_nr === sealed.asn_nr));
    assert.equal(assertOk(await getShipment(client, kept.asn_nr)).shipment.status, 'ASN_STATUS_CREATED');
    assert.equal(assertOk(await getShipment(client, scheduled.asnNr)).shipment.status, 'ASN_STATUS_SCHEDULED');

    assertNoonError(await updateStatus(client, sealed.asn_nr, 'STATUS_ACTION_CANCEL'), 409, 'INVALID_ASN_STATUS');
    const itemsOnExpired = await client.post('/inbound/v1/shipment/items/update', {
      asn_nr: created.asn_nr,
      items: [{ partner_sku: 'PSKU-000001', qty: 1, storage_type: 'STORAGE_TYPE_NON_BULKY' }],
    });
    assertNoonError(itemsOnExpired, 409, 'INVALID_ASN_STATUS');
  });

  test('ListShipments pages newest first with next_token, "" on the last page, and filters', async () => {
    const partner2 = await loginClient(sandbox, 'sandbox-key-2');
    const mine = [];
    for (const n of [1, 2, 3, 4, 5]) mine.push((await createShipment(partner2, `PO-PAGE-${n}`)).asn_nr);

    const pages: string[][] = [];
    let token: string | null = null;
    do {
      const query: string = token ? `&next_token=${encodeURIComponent(token)}` : '';
      const page: ListShipmentsResponse = assertOk(
        await partner2.get<ListShipmentsResponse>(`/inbound/v1/shipment/list?page_size=2${query}`),
      );
      assert.equal(page.total_count, 5);
      pages.push(page.shipments.map((shipment) => shipment.asn_nr));
      token = page.next_token;
    } while (token);
    assert.equal(token, '');
    assert.deepEqual(pages, [mine.slice(3).reverse(), mine.slice(1, 3).reverse(), mine.slice(0, 1)]);

    const byCountry = assertOk(await partner2.get<ListShipmentsResponse>('/inbound/v1/shipment/list?country_code=SA'));
    assert.deepEqual(byCountry, { shipments: [], next_token: '', total_count: 0 });

    const tooBig = await partner2.get('/inbound/v1/shipment/list?page_size=201');
    assert.equal(assertNoonError(tooBig, 422, 'VALIDATION_ERROR').details?.[0]?.field, 'page_size');
    const badToken = await partner2.get('/inbound/v1/shipment/list?next_token=garbage');
    assert.equal(assertNoonError(badToken, 422, 'VALIDATION_ERROR').details?.[0]?.field, 'next_token');
    const badStatus = await partner2.get('/inbound/v1/shipment/list?filter.status=SHIPPED');
    assert.equal(assertNoonError(badStatus, 422, 'VALIDATION_ERROR').details?.[0]?.field, 'filter.status');
  });
});
