import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { confirmationOf, NOON_ORDER_EVENTS } from '../support/noon-confirmation.js';
import { openRawSocket } from '../support/raw-socket.js';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { firstOutcome, openSocket } from '../../support/subscriptions.js';

// Issue 13: a client's mistake on either transport is the client's, answered for what it sent: never
// INTERNAL_SERVER_ERROR, never a 4500 that closes every other subscription on the socket.

describe('mistakes on the GraphQL transports', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ env: { GRAPHQL_BODY_LIMIT_BYTES: '4096' } });
  });
  after(() => gw.close());

  /** A noon order confirmed over HTTP; its id. */
  async function confirmed(): Promise<string> {
    const id = `NOON:${gw.noon.control.placeFbpiOrder()}`;
    dataOf(await gw.graphql(`mutation ($id: ID!) { confirmOrder(id: $id) { id } }`, { id }));
    return id;
  }

  test('a subscription over HTTP is 400 BAD_REQUEST, naming graphql-ws on the same URL, and asks no marketplace', async () => {
    gw.noon.control.resetRequests();
    const response = await gw.graphql(`subscription { orderEvents { orderId order { id } } }`);
    assert.equal(response.status, 400);
    assert.equal(response.data, undefined);
    assert.equal(response.errors?.length, 1);
    assert.equal(response.errors![0]!.extensions?.code, 'BAD_REQUEST');
    assert.equal(
      response.errors![0]!.message,
      'Subscriptions are served over websockets (the graphql-ws protocol, graphql-transport-ws) on this same URL, ' +
        'ws:// or wss://; over HTTP only queries and mutations are',
    );
    assert.deepEqual(gw.noon.control.requests(), []);
  });

  test('a syntax error in one subscribe is an error for it alone: the socket and its other subscription go on', async () => {
    const socket = openSocket(gw.url);
    try {
      const live = socket.subscribe<any>(NOON_ORDER_EVENTS, {
        since: String(await gw.gateway.store.latestOrderEventCursor()),
      });
      const broken = socket.subscribe(`subscription { orderEvents { orderId `);
      const refusal = await firstOutcome(broken);
      assert.equal(refusal.errors?.length, 1);
      assert.equal(refusal.errors![0]!.extensions?.code, 'GRAPHQL_PARSE_FAILED');
      assert.match(refusal.errors![0]!.message, /^Syntax Error: Expected Name, found <EOF>/);
      assert.deepEqual((refusal.errors![0] as { locations?: unknown }).locations, [{ line: 1, column: 38 }]);

      const invalid = socket.subscribe(`subscription { orderEvents { noSuchField } }`);
      const invalidity = await firstOutcome(invalid);
      assert.equal(invalidity.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
      assert.match(invalidity.errors![0]!.message, /Cannot query field "noSuchField" on type "OrderEvent"/);

      await confirmationOf(live, await confirmed());
    } finally {
      await socket.close();
    }
  });

  for (const type of ['next', 'error', 'connection_ack']) {
    test(`a client sending a server’s "${type}" message is closed with 4400, not 4500`, async () => {
      const socket = await openRawSocket(gw.url, { init: {} });
      assert.deepEqual(await socket.next(), { type: 'connection_ack' });
      socket.send({ id: '1', type, payload: type === 'error' ? [{ message: 'no' }] : {} });
      assert.deepEqual(await socket.closed, { code: 4400, reason: 'Invalid message received' });
    });
  }

  test('a message that is no JSON is closed with 4400', async () => {
    const socket = await openRawSocket(gw.url, { init: {} });
    assert.deepEqual(await socket.next(), { type: 'connection_ack' });
    socket.send('{"type": "subscribe", ');
    assert.deepEqual(await socket.closed, { code: 4400, reason: 'Invalid message received' });
  });

  test('a message larger than GRAPHQL_BODY_LIMIT_BYTES is closed with 1009 (message too big)', async () => {
    const socket = await openRawSocket(gw.url, { init: {} });
    assert.deepEqual(await socket.next(), { type: 'connection_ack' });
    socket.send({ id: '1', type: 'subscribe', payload: { query: `{ __typename }${' '.repeat(5000)}` } });
    assert.equal((await socket.closed).code, 1009);
  });
});
