import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { CreateSandboxOrderResponse } from '../../datasources/noon/fbpi/wire.js';
import type {
  CreateHttpsDestinationResponse,
  Destination,
  DestinationCredentials,
  EventEnvelope,
  FbpiOrderEventPayload,
  ListDestinationsResponse,
  ListEventTypesResponse,
} from '../../datasources/noon/webhooks/wire.js';
import { startNoonSandbox, type NoonSandbox } from '../../sandbox/noon/index.js';
import { eventually } from '../../support/eventually.js';
import { FBPI, itemNrs, sandboxOrder, updateOrder } from '../support/noon-fbpi.js';
import { assertNoonError, assertOk, loginClient, type NoonTestClient } from '../support/noon-login.js';
import { startWebhookReceiver, type Received, type WebhookReceiver } from '../support/webhook-receiver.js';

const FAST = {
  notificationDelayMs: 1,
  notificationRetryBaseMs: 10,
  notificationRetryMaxMs: 50,
  notificationMaxAttempts: 4,
};
const CREDENTIALS = { values: { 'x-api-key': 'partner-chosen-secret-1', 'X-Partner': 'gateway' } };

interface ReadEvent {
  envelope: EventEnvelope<FbpiOrderEventPayload>;
}

function startReceiver(): Promise<WebhookReceiver<ReadEvent>> {
  return startWebhookReceiver('/webhooks/noon', (body) => ({
    envelope: JSON.parse(body) as EventEnvelope<FbpiOrderEventPayload>,
  }));
}

function createDestination(client: NoonTestClient, url: string, credentials: DestinationCredentials = CREDENTIALS) {
  return client.post<CreateHttpsDestinationResponse>('/v1/destination/https-destination/create', {
    destination_name: 'gateway',
    url,
    credentials,
  });
}

function updateDestination(client: NoonTestClient, code: string, body: unknown) {
  return client.post(`/v1/destination/https-destination/${code}/update`, body);
}

/** The events of this order the receiver took, in the order they came. */
function eventsOf(receiver: WebhookReceiver<ReadEvent>, orderNr: string): Array<Received<ReadEvent>> {
  return receiver.received.filter((entry) => entry.envelope.payload.order_nr === orderNr);
}

function deliveredOf(
  receiver: WebhookReceiver<ReadEvent>,
  orderNr: string,
  eventType: string,
): Promise<Received<ReadEvent>> {
  return receiver.delivered(
    (entry) => entry.envelope.payload.order_nr === orderNr && entry.envelope.event_type === eventType,
    `${eventType} of ${orderNr}`,
  );
}

/**
 * Waits until every event the sandbox has made for the destination so far is delivered or given up. noon's sandbox
 * makes an order's events in the call that changes the order, so once these settle the receiver holds every event
 * of the calls made before, and one it does not hold was never sent.
 */
async function everyEventSettled(sandbox: NoonSandbox, destinationCode: string): Promise<void> {
  await eventually(`every event for ${destinationCode} delivered or given up`, async () =>
    sandbox.control
      .notifications()
      .every(
        (notification) =>
          notification.destinationCode !== destinationCode ||
          notification.state === 'delivered' ||
          notification.state === 'failed',
      )
      ? true
      : undefined,
  );
}

