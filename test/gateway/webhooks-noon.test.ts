import 'reflect-metadata';
import { WEBHOOK_EVENT_ID } from '../../src/domain/stored-ids.js';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { CreateSandboxOrderResponse } from '../../datasources/noon/fbpi/wire.js';
import type { EventEnvelope, FbpiOrderEventPayload } from '../../datasources/noon/webhooks/wire.js';
import type { OrderEvent, WebhookEvent } from '../../src/store/callback-store.js';
import { eventually } from '../../support/eventually.js';
import { dataOf, NOON_WEBHOOK_HEADERS, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { FBPI, listAllOrders } from '../support/noon-fbpi.js';
import { assertOk, loginClient } from '../support/noon-login.js';
import { webhooksApplied } from '../support/webhooks-applied.js';

const CONFIRM = `mutation ($id: ID!) { confirmOrder(id: $id) { status } }`;

/** An envelope as noon sends it, with a fresh message_id unless the overrides say otherwise. */
function envelope(orderNr: string, overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    event_schema_version: 1,
    event_type: 'FBPI::ORDER_SYNC',
    metadata: { published_at: new Date().toISOString(), project_code: 'PRJ100001', message_id: randomUUID() },
    payload: { order_nr: orderNr },
    ...overrides,
  };
}

