import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  startMarketplacerSandbox,
  type MarketplacerSandbox,
  type WebhookDelivery,
} from '../../sandbox/marketplacer/index.js';
import { eventually } from '../../support/eventually.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { dataOf, graphqlPost, newInvoice } from '../support/marketplacer.js';

const HMAC_KEY = 'sandbox-test-hmac-key';

/** Waits in milliseconds, so a whole retry schedule runs in well under a second. */
const FAST = { webhookRetryMinMs: 20, webhookRetryMaxMs: 40, webhookMaxAttempts: 4, webhookTimeoutMs: 1000 };

const SHIP = `mutation ($input: ShipmentCreateMutationInput!) { shipmentCreate(input: $input) { shipment { id } errors { messages } } }`;
const REFUND = `mutation ($input: RefundRequestCreateMutationInput!) { refundRequestCreate(input: $input) { refundRequest { id } errors { messages } } }`;

describe('Marketplacer sandbox: webhooks', () => {
  let sandbox: MarketplacerSandbox;
  let receiver: WebhookReceiver<object>;

  before(async () => {
    receiver = await startWebhookReceiver('/webhooks/marketplacer', () => ({}));
    sandbox = await startMarketplacerSandbox({ invoices: 3, ...FAST });
  });

  afterEach(() => {
    sandbox.control.setWebhook({ url: receiver.url, hmacKey: HMAC_KEY });
  });

  after(async () => {
    await sandbox.close();
    await receiver.close();
  });

  /** The deliveries made from now on, once every one of them has settled. */
  async function settledAfter(action: () => Promise<unknown>, count: number): Promise<WebhookDelivery[]> {
    const before = sandbox.control.webhookDeliveries().length;
    await action();
    return eventually(`${count} settled webhook deliveries`, async () => {
      const made = sandbox.control.webhookDeliveries().slice(before);
      return made.length === count && made.every((delivery) => delivery.state !== 'scheduled') ? made : undefined;
    });
  }

  test('nothing is sent before a webhook is registered', async () => {
    sandbox.control.setWebhook(undefined);
    await newInvoice(sandbox, 'PSKU-000101');
    sandbox.control.setCountOnHand('PSKU-000102', 7);
    assert.deepEqual(sandbox.control.webhookDeliveries(), []);
    assert.equal(sandbox.control.webhook(), undefined);
  });

  test('orderCreate: Invoice create and Variant update, each signed, named and numbered as Marketplacer does', async () => {
    sandbox.control.setWebhook({ url: receiver.url, hmacKey: HMAC_KEY });
    let invoice!: Awaited<ReturnType<typeof newInvoice>>;
    const made = await settledAfter(async () => (invoice = await newInvoice(sandbox, 'PSKU-000103', 2)), 2);
    assert.deepEqual(
      made.map((delivery) => [delivery.type, delivery.eventName, delivery.state]),
      [
        ['Invoice', 'create', 'delivered'],
        ['Variant', 'update', 'delivered'],
      ],
    );
    assert.equal(made[0]!.objectId, invoice.id);
    assert.equal(made[1]!.sequence, made[0]!.sequence + 1);

    for (const delivery of made) {
      const request = receiver.received.find((entry) => entry.body === delivery.body);
      assert.ok(request, `event ${delivery.sequence} reached the receiver`);
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers['marketplacer-sequence'], String(delivery.sequence));
      assert.equal(request.headers['marketplacer-vertical'], 'sandbox');
      assert.equal(request.headers['idempotency-key'], Buffer.from(`sandbox:${delivery.sequence}`).toString('base64'));
      assert.equal(
        request.headers['marketplacer-hmac-256'],
        createHmac('sha256', HMAC_KEY).update(request.body).digest('base64'),
      );
      const body = JSON.parse(request.body);
      assert.deepEqual(Object.keys(body), ['id', 'event_name', 'payload']);
      assert.equal(Buffer.from(body.id, 'base64').toString(), `WebhookEvent-${delivery.sequence}`);
      assert.equal(body.event_name, delivery.eventName);
      assert.deepEqual(body.payload, { data: { node: { __typename: delivery.type, id: delivery.objectId } } });
    }
  });

  test('shipmentCreate and refundRequestCreate: their own create event and an Invoice update; stock changes: Variant updates', async () => {
    const invoice = await newInvoice(sandbox, 'PSKU-000104', 2);
    const shipped = await settledAfter(
      async () =>
        dataOf(
          await graphqlPost(sandbox, SHIP, {
            input: { invoiceId: invoice.id, shippedItems: [{ lineItemId: invoice.lineItemIds[0], quantity: 1 }] },
          }),
        ),
      2,
    );
    assert.deepEqual(
      shipped.map((delivery) => `${delivery.type} ${delivery.eventName}`),
      ['Shipment create', 'Invoice update'],
    );
    assert.equal(shipped[1]!.objectId, invoice.id);

    const refunded = await settledAfter(
      async () =>
        dataOf(
          await graphqlPost(sandbox, REFUND, {
            input: {
              invoiceId: invoice.id,
              lineItems: [{ lineItemId: invoice.lineItemIds[0], quantity: 1, reason: 'Damaged' }],
            },
          }),
        ),
      2,
    );
    assert.deepEqual(
      refunded.map((delivery) => `${delivery.type} ${delivery.eventName}`),
      ['RefundRequest create', 'Invoice update'],
    );

    // PSKU-000001 is sold by two sellers: one event per variant.
    const stock = await settledAfter(async () => sandbox.control.setCountOnHand('PSKU-000001', 3), 2);
    assert.deepEqual(
      stock.map((delivery) => `${delivery.type} ${delivery.eventName}`),
      ['Variant update', 'Variant update'],
    );
    assert.notEqual(stock[0]!.objectId, stock[1]!.objectId);
  });

  test('the registered types and query decide what is sent and what it carries', async () => {
    sandbox.control.setWebhook({
      url: receiver.url,
      hmacKey: HMAC_KEY,
      types: ['Invoice'],
      query: 'query ($id: ID!) { node(id: $id) { ... on Invoice { legacyId statusFlags } } }',
    });
    let invoice!: Awaited<ReturnType<typeof newInvoice>>;
    const [only] = await settledAfter(async () => (invoice = await newInvoice(sandbox, 'PSKU-000105')), 1);
    assert.equal(only!.type, 'Invoice');
    assert.deepEqual(JSON.parse(only!.body).payload, {
      data: { node: { legacyId: invoice.legacyId, statusFlags: ['PAID'] } },
    });
  });

  test('a webhook without an HMAC key sends no signature', async () => {
    sandbox.control.setWebhook({ url: receiver.url });
    const [first] = await settledAfter(async () => sandbox.control.setCountOnHand('PSKU-000106', 4), 1);
    const request = receiver.received.find((entry) => entry.body === first!.body);
    assert.equal(request?.headers['marketplacer-hmac-256'], undefined);
    assert.equal(sandbox.control.webhook()?.signed, false);
  });

  test('network errors, 5xx and 429 are tried again with the same body until a 2xx', async () => {
    receiver.answerNext(500, 'drop', 429, 503);
    const [delivery] = await settledAfter(async () => sandbox.control.setCountOnHand('PSKU-000107', 5), 1);
    assert.equal(delivery!.state, 'failed', 'four attempts, the bound, all failed');
    assert.deepEqual(
      delivery!.attempts.map((attempt) => attempt.status),
      [500, null, 429, 503],
    );
    assert.ok(delivery!.attempts[1]!.error !== null);
    const waits = delivery!.attempts
      .slice(1)
      .map((attempt, index) => attempt.at.getTime() - delivery!.attempts[index]!.at.getTime());
    assert.ok(
      waits.every((wait) => wait >= 15),
      `waits ${waits.join(', ')} ms are the bounded retry_count⁴ s`,
    );
    assert.equal(sandbox.control.webhook()?.enabled, true, 'retryable failures never disable the webhook');

    receiver.answerNext(502, 'hang');
    const [again] = await settledAfter(async () => sandbox.control.setCountOnHand('PSKU-000107', 6), 1);
    assert.equal(again!.state, 'delivered');
    assert.deepEqual(
      again!.attempts.map((attempt) => attempt.status),
      [502, null, 200],
    );
    assert.match(again!.attempts[1]!.error ?? '', /Timeout/);
    const bodies = receiver.received.filter((entry) => entry.headers['idempotency-key'] === again!.idempotencyKey);
    assert.equal(bodies.length, 3);
    assert.ok(bodies.every((entry) => entry.body === again!.body));
    assert.equal(bodies.filter((entry) => entry.answer === 200).length, 1);
  });

  test('any other 4xx disables the webhook: nothing more is sent until it is enabled again', async () => {
    receiver.answerNext(404);
    const [refused] = await settledAfter(async () => sandbox.control.setCountOnHand('PSKU-000108', 1), 1);
    assert.equal(refused!.state, 'failed');
    assert.deepEqual(
      refused!.attempts.map((attempt) => attempt.status),
      [404],
    );
    const webhook = sandbox.control.webhook();
    assert.equal(webhook?.enabled, false);
    assert.match(webhook?.disabledReason ?? '', /answered 404 to event \d+/);

    const sent = receiver.received.length;
    const [held] = await settledAfter(async () => sandbox.control.setCountOnHand('PSKU-000108', 2), 1);
    assert.equal(held!.state, 'disabled');
    assert.equal(receiver.received.length, sent, 'a disabled webhook sends nothing');

    sandbox.control.enableWebhook();
    const [next] = await settledAfter(async () => sandbox.control.setCountOnHand('PSKU-000108', 3), 1);
    assert.equal(next!.state, 'delivered');
    assert.equal(
      sandbox.control.webhookDeliveries().find((delivery) => delivery.sequence === held!.sequence)?.state,
      'disabled',
      'not resent',
    );
  });

  test('an event under way when another event disables the webhook is not tried again: disabled', async () => {
    // PSKU-000001 is sold by two sellers: two events, both under way before either is answered.
    receiver.answerNext('hang', 404);
    const made = await settledAfter(async () => sandbox.control.setCountOnHand('PSKU-000001', 8), 2);
    const byState = new Map(made.map((delivery) => [delivery.state, delivery]));
    assert.deepEqual([...byState.keys()].sort(), ['disabled', 'failed']);
    assert.deepEqual(
      byState.get('failed')!.attempts.map((attempt) => attempt.status),
      [404],
    );
    assert.deepEqual(
      byState.get('disabled')!.attempts.map((attempt) => attempt.status),
      [null],
      'timed out, and never retried',
    );
    assert.equal(sandbox.control.webhook()?.enabled, false);
  });

  test('a 4xx from a webhook replaced meanwhile fails its event, and neither disables the new webhook nor stops its events', async () => {
    // The old webhook answers when the test says: once the second event is under way at the new one.
    let arrived!: (response: ServerResponse) => void;
    const arrival = new Promise<ServerResponse>((resolve) => (arrived = resolve));
    const old = createServer((_request, response) => arrived(response));
    await new Promise<void>((resolve) => old.listen(0, '127.0.0.1', resolve));
    try {
      sandbox.control.setWebhook({
        url: `http://127.0.0.1:${(old.address() as AddressInfo).port}/old`,
        hmacKey: HMAC_KEY,
      });
      const [refused, retried] = await settledAfter(async () => {
        sandbox.control.setCountOnHand('PSKU-000110', 1);
        const oldAnswer = await arrival;
        sandbox.control.setWebhook({ url: receiver.url, hmacKey: HMAC_KEY });
        // Under way (until the 1 s timeout) when the old webhook's 404 comes: answered only once it has arrived.
        receiver.answerNext('hang');
        const seen = receiver.received.length;
        sandbox.control.setCountOnHand('PSKU-000111', 1);
        await eventually('the second event at the new webhook', async () =>
          receiver.received.length > seen ? true : undefined,
        );
        oldAnswer.writeHead(404).end();
      }, 2);
      assert.equal(refused!.state, 'failed');
      assert.deepEqual(
        refused!.attempts.map((attempt) => attempt.status),
        [404],
      );
      assert.equal(retried!.state, 'delivered');
      assert.deepEqual(
        retried!.attempts.map((attempt) => attempt.status),
        [null, 200],
      );
      assert.equal(sandbox.control.webhook()?.enabled, true);
    } finally {
      await new Promise<void>((resolve) => old.close(() => resolve()));
    }
  });

  test('/_sandbox/webhook registers, shows and enables the webhook; /_sandbox/webhook/deliveries lists the events', async () => {
    const control = (method: string, path: string, body?: unknown) =>
      fetch(`${sandbox.url}/_sandbox${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const registered = await control('POST', '/webhook', { url: receiver.url, hmacKey: HMAC_KEY, types: ['Variant'] });
    assert.equal(registered.status, 200);
    assert.deepEqual(((await registered.json()) as any).webhook, {
      url: receiver.url,
      types: ['Variant'],
      query: 'query ($id: ID!) { node(id: $id) { __typename id } }',
      signed: true,
      enabled: true,
      disabledReason: null,
    });
    assert.equal((await control('POST', '/webhook', { url: 'not a url' })).status, 400);
    assert.equal((await control('POST', '/webhook', { url: receiver.url, types: ['Promotion'] })).status, 400);
    assert.equal(((await (await control('GET', '/webhook')).json()) as any).webhook.types[0], 'Variant');

    await settledAfter(async () => sandbox.control.setCountOnHand('PSKU-000109', 9), 1);
    const { deliveries } = (await (await control('GET', '/webhook/deliveries')).json()) as {
      deliveries: WebhookDelivery[];
    };
    assert.equal(deliveries.at(-1)?.type, 'Variant');
    assert.equal(deliveries.at(-1)?.state, 'delivered');

    assert.equal((await control('POST', '/webhook/enable')).status, 200);
    assert.deepEqual(await (await control('POST', '/webhook', { url: null })).json(), { webhook: null });
    assert.equal((await control('POST', '/webhook/enable')).status, 404);
  });
});

describe('Marketplacer sandbox: webhooks disabled while events wait for a retry', () => {
  let sandbox: MarketplacerSandbox;
  let receiver: WebhookReceiver<object>;

  before(async () => {
    receiver = await startWebhookReceiver('/webhooks/marketplacer', () => ({}));
    // Retries half a second apart: long enough to see an event waiting for one.
    sandbox = await startMarketplacerSandbox({ invoices: 3, ...FAST, webhookRetryMinMs: 500, webhookRetryMaxMs: 500 });
    sandbox.control.setWebhook({ url: receiver.url, hmacKey: HMAC_KEY });
  });

  after(async () => {
    await sandbox.close();
    await receiver.close();
  });

  test('an event waiting for its retry is disabled at once, and not sent when the webhook is enabled again', async () => {
    // PSKU-000001 is sold by two sellers: one event is answered 500 (a retry due in 500 ms), the other 404.
    receiver.answerNext(500, 404);
    const before = sandbox.control.webhookDeliveries().length;
    sandbox.control.setCountOnHand('PSKU-000001', 9);
    const made = await eventually(
      'both settled well before the retry was due',
      async () => {
        const found = sandbox.control.webhookDeliveries().slice(before);
        return found.length === 2 && found.every((delivery) => delivery.state !== 'scheduled') ? found : undefined;
      },
      250,
    );
    assert.deepEqual(
      made.map((delivery) => [delivery.state, delivery.attempts.map((attempt) => attempt.status)]).sort(),
      [
        ['disabled', [500]],
        ['failed', [404]],
      ],
    );

    sandbox.control.enableWebhook();
    const disabled = made.find((delivery) => delivery.state === 'disabled')!;
    // A retry never made is shown against one that is made: a later event answered 500 is retried on the same
    // 500 ms schedule, so by its retry the disabled event's would have come too.
    receiver.answerNext(500);
    const earlier = sandbox.control.webhookDeliveries().length;
    sandbox.control.setCountOnHand('PSKU-000112', 1);
    const later = await eventually('the later event retried and delivered', async () => {
      const found = sandbox.control.webhookDeliveries()[earlier];
      return found?.state === 'delivered' ? found : undefined;
    });
    assert.deepEqual(
      later.attempts.map((attempt) => attempt.status),
      [500, 200],
    );
    assert.equal(
      receiver.received.filter((entry) => entry.body === disabled.body).length,
      1,
      'the retry is never made',
    );
    assert.equal(
      sandbox.control.webhookDeliveries().find((delivery) => delivery.sequence === disabled.sequence)?.attempts.length,
      1,
    );
  });
});
