import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { globalId } from '../../datasources/marketplacer/global-id.js';
import {
  INCREFF_WEBHOOK_TOKEN,
  MARKETPLACER_WEBHOOK_SECRET,
  NOON_WEBHOOK_HEADERS,
  startTestGateway,
  type TestGateway,
} from '../../support/gateway.js';
import { FRUUGO_CALLBACK_AUTHORIZATION, fruugoCallbackBody } from '../../support/fruugo-callbacks.js';
import { sendWithoutBody } from '../support/raw-http.js';

/** What an unauthenticated sender announces: the largest body the gateway takes by default (15 MiB). */
const FIFTEEN_MB = 15 * 1024 * 1024;

/** One URL a marketplace calls, with the credentials and a body it would send. */
interface WebhookPath {
  name: string;
  method: 'POST' | 'PUT';
  path: string;
  /** The sender's credential headers (fetched or computed for `body`). */
  credentials(body: string): Promise<Record<string, string>>;
  /** A body the sender would send, which the gateway stores. */
  body(): string;
}

describe('webhooks: who may send, how much, in which media type, before the body is read', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ fruugoOptions: { orderCount: 3 }, marketplacerOptions: { invoices: 3 } });
  });
  after(() => gw.close());

  const increffCredential = async (): Promise<Record<string, string>> => {
    const response = await fetch(`${gw.origin}/webhooks/increff/credential`, {
      headers: { authToken: INCREFF_WEBHOOK_TOKEN },
    });
    return (await response.json()) as Record<string, string>;
  };
  let sellerEvent = 0;
  let shipmentId = 700_000;
  const PATHS: WebhookPath[] = [
    {
      name: 'noon',
      method: 'POST',
      path: '/webhooks/noon',
      credentials: async () => ({ ...NOON_WEBHOOK_HEADERS }),
      body: () =>
        JSON.stringify({
          event_schema_version: 1,
          event_type: 'FBPI::SOMETHING_ELSE',
          metadata: { published_at: new Date().toISOString(), project_code: 'PRJ100001', message_id: randomUUID() },
          payload: {},
        }),
    },
    {
      name: 'Fruugo',
      method: 'POST',
      path: '/webhooks/fruugo',
      credentials: async () => ({
        authorization: FRUUGO_CALLBACK_AUTHORIZATION,
      }),
      body: () =>
        fruugoCallbackBody('ConfirmResponseList', randomUUID(), "{ 'transactionType': 'confirm' 'responses': [] }"),
    },
    ...(['pack', 'handover', 'seller-cancellation', 'inventory'] as const).map((touchpoint): WebhookPath => ({
      name: `Increff ${touchpoint}`,
      method: touchpoint === 'pack' || touchpoint === 'handover' ? 'POST' : 'PUT',
      path: `/webhooks/increff/${touchpoint}`,
      credentials: increffCredential,
      body: () =>
        JSON.stringify(
          {
            pack: { orderCode: `NOPE-${randomUUID()}`, locationCode: 'WH-DXB-01', shipmentId: ++shipmentId },
            handover: { locationCode: 'WH-DXB-01', orderCodes: [`NOPE-${randomUUID()}`] },
            'seller-cancellation': {
              orderCode: `NOPE-${randomUUID()}`,
              orderItems: [{ channelSkuCode: 'PSKU-000001', cancelledQuantity: 1, orderItemCode: 'I-1' }],
            },
            inventory: { locationCode: 'WH-DXB-01', inventories: [{ channelSkuCode: 'PSKU-000001', quantity: 3 }] },
          }[touchpoint],
        ),
    })),
    {
      name: 'Marketplacer',
      method: 'POST',
      path: '/webhooks/marketplacer',
      credentials: async (body) => ({
        'marketplacer-hmac-256': createHmac('sha256', MARKETPLACER_WEBHOOK_SECRET).update(body).digest('base64'),
        'idempotency-key': randomUUID(),
      }),
      body: () =>
        JSON.stringify({
          id: globalId('WebhookEvent', 800_000 + ++sellerEvent),
          event_name: 'update',
          payload: { data: { node: { __typename: 'Seller', id: globalId('Seller', 1) } } },
        }),
    },
  ];

  /** Every stored webhook whose body is the filler the unauthenticated senders announce. */
  const storedFiller = async () =>
    (await gw.gateway.store.listWebhookEvents({}, undefined, 10_000)).filter((event) => event.body.startsWith('xxx'));

  /** A gateway that waited for the bodies never sent would never answer: this fails it instead of hanging. */
  const EARLY = { timeout: 20_000 };

  test(
    'an unauthenticated 15 MB body, 10 at once on every path, is refused 401 before it is read: the connection closes unsent',
    EARLY,
    async () => {
      const answers = await Promise.all(
        PATHS.flatMap(({ method, path }) =>
          Array.from({ length: 10 }, () =>
            sendWithoutBody(`${gw.origin}${path}`, {
              method,
              headers: { 'content-type': 'application/json' },
              declaredBytes: FIFTEEN_MB,
            }),
          ),
        ),
      );
      for (const [index, answer] of answers.entries()) {
        const { name } = PATHS[Math.floor(index / 10)]!;
        // The gateway answered, and closed the connection, having been sent 64 KiB of the 15 MiB it was promised.
        assert.equal(answer.status, 401, name);
        assert.equal(answer.connection, 'close', name);
        assert.equal(JSON.parse(answer.body).error, 'UNAUTHENTICATED', name);
      }
      assert.deepEqual(await storedFiller(), []);
    },
  );

  test(
    'Marketplacer signs its body, so a signed-looking delivery is read, but only up to its own 64 KiB: 413 before 15 MB',
    EARLY,
    async () => {
      const answer = await sendWithoutBody(`${gw.origin}/webhooks/marketplacer`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'marketplacer-hmac-256': Buffer.alloc(32).toString('base64'),
          'idempotency-key': randomUUID(),
        },
        declaredBytes: FIFTEEN_MB,
      });
      assert.equal(answer.status, 413);
      assert.equal(answer.connection, 'close');
      assert.deepEqual(await storedFiller(), []);
    },
  );

  test('text/plain, or no media type, is refused 415 on every path before the body is read; application/json is taken', async () => {
    for (const { name, method, path, credentials, body } of PATHS) {
      const send = async (contentType: string | undefined) => {
        const text = body();
        return fetch(`${gw.origin}${path}`, {
          method,
          headers: {
            ...(await credentials(text)),
            ...(contentType === undefined ? {} : { 'content-type': contentType }),
          },
          body: text,
        });
      };
      const plain = await send('text/plain');
      assert.equal(plain.status, 415, name);
      assert.deepEqual(await plain.json(), {
        error: 'UNSUPPORTED_MEDIA_TYPE',
        message: `${path.split('/')[2]} webhooks are application/json; this body is text/plain`,
      });
      const untyped = await send(undefined);
      assert.equal(untyped.status, 415, name);
      const json = await send('application/json; charset=utf-8');
      assert.equal(json.status, 200, `${name}: ${await json.text()}`);
    }
  });

  test('a Fruugo payload nested 100,000 deep is refused 400 and nothing is stored', async () => {
    const correlationId = randomUUID();
    const deep = `{ 'transactionType': 'confirm' 'responses': ${'['.repeat(100_000)}${']'.repeat(100_000)} }`;
    const answer = await fetch(`${gw.origin}/webhooks/fruugo`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: FRUUGO_CALLBACK_AUTHORIZATION,
      },
      body: fruugoCallbackBody('ConfirmResponseList', correlationId, deep),
    });
    assert.equal(answer.status, 400);
    const refusal = (await answer.json()) as { error: string; message: string };
    assert.equal(refusal.error, 'MALFORMED_WEBHOOK');
    assert.match(refusal.message, /nested at most 32 deep/);
    const stored = await gw.graphql<{ webhookEvents: { nodes: Array<{ body: string }> } }>(
      `{ webhookEvents(source: FRUUGO, first: 100) { nodes { body } } }`,
    );
    assert.deepEqual(
      stored.data!.webhookEvents.nodes.filter((event) => event.body.includes(correlationId)),
      [],
    );
  });
});