function post(gw: TestGateway, body: string | object, headers: Record<string, string> = NOON_WEBHOOK_HEADERS) {
  return fetch(`${gw.origin}/webhooks/noon`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The stored noon events whose body holds `marker` (a message_id, an order number). */
async function storedWith(gw: TestGateway, marker: string): Promise<WebhookEvent[]> {
  const events = await gw.gateway.store.listWebhookEvents({ source: 'noon' }, undefined, 1000);
  return events.filter((event) => event.body.includes(marker));
}

function orderEvents(gw: TestGateway, orderNr: string): Promise<OrderEvent[]> {
  return gw.gateway.store.orderEventsAfter(0, { orderId: `NOON:${orderNr}` }, 100);
}

/** The order events once `count` of them are stored. */
function eventuallyOrderEvents(gw: TestGateway, orderNr: string, count: number): Promise<OrderEvent[]> {
  return eventually(`${count} order event(s) of ${orderNr}`, async () => {
    const events = await orderEvents(gw, orderNr);
    return events.length >= count ? events : undefined;
  });
}

/** The stored event with this id once it is PROCESSED. */
function eventuallyProcessed(gw: TestGateway, id: string): Promise<WebhookEvent> {
  return eventually(`webhook event ${id} processed`, async () => {
    const event = await gw.gateway.store.findWebhookEvent(id);
    return event?.status === 'PROCESSED' ? event : undefined;
  });
}

describe('noon order events through POST /webhooks/noon', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway();
  });
  after(() => gw.close());

  test('a sandbox order created through noon’s API arrives as FBPI::ORDER_CREATED and is announced CREATED', async () => {
    const noon = await loginClient(gw.noon);
    const { fbpi_order_nr: nr } = assertOk(
      await noon.post<CreateSandboxOrderResponse>(`${FBPI}/sandbox-order/create`, {
        warehouse_code: gw.noon.fbpiWarehouseCode(),
        idempotency_key: randomUUID().slice(0, 10),
        items: [{ status: 'MP_ITEM_STATUS_CONFIRMED' }],
      }),
    );
    const [created] = await eventuallyOrderEvents(gw, nr, 1);
    assert.equal(created?.type, 'CREATED');
    assert.equal(created?.status, 'PENDING');
    assert.equal(created?.origin, 'WEBHOOK');
    assert.equal(created?.marketplace, 'NOON');
    assert.equal(created?.message, 'FBPI::ORDER_CREATED');

    const stored = await gw.gateway.store.findWebhookEvent(created!.webhookEventId!);
    assert.equal(stored?.type, 'FBPI::ORDER_CREATED');
    assert.equal(stored?.status, 'PROCESSED');
    const sent = gw.noon.control.notifications().find((notification) => notification.body === stored?.body);
    assert.ok(sent, 'the stored body is the one noon sent');
    assert.equal(stored?.dedupeKey, `message:${sent.envelope.metadata.message_id}`);
    assert.equal(
      (await gw.gateway.store.orderEventsAfter(0, {}, 1000)).filter((event) => event.orderId === `NOON:${nr}`).length,
      1,
    );
  });

  test('confirmOrder acknowledges on noon; its ORDER_SYNC then confirms it as UPDATED, not as a second status change', async () => {
    const nr = gw.noon.control.placeFbpiOrder();
    await eventuallyOrderEvents(gw, nr, 1);
    assert.equal(dataOf(await gw.graphql(CONFIRM, { id: `NOON:${nr}` })).confirmOrder.status, 'ACKNOWLEDGED');
    const events = await eventuallyOrderEvents(gw, nr, 3);
    assert.deepEqual(
      events.map((event) => [event.type, event.status, event.origin, event.message]),
      [
        ['CREATED', 'PENDING', 'WEBHOOK', 'FBPI::ORDER_CREATED'],
        ['STATUS_CHANGED', 'ACKNOWLEDGED', 'MUTATION', 'confirmOrder'],
        ['UPDATED', 'ACKNOWLEDGED', 'WEBHOOK', 'FBPI::ORDER_SYNC'],
      ],
    );
  });

  test('two events of one order arriving together announce it CREATED once', async () => {
    const noon = await loginClient(gw.noon);
    const { orders } = await listAllOrders(noon, { warehouse_code: gw.noon.fbpiWarehouseCode() });
    // Sample orders from before the destination was registered: the gateway has announced nothing about them.
    const nrs = orders.slice(-3).map((order) => order.fbpi_order_nr);
    // Slow reads, so both events of an order are being applied at the same time (KeyedTurns puts them in turn).
    gw.noon.control.setLatency(100);
    try {
      const answers = await Promise.all(
        nrs.flatMap((nr) => [post(gw, envelope(nr, { event_type: 'FBPI::ORDER_CREATED' })), post(gw, envelope(nr))]),
      );
      assert.deepEqual(
        answers.map((answer) => answer.status),
        nrs.flatMap(() => [200, 200]),
      );
      for (const nr of nrs) {
        const events = await eventuallyOrderEvents(gw, nr, 2);
        assert.deepEqual(events.map((event) => event.type).sort(), ['CREATED', 'UPDATED'], nr);
      }
    } finally {
      gw.noon.control.setLatency(0);
    }
  });

  test('an event that leaves the status as noon last reported it is announced UPDATED', async () => {
    const nr = gw.noon.control.placeFbpiOrder();
    await eventuallyOrderEvents(gw, nr, 1);
    const response = await post(gw, envelope(nr));
    assert.equal(response.status, 200);
    const events = await eventuallyOrderEvents(gw, nr, 2);
    assert.deepEqual(
      events.map((event) => [event.type, event.status]),
      [
        ['CREATED', 'PENDING'],
        ['UPDATED', 'PENDING'],
      ],
    );
  });

  test('a redelivery (same message_id) is stored and applied once', async () => {
    const nr = gw.noon.control.placeFbpiOrder();
    const [created] = await eventuallyOrderEvents(gw, nr, 1);
    const sent = gw.noon.control
      .notifications()
      .find((notification) => (notification.envelope.payload as FbpiOrderEventPayload).order_nr === nr);
    assert.ok(sent);
    const again = await post(gw, sent.body);
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), {
      received: true,
      id: WEBHOOK_EVENT_ID.show(created!.webhookEventId!),
      duplicate: true,
    });
    // Re-encoded with its keys in another order, it is still the same event.
    const { event_schema_version, event_type, metadata, payload } = sent.envelope;
    const reordered = await post(gw, { payload, metadata, event_type, event_schema_version });
    assert.equal(((await reordered.json()) as { duplicate: boolean }).duplicate, true);
    assert.equal((await storedWith(gw, sent.envelope.metadata.message_id!)).length, 1);
    await webhooksApplied(gw);
    assert.equal((await orderEvents(gw, nr)).length, 1, 'announced once');
  });

  test('without message_id, event type, publication time and payload recognise a redelivery', async () => {
    const nr = gw.noon.control.placeFbpiOrder();
    await eventuallyOrderEvents(gw, nr, 1);
    const event = envelope(nr, { metadata: { published_at: '2026-03-09T14:30:00.123Z', project_code: 'PRJ100001' } });
    const first = (await (await post(gw, event)).json()) as { id: string; duplicate: boolean };
    const second = (await (await post(gw, event)).json()) as { id: string; duplicate: boolean };
    assert.deepEqual([first.duplicate, second.duplicate, second.id], [false, true, first.id]);
    const later = (await (
      await post(gw, { ...event, metadata: { ...event.metadata, published_at: '2026-03-09T14:30:01Z' } })
    ).json()) as {
      duplicate: boolean;
    };
    assert.equal(later.duplicate, false, 'another publication is another event');
  });

  test('a wrong or missing credential header is refused 401 and nothing is stored', async () => {
    const event = envelope('NFBO999999999');
    const marker = event.metadata.message_id!;
    const wrong = await post(gw, event, { 'x-api-key': 'noon-test-webhook-key-0002' });
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as { error: string }).error, 'UNAUTHENTICATED');
    const missing = await post(gw, event, {});
    assert.equal(missing.status, 401);
    const elsewhere = await post(gw, event, { authorization: NOON_WEBHOOK_HEADERS['x-api-key']! });
    assert.equal(elsewhere.status, 401, 'the right value under another header name');
    assert.deepEqual(await storedWith(gw, marker), []);
  });

  test('an oversized body is refused 413 and nothing is stored', async () => {
    const event = { ...envelope('NFBO999999998'), padding: 'x'.repeat(70 * 1024) };
    const response = await post(gw, event);
    assert.equal(response.status, 413);
    assert.deepEqual(await storedWith(gw, event.metadata.message_id!), []);
  });

  test('bodies that are not noon events are refused 400 with what is wrong, and nothing is stored', async () => {
    const marker = randomUUID();
    const cases: Array<[string | object, RegExp]> = [
      [`{"event_type": "FBPI::ORDER_SYNC", ${marker}`, /not JSON/],
      [{ hello: marker }, /not a noon event envelope: event_schema_version: .*; event_type: .*; metadata: .*; payload/],
      [envelope(marker, { event_type: 'order created' }), /event_type: must be NAMESPACE::EVENT_TYPE/],
      [envelope(marker, { event_schema_version: 2 as 1 }), /event_schema_version: must be 1/],
      [
        envelope(marker, { metadata: { published_at: 'yesterday', project_code: 'PRJ100001', message_id: marker } }),
        /metadata\.published_at/,
      ],
      [envelope(marker, { payload: { order: marker } }), /FBPI::ORDER_SYNC without its order: payload\.order_nr/],
    ];
    for (const [body, message] of cases) {
      const response = await post(gw, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      const answer = (await response.json()) as { error: string; message: string };
      assert.equal(answer.error, 'MALFORMED_WEBHOOK');
      assert.match(answer.message, message);
    }
    assert.deepEqual(await storedWith(gw, marker), []);
  });

  test('an event of another namespace is stored and applied as nothing', async () => {
    const event = envelope('ignored', { event_type: 'FBPO::PO_SYNC', payload: { po_nr: 'PO-1' } });
    const response = await post(gw, event);
    assert.equal(response.status, 200);
    const id = WEBHOOK_EVENT_ID.stored(((await response.json()) as { id: string }).id);
    const stored = await eventuallyProcessed(gw, id);
    assert.equal(stored.type, 'FBPO::PO_SYNC');
    assert.equal(
      (await gw.gateway.store.orderEventsAfter(0, {}, 1000)).filter((e) => e.webhookEventId === id).length,
      0,
    );
  });

  test('an order noon cannot read leaves the event FAILED, and a later retry applies it', async () => {
    const nr = gw.noon.control.placeFbpiOrder();
    // Two whole reads fail (each the first attempt and its 4 retries): the first application and the first
    // periodic retry, so the FAILED state lasts a whole retry interval; the retry after that succeeds.
    gw.noon.control.injectFault({ method: 'GET', path: `${FBPI}/fbpi-order/${nr}/get`, status: 500, count: 10 });
    const failed = await eventually('the event FAILED', async () => {
      const [event] = await storedWith(gw, nr);
      return event?.status === 'FAILED' ? event : undefined;
    });
    assert.match(failed.lastError ?? '', /unexpected error/, "noon's own words for its 500");
    assert.deepEqual(await orderEvents(gw, nr), []);
    const applied = await eventuallyProcessed(gw, failed.id);
    assert.equal(applied.attempts, 3);
    const [created] = await orderEvents(gw, nr);
    assert.deepEqual([created?.type, created?.webhookEventId], ['CREATED', failed.id]);
  });
});

describe('noon webhooks without NOON_WEBHOOK_HEADERS', () => {
  test('there is no /webhooks/noon route at all', async () => {
    const gw = await startTestGateway({ env: { NOON_WEBHOOK_HEADERS: undefined } });
    try {
      const response = await post(gw, envelope('NFBO100000001'));
      assert.equal(response.status, 404);
      assert.deepEqual(await gw.gateway.store.listWebhookEvents({ source: 'noon' }, undefined, 10), []);
    } finally {
      await gw.close();
    }
  });
});
