import assert from 'node:assert/strict';
import { WEBHOOK_EVENT_ID } from '../../src/domain/stored-ids.js';
import { createHmac, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { globalId } from '../../datasources/marketplacer/global-id.js';
import type { WebhookDelivery } from '../../sandbox/marketplacer/index.js';
import type { OrderEvent, WebhookEvent } from '../../src/store/callback-store.js';
import { eventually } from '../../support/eventually.js';
import { MARKETPLACER_WEBHOOK_SECRET, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { dataOf, graphqlPost, newInvoice } from '../support/marketplacer.js';

const SHIP = `mutation ($input: ShipmentCreateMutationInput!) { shipmentCreate(input: $input) { shipment { id } errors { messages } } }`;
const REFUND = `mutation ($input: RefundRequestCreateMutationInput!) { refundRequestCreate(input: $input) { refundRequest { id } errors { messages } } }`;

/** The gateway's receipt for a stored webhook. */
interface WebhookAnswer {
  received: boolean;
  id: string;
  duplicate: boolean;
}

/** Small, so an oversized body is cheap to send. */
const BODY_LIMIT = 64 * 1024;

describe('Marketplacer webhooks into the gateway', () => {
  let gw: TestGateway;
  const url = () => `${gw.origin}/webhooks/marketplacer`;

  before(async () => {
    gw = await startTestGateway({
      marketplacerOptions: { invoices: 5, webhookMaxAttempts: 3 },
      env: { WEBHOOK_BODY_LIMIT_BYTES: String(BODY_LIMIT) },
    });
  });
  after(() => gw.close());

  const stored = (): Promise<WebhookEvent[]> =>
    gw.gateway.store.listWebhookEvents({ source: 'marketplacer' }, undefined, 1000);
  const storedWithKey = async (dedupeKey: string) => (await stored()).filter((event) => event.dedupeKey === dedupeKey);
  const orderEvents = (orderId: string): Promise<OrderEvent[]> =>
    gw.gateway.store.orderEventsAfter(0, { orderId }, 100);

  /** What the simulator sends while `action` runs, once the gateway has stored and applied all of it. */
  async function applied(
    action: () => Promise<unknown>,
    count: number,
  ): Promise<Array<{ delivery: WebhookDelivery; event: WebhookEvent }>> {
    const before = gw.marketplacer.control.webhookDeliveries().length;
    await action();
    return eventually(`${count} webhooks stored and applied`, async () => {
      const made = gw.marketplacer.control.webhookDeliveries().slice(before);
      if (made.length !== count || made.some((delivery) => delivery.state !== 'delivered')) return undefined;
      const events = await stored();
      const pairs = made.map((delivery) => ({
        delivery,
        event: events.find((event) => event.dedupeKey === delivery.idempotencyKey),
      }));
      return pairs.every((pair) => pair.event?.status === 'PROCESSED')
        ? (pairs as Array<{ delivery: WebhookDelivery; event: WebhookEvent }>)
        : undefined;
    });
  }

  function post(body: string, headers: Record<string, string>): Promise<Response> {
    return fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  }

  /** Posts `body` as Marketplacer would: signed with `key`, under a fresh Idempotency-Key unless given one. */
  function signedPost(
    body: string,
    idempotencyKey: string = randomUUID(),
    key = MARKETPLACER_WEBHOOK_SECRET,
  ): Promise<Response> {
    return post(body, {
      'marketplacer-hmac-256': createHmac('sha256', key).update(body).digest('base64'),
      'idempotency-key': idempotencyKey,
    });
  }

  /** A delivery's body; each names an event of its own, as Marketplacer's do. */
  let sequence = 900_000;
  const envelope = (node: Record<string, unknown>, eventName = 'update') =>
    JSON.stringify({
      id: globalId('WebhookEvent', ++sequence),
      event_name: eventName,
      payload: { data: { node } },
    });

  test('an order placed in Marketplacer: its Invoice create is stored once, applied, and announced as CREATED', async () => {
    let invoice!: Awaited<ReturnType<typeof newInvoice>>;
    const [created, stock] = await applied(async () => (invoice = await newInvoice(gw.marketplacer, 'PSKU-000110')), 2);
    assert.equal(created!.event.type, 'Invoice.create');
    assert.equal(created!.event.body, created!.delivery.body, 'the body exactly as signed');
    assert.equal(created!.event.attempts, 1);
    assert.equal(stock!.event.type, 'Variant.update');

    const orderId = `MARKETPLACER:${invoice.legacyId}`;
    const events = await orderEvents(orderId);
    assert.deepEqual(
      events.map(({ type, status, origin, marketplace, webhookEventId, message }) => ({
        type,
        status,
        origin,
        marketplace,
        webhookEventId,
        message,
      })),
      [
        {
          type: 'CREATED',
          status: 'ACKNOWLEDGED',
          origin: 'WEBHOOK',
          marketplace: 'MARKETPLACER',
          webhookEventId: created!.event.id,
          message: 'Invoice.create',
        },
      ],
    );
  });

  test('a seller ships in Marketplacer: Shipment create and Invoice update arrive, and the move to SHIPPED is announced once', async () => {
    const invoice = await newInvoice(gw.marketplacer, 'PSKU-000111');
    const orderId = `MARKETPLACER:${invoice.legacyId}`;
    await eventually('the CREATED event', async () => ((await orderEvents(orderId)).length === 1 ? true : undefined));

    const shipped = await applied(
      async () =>
        dataOf(
          await graphqlPost(gw.marketplacer, SHIP, {
            input: { invoiceId: invoice.id, shippedItems: [{ lineItemId: invoice.lineItemIds[0], quantity: 1 }] },
          }),
        ),
      2,
    );
    assert.deepEqual(
      shipped.map(({ event }) => event.type),
      ['Shipment.create', 'Invoice.update'],
    );
    const events = await orderEvents(orderId);
    assert.deepEqual(
      events.map((event) => [event.type, event.status]),
      [
        ['CREATED', 'ACKNOWLEDGED'],
        ['STATUS_CHANGED', 'SHIPPED'],
      ],
      'both webhooks show the same state of the invoice: one announcement',
    );
    assert.ok(shipped.some(({ event }) => event.id === events[1]!.webhookEventId));
  });

  test('an Invoice create applied again after the invoice moved on announces the move, not a second CREATED', async () => {
    // What a gateway killed between announcing an Invoice create and settling it meets at its restart (the SIGKILL
    // storm found it): the invoice shipped meanwhile, and the webhooks saying so are not applied yet.
    const invoice = await newInvoice(gw.marketplacer, 'PSKU-000116');
    const orderId = `MARKETPLACER:${invoice.legacyId}`;
    const [created] = await eventually('the CREATED event', async () => {
      const events = await orderEvents(orderId);
      return events.length === 1 ? events : undefined;
    });
    gw.marketplacer.control.setWebhook(undefined); // the shipment's webhooks wait at Marketplacer
    try {
      dataOf(
        await graphqlPost(gw.marketplacer, SHIP, {
          input: { invoiceId: invoice.id, shippedItems: [{ lineItemId: invoice.lineItemIds[0], quantity: 1 }] },
        }),
      );
      // The store's own id, as the API shows it.
      const replayed = await gw.graphql(`mutation ($id: ID!) { replayWebhookEvent(id: $id) { status } }`, {
        id: `WebhookEvent:${created!.webhookEventId}`,
      });
      assert.deepEqual(replayed.data, { replayWebhookEvent: { status: 'PROCESSED' } });
      assert.deepEqual(
        (await orderEvents(orderId)).map((event) => [event.type, event.status, event.webhookEventId]),
        [
          ['CREATED', 'ACKNOWLEDGED', created!.webhookEventId],
          ['STATUS_CHANGED', 'SHIPPED', created!.webhookEventId],
        ],
      );
    } finally {
      gw.marketplacer.control.setWebhook({ url: url(), hmacKey: MARKETPLACER_WEBHOOK_SECRET });
    }
  });

  test('a partial shipment is UPDATED (the status stays); refunding the rest moves it on', async () => {
    const invoice = await newInvoice(gw.marketplacer, 'PSKU-000112', 2);
    const orderId = `MARKETPLACER:${invoice.legacyId}`;
    const line = { lineItemId: invoice.lineItemIds[0], quantity: 1 };
    await eventually('the CREATED event', async () => ((await orderEvents(orderId)).length === 1 ? true : undefined));
    await applied(
      async () =>
        dataOf(await graphqlPost(gw.marketplacer, SHIP, { input: { invoiceId: invoice.id, shippedItems: [line] } })),
      2,
    );
    const refunded = await applied(
      async () =>
        dataOf(
          await graphqlPost(gw.marketplacer, REFUND, {
            input: { invoiceId: invoice.id, lineItems: [{ ...line, reason: 'Out of stock' }] },
          }),
        ),
      2,
    );
    assert.deepEqual(
      refunded.map(({ event }) => event.type),
      ['RefundRequest.create', 'Invoice.update'],
    );
    const events = await orderEvents(orderId);
    assert.deepEqual(
      events.map((event) => [event.type, event.status]),
      [
        ['CREATED', 'ACKNOWLEDGED'],
        ['UPDATED', 'ACKNOWLEDGED'],
        // One unit dispatched, the other refunded: nothing is left to ship.
        ['STATUS_CHANGED', 'SHIPPED'],
      ],
    );
    // Whichever of a pair arrives first announces the state.
    assert.ok(['Shipment.create', 'Invoice.update'].includes(events[1]!.message!));
    assert.ok(['RefundRequest.create', 'Invoice.update'].includes(events[2]!.message!));
  });

  test('a redelivery (same Idempotency-Key) is stored and applied once; so is the captured body sent again under new keys', async () => {
    const invoice = await newInvoice(gw.marketplacer, 'PSKU-000113');
    const orderId = `MARKETPLACER:${invoice.legacyId}`;
    const delivery = await eventually('the Invoice create delivered', async () =>
      gw.marketplacer.control
        .webhookDeliveries()
        .find((entry) => entry.objectId === invoice.id && entry.state === 'delivered'),
    );
    const [first] = await eventually('it applied', async () => {
      const events = await storedWithKey(delivery.idempotencyKey);
      return events[0]?.status === 'PROCESSED' ? events : undefined;
    });

    const again = await signedPost(delivery.body, delivery.idempotencyKey);
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { received: true, id: WEBHOOK_EVENT_ID.show(first!.id), duplicate: true });
    const [still] = await storedWithKey(delivery.idempotencyKey);
    assert.equal(still!.attempts, 1, 'not applied again');

    // A captured delivery replayed five times, each under a new Idempotency-Key (a header, outside the signature):
    // the body names the event already stored, so each is that event again, stored and applied nowhere.
    const replayKeys = Array.from({ length: 5 }, () => randomUUID());
    for (const key of replayKeys) {
      const resent = await signedPost(delivery.body, key);
      assert.equal(resent.status, 200);
      assert.deepEqual(await resent.json(), { received: true, id: WEBHOOK_EVENT_ID.show(first!.id), duplicate: true });
    }
    for (const key of replayKeys) assert.deepEqual(await storedWithKey(key), []);
    const [kept] = await storedWithKey(delivery.idempotencyKey);
    assert.equal(kept!.attempts, 1, 'applied once');
    assert.deepEqual(
      (await orderEvents(orderId)).map((event) => event.type),
      ['CREATED'],
    );
  });

  test('two events about one object are two stored events, each kept once, whatever their keys', async () => {
    // The content key names the event, not the object: a second update of the same seller is news.
    const seller = { __typename: 'Seller', id: globalId('Seller', 3) };
    const [first, second] = [envelope(seller), envelope(seller)];
    assert.notEqual(first, second);
    const answers = [];
    for (const body of [first, second, first]) answers.push((await (await signedPost(body)).json()) as WebhookAnswer);
    assert.deepEqual(
      answers.map((answer) => answer.duplicate),
      [false, false, true],
    );
    assert.notEqual(answers[0]!.id, answers[1]!.id);
    assert.equal(answers[2]!.id, answers[0]!.id);
  });

  test('a wrong or missing signature is refused 401 and nothing is stored', async () => {
    const body = envelope({ __typename: 'Seller', id: globalId('Seller', 1) });
    const wrongKey = randomUUID();
    const wrong = await signedPost(body, wrongKey, 'not-the-hmac-key-at-all');
    assert.equal(wrong.status, 401);
    assert.deepEqual(await wrong.json(), { error: 'UNAUTHENTICATED', message: 'not a marketplacer webhook sender' });
    const missingKey = randomUUID();
    assert.equal((await post(body, { 'idempotency-key': missingKey })).status, 401);
    const tampered = randomUUID();
    const signature = createHmac('sha256', MARKETPLACER_WEBHOOK_SECRET).update(body).digest('base64');
    const altered = body.replace('"update"', '"create"');
    assert.notEqual(altered, body);
    assert.equal(
      (await post(altered, { 'marketplacer-hmac-256': signature, 'idempotency-key': tampered })).status,
      401,
      'a body changed after signing',
    );
    assert.equal(
      (await post(body, { 'marketplacer-hmac-256': 'c2hvcnQ=', 'idempotency-key': tampered })).status,
      401,
      'a MAC of the wrong length',
    );
    for (const key of [wrongKey, missingKey, tampered]) assert.deepEqual(await storedWithKey(key), []);
  });

  test('an oversized body is refused 413 and nothing is stored', async () => {
    const key = randomUUID();
    const body = envelope({
      __typename: 'Seller',
      id: globalId('Seller', 1),
      storeDescription: 'x'.repeat(BODY_LIMIT),
    });
    assert.equal((await signedPost(body, key)).status, 413);
    assert.deepEqual(await storedWithKey(key), []);
  });

  test('a signed body the gateway cannot read is answered 500 (never a 4xx, which would disable the webhook) and nothing is stored', async () => {
    const cases: Array<[string, string, Record<string, string> | undefined, RegExp]> = [
      ['not JSON', 'not json', undefined, /not JSON/],
      [
        'no __typename',
        envelope({ id: globalId('Invoice', 10001) }),
        undefined,
        /payload\.data\.node\.__typename.*node\(id: \$id\) \{ __typename id \}/,
      ],
      [
        'no event_name',
        JSON.stringify({ payload: { data: { node: { __typename: 'Invoice', id: 'x' } } } }),
        undefined,
        /event_name/,
      ],
      [
        'a type not taken',
        envelope({ __typename: 'Promotion', id: 'UHJvbW90aW9uLTE=' }),
        undefined,
        /Promotion webhooks are not taken here/,
      ],
      [
        'no Idempotency-Key',
        envelope({ __typename: 'Seller', id: globalId('Seller', 1) }),
        { 'idempotency-key': '' },
        /Idempotency-Key/,
      ],
    ];
    for (const [what, body, headers, message] of cases) {
      const key = randomUUID();
      const signature = createHmac('sha256', MARKETPLACER_WEBHOOK_SECRET).update(body).digest('base64');
      const answer = await post(body, { 'marketplacer-hmac-256': signature, 'idempotency-key': key, ...headers });
      assert.equal(answer.status, 500, what);
      const error = (await answer.json()) as { error: string; message: string };
      assert.equal(error.error, 'MALFORMED_WEBHOOK', what);
      assert.match(error.message, message, what);
      assert.deepEqual(await storedWithKey(key), [], what);
    }
  });

  test('the receipt names the stored event as the API does: node(id:) takes it as it is', async () => {
    const answer = await signedPost(
      envelope({ __typename: 'Seller', id: globalId('Seller', 3), businessName: 'Harbour Goods' }),
    );
    const receipt = (await answer.json()) as WebhookAnswer;
    assert.match(receipt.id, /^WebhookEvent:[0-9a-f-]{36}$/);
    const found = await gw.graphql(`query ($id: ID!) { node(id: $id) { ... on WebhookEvent { id source type } } }`, {
      id: receipt.id,
    });
    assert.deepEqual(found.data, { node: { id: receipt.id, source: 'MARKETPLACER', type: 'Seller.update' } });
  });

  test('a Seller webhook is stored and applied, and changes no order', async () => {
    const answer = await signedPost(
      envelope({ __typename: 'Seller', id: globalId('Seller', 2), businessName: 'Coastal Threads' }),
    );
    assert.equal(answer.status, 200);
    const id = WEBHOOK_EVENT_ID.stored(((await answer.json()) as { id: string }).id);
    const event = await eventually('the Seller event applied', async () => {
      const found = await gw.gateway.store.findWebhookEvent(id);
      return found?.status === 'PROCESSED' ? found : undefined;
    });
    assert.equal(event.type, 'Seller.update');
    const all = await gw.gateway.store.orderEventsAfter(0, {}, 1000);
    assert.equal(all.filter((orderEvent) => orderEvent.webhookEventId === id).length, 0);
  });

  test('an Invoice webhook about an object Marketplacer does not know is stored, fails, and stays to be tried again', async () => {
    const answer = await signedPost(envelope({ __typename: 'Invoice', id: globalId('Invoice', 99_999) }));
    assert.equal(answer.status, 200);
    const id = WEBHOOK_EVENT_ID.stored(((await answer.json()) as { id: string }).id);
    const failed = await eventually('the attempt failed', async () => {
      const found = await gw.gateway.store.findWebhookEvent(id);
      return found?.status === 'FAILED' ? found : undefined;
    });
    assert.match(failed.lastError ?? '', /Marketplacer knows no Invoice/);
  });

  describe('how the simulator treats the gateway’s answers', () => {
    after(() => gw.marketplacer.control.setWebhook({ url: url(), hmacKey: MARKETPLACER_WEBHOOK_SECRET }));

    test('the gateway answers 500 to a body it cannot read: Marketplacer retries, and the webhook stays enabled', async () => {
      // A registered query without __typename: every delivery is signed but unreadable.
      gw.marketplacer.control.setWebhook({
        url: url(),
        hmacKey: MARKETPLACER_WEBHOOK_SECRET,
        query: 'query ($id: ID!) { node(id: $id) { id } }',
      });
      const before = gw.marketplacer.control.webhookDeliveries().length;
      gw.marketplacer.control.setCountOnHand('PSKU-000114', 5);
      const delivery = await eventually('the delivery given up', async () => {
        const made = gw.marketplacer.control.webhookDeliveries()[before];
        return made?.state === 'failed' ? made : undefined;
      });
      assert.deepEqual(
        delivery.attempts.map((attempt) => attempt.status),
        [500, 500, 500],
        'every one of the bounded attempts',
      );
      assert.equal(gw.marketplacer.control.webhook()?.enabled, true);
      assert.deepEqual(await storedWithKey(delivery.idempotencyKey), []);
    });

    test('the gateway answers 401 to a wrong HMAC key: Marketplacer disables the webhook and sends nothing more', async () => {
      gw.marketplacer.control.setWebhook({ url: url(), hmacKey: 'an-hmac-key-the-gateway-does-not-know' });
      const before = gw.marketplacer.control.webhookDeliveries().length;
      gw.marketplacer.control.setCountOnHand('PSKU-000115', 5);
      const delivery = await eventually('the delivery refused', async () => {
        const made = gw.marketplacer.control.webhookDeliveries()[before];
        return made?.state === 'failed' ? made : undefined;
      });
      assert.deepEqual(
        delivery.attempts.map((attempt) => attempt.status),
        [401],
      );
      assert.equal(gw.marketplacer.control.webhook()?.enabled, false);
      assert.deepEqual(await storedWithKey(delivery.idempotencyKey), []);

      gw.marketplacer.control.setCountOnHand('PSKU-000115', 6);
      assert.equal(gw.marketplacer.control.webhookDeliveries().at(-1)?.state, 'disabled');
    });
  });
});
