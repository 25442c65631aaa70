import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { confirmationOf, NOON_ORDER_EVENTS } from '../support/noon-confirmation.js';
import { AUTH_API_KEYS, bearer, KEYS } from '../support/auth.js';
import { openRawSocket } from '../support/raw-socket.js';
import { eventually } from '../../support/eventually.js';
import { dataOf, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { firstOutcome, openSocket, type SubscriptionSocket } from '../../support/subscriptions.js';

// Issue 13: 2,000 sockets, and 1,000 subscriptions on one socket, were all accepted. Each limit refuses the one more,
// and only it: the sockets and subscriptions below the limit go on.

/** The socket answers a query: acknowledged, and open. */
async function answers(socket: SubscriptionSocket): Promise<void> {
  const query = socket.subscribe(`{ __typename }`);
  assert.deepEqual(await firstOutcome(query), { data: { __typename: 'Query' } });
}

/** Opens sockets for these credentials, each acknowledged before the next is opened (the order they count in). */
async function acknowledged(gw: TestGateway, keys: string[]): Promise<SubscriptionSocket[]> {
  const sockets: SubscriptionSocket[] = [];
  for (const key of keys) {
    const socket = openSocket(gw.url, bearer(key));
    sockets.push(socket);
    await socket.started;
  }
  return sockets;
}

describe('WEBSOCKETS_PER_CALLER', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ env: { AUTH_API_KEYS, WEBSOCKETS_PER_CALLER: '2', WEBSOCKETS_MAX: '10' } });
  });
  after(() => gw.close());

  test('a caller’s socket past the limit is closed with 4429; its others, and other callers, go on', async () => {
    // The operator's two keys are one caller (the key's name): its rotation does not double its sockets.
    const held = await acknowledged(gw, [KEYS.operator, KEYS.operatorRotated]);
    const others: SubscriptionSocket[] = [];
    try {
      const third = openSocket(gw.url, bearer(KEYS.operator));
      others.push(third);
      assert.deepEqual(await third.closed, {
        code: 4429,
        reason: 'Too many connections: at most 2 websockets per caller (WEBSOCKETS_PER_CALLER)',
      });
      for (const socket of held) await answers(socket);
      others.push(...(await acknowledged(gw, [KEYS.viewer, KEYS.viewer])));
      for (const socket of others.slice(1)) await answers(socket);

      // A socket closed gives its place back.
      await held.shift()!.close();
      const again = await eventually('a place for the operator again', async () => {
        const socket = openSocket(gw.url, bearer(KEYS.operator));
        const outcome = await Promise.race([socket.started.then(() => 'open'), socket.closed.then(() => 'closed')]);
        return outcome === 'open' ? socket : undefined;
      });
      others.push(again);
      await answers(again);
    } finally {
      await Promise.all([...held, ...others].map((socket) => socket.close()));
    }
  });
});

describe('WEBSOCKETS_MAX', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ env: { AUTH_API_KEYS, WEBSOCKETS_PER_CALLER: '2', WEBSOCKETS_MAX: '3' } });
  });
  after(() => gw.close());

  test('a socket past the instance’s limit is closed with 1013 (try again later), whoever asks; the others go on', async () => {
    const held = await acknowledged(gw, [KEYS.viewer, KEYS.viewer, KEYS.admin]);
    const refused = openSocket(gw.url, bearer(KEYS.operator));
    try {
      assert.deepEqual(await refused.closed, {
        code: 1013,
        reason: 'Try again later: this instance has 3 websockets open (WEBSOCKETS_MAX)',
      });
      for (const socket of held) await answers(socket);
    } finally {
      await Promise.all([...held, refused].map((socket) => socket.close()));
    }
  });
});

describe('WEBSOCKETS_PER_CALLER without authentication', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ env: { WEBSOCKETS_PER_CALLER: '1' } });
  });
  after(() => gw.close());

  test('an unauthenticated caller is known by its address: a second socket from it is refused, one from elsewhere is not', async () => {
    const first = await openRawSocket(gw.url, { init: {} });
    assert.deepEqual(await first.next(), { type: 'connection_ack' });
    const second = await openRawSocket(gw.url, { init: {} });
    const elsewhere = await openRawSocket(gw.url, { init: {}, localAddress: '127.0.0.2' });
    try {
      assert.deepEqual(await second.closed, {
        code: 4429,
        reason: 'Too many connections: at most 1 websockets per caller (WEBSOCKETS_PER_CALLER)',
      });
      assert.deepEqual(await elsewhere.next(), { type: 'connection_ack' });
    } finally {
      [first, second, elsewhere].forEach((socket) => socket.close());
    }
  });
});

describe('SUBSCRIPTIONS_PER_SOCKET', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway({ env: { SUBSCRIPTIONS_PER_SOCKET: '2' } });
  });
  after(() => gw.close());

  test('an operation past the limit gets an error of its own; the socket and its subscriptions go on', async () => {
    const since = String(await gw.gateway.store.latestOrderEventCursor());
    const socket = openSocket(gw.url);
    try {
      const first = socket.subscribe<any>(NOON_ORDER_EVENTS, { since });
      const second = socket.subscribe<any>(NOON_ORDER_EVENTS, { since });
      const third = socket.subscribe<any>(NOON_ORDER_EVENTS, { since });
      const refusal = await firstOutcome(third);
      assert.deepEqual(refusal.errors, [
        {
          message:
            'Too many operations on this websocket: at most 2 at once (SUBSCRIPTIONS_PER_SOCKET). Complete one first; ' +
            'the others go on',
          extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 2, httpStatus: 429 },
        },
      ]);

      const id = `NOON:${gw.noon.control.placeFbpiOrder()}`;
      dataOf(await gw.graphql(`mutation ($id: ID!) { confirmOrder(id: $id) { id } }`, { id }));
      await Promise.all([first, second].map((subscription) => confirmationOf(subscription, id)));

      // Completing one makes room for another, on the same socket.
      await first.close();
      const fourth = await eventually('room for one more operation', async () => {
        const query = socket.subscribe(`{ __typename }`);
        const outcome = await firstOutcome(query);
        return outcome.errors === undefined ? outcome : undefined;
      });
      assert.deepEqual(fourth, { data: { __typename: 'Query' } });
    } finally {
      await socket.close();
    }
  });
});
