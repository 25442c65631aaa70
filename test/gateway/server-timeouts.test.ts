import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FRUUGO_CALLBACK_AUTHORIZATION } from '../../support/fruugo-callbacks.js';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { subscribe, whenListening } from '../../support/subscriptions.js';
import { trickle, type Trickled } from '../support/raw-http.js';

/** Short timeouts, so a slow client is cut within a second and a subscription outlives them several times over. */
const TIMEOUTS = {
  SERVER_HEADERS_TIMEOUT_MS: '300',
  SERVER_REQUEST_TIMEOUT_MS: '600',
  SERVER_CONNECTION_TIMEOUT_MS: '1000',
  SERVER_KEEP_ALIVE_TIMEOUT_MS: '1000',
  // The connection timeout must stay above it.
  REQUEST_DEADLINE_MS: '900',
};

/**
 * The gateway ended the connection before the request was whole: with 408, or without a word when the end overtook
 * it (a reset, as the client was still sending; or a loaded test process that could not send for a while).
 */
function assertCut({ response, trickled }: Trickled, length: number): void {
  assert.ok(trickled < length, `cut after ${trickled} of ${length} bytes`);
  if (response !== '') assert.match(response, /^HTTP\/1\.1 408 /);
}

/** A slow client is cut long before it would be done: a byte every 50 ms of 1,000 would take 50 s. */
const TRICKLE_MS = 50;

describe('the HTTP server’s timeouts: slow clients are cut, subscriptions are not', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ env: TIMEOUTS });
  });
  after(() => gw.close());

  /** Stored webhooks whose body is the trickled filler. */
  const storedFiller = async () =>
    (await gw.gateway.store.listWebhookEvents({}, undefined, 10_000)).filter((event) => event.body.startsWith('x'));

  /** Cut within a second or two; a gateway that let the client go on would take 50 s, and fail here instead. */
  const CUT = { timeout: 20_000 };

  test(
    'a webhook body sent a byte at a time is cut by SERVER_REQUEST_TIMEOUT_MS with 408, and nothing is stored',
    CUT,
    async () => {
      const body = 'x'.repeat(1000);
      const met = await trickle(
        gw.origin,
        'POST /webhooks/fruugo HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n' +
          `Authorization: ${FRUUGO_CALLBACK_AUTHORIZATION}\r\nContent-Length: ${body.length}\r\n\r\n`,
        body,
        TRICKLE_MS,
      );
      assertCut(met, body.length);
      assert.deepEqual(await storedFiller(), []);
    },
  );

  test('headers sent a byte at a time are cut by SERVER_HEADERS_TIMEOUT_MS with 408', CUT, async () => {
    const rest = `Host: gateway\r\nX-Slow: ${'a'.repeat(1000)}\r\n\r\n`;
    assertCut(await trickle(gw.origin, 'GET /healthz HTTP/1.1\r\n', rest, TRICKLE_MS), rest.length);
  });

  test('an idle kept-alive connection is closed after SERVER_KEEP_ALIVE_TIMEOUT_MS', async () => {
    // One whole request, answered, and then nothing: the gateway closes the connection by itself.
    const { response } = await trickle(gw.origin, 'GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n', '', TRICKLE_MS);
    assert.match(response, /^HTTP\/1\.1 200 /);
    assert.match(response, /keep-alive/i);
  });

  test('a subscription idle for longer than every timeout stays open and still hears its events', async () => {
    const stock = subscribe<any>(gw.url, `subscription { inventoryChanged(skus: ["PSKU-000021"]) { sku available } }`);
    try {
      await whenListening(stock, () =>
        gw.graphql(`mutation { updateStock(items: [{ sku: "PSKU-000021", quantity: 1 }]) { success } }`),
      );
      // Twice the connection timeout without a byte either way.
      assert.deepEqual(await stock.drain(2 * Number(TIMEOUTS.SERVER_CONNECTION_TIMEOUT_MS)), []);
      dataOf(await gw.graphql(`mutation { updateStock(items: [{ sku: "PSKU-000021", quantity: 5 }]) { success } }`));
      assert.deepEqual((await stock.next()).data, { inventoryChanged: { sku: 'PSKU-000021', available: 5 } });
    } finally {
      await stock.close();
    }
  });
});