describe('noon sandbox destination API', () => {
  let sandbox: NoonSandbox;
  let client: NoonTestClient;
  before(async () => {
    sandbox = await startNoonSandbox({ catalogSize: 50, fbpiOrderCount: 6 });
    client = await loginClient(sandbox);
  });
  after(() => sandbox.close());

  test('event types are listed', async () => {
    const { event_types } = assertOk(await client.get<ListEventTypesResponse>('/v1/event-type/list'));
    assert.deepEqual(event_types, ['FBPI::ORDER_CREATED', 'FBPI::ORDER_SYNC', 'FBPO::PO_SYNC']);
  });

  test('a destination reads back with its credential values redacted, receiving every event type', async () => {
    const { destination_code } = assertOk(await createDestination(client, 'https://gateway.example/webhooks/noon'));
    assert.match(destination_code, /^DST\d+$/);
    const destination = assertOk(await client.get<Destination>(`/v1/destination/${destination_code}/get`));
    assert.deepEqual(destination, {
      destination_code,
      destination_name: 'gateway',
      url: 'https://gateway.example/webhooks/noon',
      is_active: true,
      credentials: { values: { 'x-api-key': '******', 'X-Partner': '******' } },
      event_types: [
        { event_type: 'FBPI::ORDER_CREATED', is_active: true },
        { event_type: 'FBPI::ORDER_SYNC', is_active: true },
        { event_type: 'FBPO::PO_SYNC', is_active: true },
      ],
    });
    const listed = assertOk(await client.get<ListDestinationsResponse>('/v1/destination/list')).destinations;
    assert.ok(listed.some((entry) => entry.destination_code === destination_code));
  });

  test('an update changes only what it names', async () => {
    const { destination_code: code } = assertOk(await createDestination(client, 'https://a.example/hook'));
    assert.deepEqual(
      assertOk(
        await updateDestination(client, code, {
          is_active: false,
          event_types: [{ event_type: 'FBPO::PO_SYNC', is_active: false }],
        }),
      ),
      {},
    );
    const destination = assertOk(await client.get<Destination>(`/v1/destination/${code}/get`));
    assert.equal(destination.is_active, false);
    assert.equal(destination.url, 'https://a.example/hook');
    assert.deepEqual(
      destination.event_types.map((type) => type.is_active),
      [true, true, false],
    );
  });

  test('only HTTPS destinations (and http on loopback, for a local gateway); credentials are header names', async () => {
    const plain = assertNoonError(
      await createDestination(client, 'http://gateway.example/hook'),
      422,
      'VALIDATION_ERROR',
    );
    assert.match(plain.message, /only HTTPS destinations/);
    assertOk(await createDestination(client, 'http://127.0.0.1:4000/webhooks/noon'));
    const badHeader = await createDestination(client, 'https://gateway.example/hook', {
      values: { 'bad header': 'x' },
    });
    assert.equal(
      assertNoonError(badHeader, 422, 'VALIDATION_ERROR').details?.[0]?.field,
      'credentials.values.bad header',
    );
    const twice = await createDestination(client, 'https://gateway.example/hook', {
      values: { 'X-Key': 'a', 'x-key': 'b' },
    });
    assert.match(assertNoonError(twice, 422, 'VALIDATION_ERROR').message, /twice/);
    const unknownType = await updateDestination(client, 'DST100001', {
      event_types: [{ event_type: 'FBPI::NOPE', is_active: true }],
    });
    assertNoonError(unknownType, 422, 'VALIDATION_ERROR');
  });

  test('another project’s destination is 403, an unknown one 404, a sixth one 409', async () => {
    const other = await loginClient(sandbox, 'sandbox-key-2');
    const { destination_code: theirs } = assertOk(await createDestination(other, 'https://other.example/hook'));
    assertNoonError(await client.get(`/v1/destination/${theirs}/get`), 403, 'FORBIDDEN');
    assertNoonError(await updateDestination(client, theirs, { is_active: false }), 403, 'FORBIDDEN');
    assertNoonError(await client.get('/v1/destination/DST999999/get'), 404, 'DESTINATION_NOT_FOUND');
    for (let count = 1; count < 5; count += 1)
      assertOk(await createDestination(other, `https://other.example/hook/${count}`));
    assertNoonError(await createDestination(other, 'https://other.example/hook/6'), 409, 'DESTINATION_LIMIT_EXCEEDED');
  });
});

describe('noon sandbox order events', () => {
  let sandbox: NoonSandbox;
  let client: NoonTestClient;
  let receiver: WebhookReceiver<ReadEvent>;
  let destinationCode: string;
  before(async () => {
    receiver = await startReceiver();
    sandbox = await startNoonSandbox({ catalogSize: 50, fbpiOrderCount: 6, ...FAST });
    client = await loginClient(sandbox);
    destinationCode = assertOk(await createDestination(client, receiver.url)).destination_code;
  });
  beforeEach(() => {
    receiver.received.length = 0;
  });
  after(async () => {
    await sandbox.close();
    await receiver.close();
  });

  test('a sandbox order fires FBPI::ORDER_CREATED with the destination’s credential headers', async () => {
    const order = await sandboxOrder(client, sandbox.fbpiWarehouseCode(), ['PSKU-000001']);
    const { envelope, headers } = await deliveredOf(receiver, order.fbpi_order_nr, 'FBPI::ORDER_CREATED');
    assert.equal(headers['x-api-key'], 'partner-chosen-secret-1');
    assert.equal(headers['x-partner'], 'gateway');
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(envelope.event_schema_version, 1);
    assert.equal(envelope.metadata.project_code, 'PRJ100001');
    assert.match(envelope.metadata.message_id ?? '', /^[0-9a-f-]{36}$/);
    assert.match(envelope.metadata.published_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.deepEqual(envelope.payload, { order_nr: order.fbpi_order_nr });
  });

  test('every change of the order fires FBPI::ORDER_SYNC with a new message_id; a repeat that changes nothing fires none', async () => {
    const warehouse = sandbox.fbpiWarehouseCode();
    const order = await sandboxOrder(client, warehouse, ['PSKU-000001', 'PSKU-000002']);
    const nr = order.fbpi_order_nr;
    const [first, second] = itemNrs(order);
    await deliveredOf(receiver, nr, 'FBPI::ORDER_CREATED');
    assertOk(await updateOrder(client, nr, [first!]));
    assertOk(await updateOrder(client, nr, [first!]));
    const shipment = {
      warehouse_code: warehouse,
      integration_shipment_nr: `SHP-${nr}`,
      fbpi_order_nr: nr,
      awbs: [{ courier: 'aramex', awb_nr: `ARX-${nr}` }],
      items: [{ mp_item_nr: second! }],
    };
    assertOk(await client.post(`${FBPI}/shipment/create`, shipment));
    assertOk(await client.post(`${FBPI}/shipment/create`, shipment));
    await everyEventSettled(sandbox, destinationCode);
    const events = eventsOf(receiver, nr);
    assert.deepEqual(
      events.map((entry) => entry.envelope.event_type),
      ['FBPI::ORDER_CREATED', 'FBPI::ORDER_SYNC', 'FBPI::ORDER_SYNC'],
      'created, acknowledged with one line out of stock, shipped; the repeats changed nothing',
    );
    assert.equal(new Set(events.map((entry) => entry.envelope.metadata.message_id)).size, 3);
  });

  test('a receiver that does not answer 2xx gets the same event again, with backoff, until it does', async () => {
    receiver.answerNext(500, 503, 'drop');
    const nr = sandbox.control.placeFbpiOrder();
    const delivered = await deliveredOf(receiver, nr, 'FBPI::ORDER_CREATED');
    const attempts = eventsOf(receiver, nr);
    assert.deepEqual(
      attempts.map((entry) => entry.answer),
      [500, 503, 'drop', 200],
    );
    assert.equal(new Set(attempts.map((entry) => entry.body)).size, 1, 'the same bytes every time');
    const sent = await sandbox.control.settledNotification(delivered.envelope.metadata.message_id!);
    assert.equal(sent.state, 'delivered');
    assert.deepEqual(
      sent.attempts.map((attempt) => attempt.status),
      [500, 503, null, 200],
    );
    const gaps = sent.attempts
      .slice(1)
      .map((attempt, index) => attempt.at.getTime() - sent.attempts[index]!.at.getTime());
    assert.ok(
      gaps.every((gap) => gap >= 10),
      `waits between attempts: ${gaps}`,
    );
  });

  test('a receiver that never answers 2xx is given up after the last attempt', async () => {
    receiver.answerNext(500, 500, 500, 500);
    const nr = sandbox.control.placeFbpiOrder();
    const [queued] = sandbox.control
      .notifications()
      .filter((entry) => (entry.envelope.payload as FbpiOrderEventPayload).order_nr === nr);
    assert.equal(queued?.state, 'scheduled', 'recorded as soon as the order is placed');
    const sent = await sandbox.control.settledNotification(queued.envelope.metadata.message_id!);
    assert.equal(sent.state, 'failed');
    assert.equal(sent.attempts.length, 4);
  });

  test('a destination deactivated before an attempt holds it until it is active again', async () => {
    const held = sandbox.control.placeFbpiOrder();
    // Synchronously, so before the first attempt is due.
    sandbox.control.updateDestination(destinationCode, { is_active: false });
    // Its first attempt came due and found the destination inactive: the event waits, not sent.
    const waiting = await eventually('the first attempt due, held', async () =>
      sandbox.control
        .notifications()
        .find(
          (entry) => (entry.envelope.payload as FbpiOrderEventPayload).order_nr === held && entry.state === 'waiting',
        ),
    );
    assert.deepEqual(waiting.attempts, []);
    assert.deepEqual(eventsOf(receiver, held), []);
    assertOk(await updateDestination(client, destinationCode, { is_active: true }));
    await deliveredOf(receiver, held, 'FBPI::ORDER_CREATED');
  });

  test('an inactive destination, or one not receiving the event type, is sent nothing of what happens meanwhile', async () => {
    assertOk(await updateDestination(client, destinationCode, { is_active: false }));
    const missed = sandbox.control.placeFbpiOrder();
    assertOk(
      await updateDestination(client, destinationCode, {
        is_active: true,
        event_types: [{ event_type: 'FBPI::ORDER_SYNC', is_active: false }],
      }),
    );
    assertOk(await updateOrder(client, missed));
    const other = sandbox.control.placeFbpiOrder();
    await deliveredOf(receiver, other, 'FBPI::ORDER_CREATED');
    assertOk(await updateOrder(client, other));
    await everyEventSettled(sandbox, destinationCode);
    assert.deepEqual(eventsOf(receiver, missed), []);
    assert.deepEqual(
      eventsOf(receiver, other).map((entry) => entry.envelope.event_type),
      ['FBPI::ORDER_CREATED'],
    );
    assertOk(
      await updateDestination(client, destinationCode, {
        event_types: [{ event_type: 'FBPI::ORDER_SYNC', is_active: true }],
      }),
    );
  });

  test('orders of another project go to that project’s destinations only', async () => {
    const other = await loginClient(sandbox, 'sandbox-key-2');
    const response = await other.post<CreateSandboxOrderResponse>(`${FBPI}/sandbox-order/create`, {
      warehouse_code: sandbox.fbpiWarehouseCode('sandbox-key-2'),
      idempotency_key: 'other-1',
      items: [{ status: 'MP_ITEM_STATUS_CONFIRMED' }],
    });
    const nr = assertOk(response).fbpi_order_nr;
    await everyEventSettled(sandbox, destinationCode);
    assert.deepEqual(eventsOf(receiver, nr), []);
  });
});
