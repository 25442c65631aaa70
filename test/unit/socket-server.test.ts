import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { makeExecutableSchema } from '@graphql-tools/schema';
import Fastify from 'fastify';
import WebSocket, { WebSocketServer } from 'ws';
import { eventually } from '../../support/eventually.js';
import { CoalescedWrites } from '../../src/graphql/coalesced-writes.js';
import { serveOverWebSockets, type SocketServerOptions } from '../../src/graphql/socket-server.js';

/** How many `ticks` the server has made: what backpressure holds back. */
let made = 0;

const schema = makeExecutableSchema({
  typeDefs: 'type Query { ok: Boolean } type Subscription { ticks(count: Int!, size: Int!): String }',
  resolvers: {
    Subscription: {
      ticks: {
        subscribe: async function* (_: unknown, { count, size }: { count: number; size: number }) {
          for (let n = 0; n < count; n++) {
            made = n + 1;
            yield { ticks: `${n}:`.padEnd(size, 'x') };
          }
        },
      },
    },
  },
});

interface Served {
  url: string;
  /** The server's side of each socket, in the order they connected. */
  accepted: WebSocket[];
  /** What the server logged, parsed. */
  logged: Array<{ level: number; msg: string }>;
  close(): Promise<void>;
}

async function serve(
  options: Omit<SocketServerOptions, 'log'> & { onConnect?: () => boolean; maxPayload?: number } = {},
): Promise<Served> {
  const logged: Served['logged'] = [];
  const log = Fastify({
    logger: { level: 'info', stream: { write: (line: string) => void logged.push(JSON.parse(line)) } },
  }).log;
  const http: Server = createServer();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload ?? 1024 * 1024 });
  const accepted: WebSocket[] = [];
  sockets.on('connection', (socket) => accepted.push(socket));
  const served = serveOverWebSockets({ schema, onConnect: options.onConnect }, sockets, { ...options, log });
  http.on('upgrade', (request, socket, head) =>
    sockets.handleUpgrade(request, socket, head, (websocket) => sockets.emit('connection', websocket, request)),
  );
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  return {
    url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/`,
    accepted,
    logged,
    async close() {
      await served.dispose();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

/** A graphql-transport-ws client, acknowledged; its messages parsed, in order. */
async function client(url: string, options: WebSocket.ClientOptions = {}) {
  const socket = new WebSocket(url, 'graphql-transport-ws', options);
  const received: Array<{ type: string; payload?: { data?: { ticks: string } } }> = [];
  socket.on('message', (data) => received.push(JSON.parse(String(data))));
  const closed = once(socket, 'close').then(([code, reason]) => ({ code, reason: String(reason) }));
  await once(socket, 'open');
  socket.send(JSON.stringify({ type: 'connection_init' }));
  return { socket, received, closed };
}

test('a client that stops reading is waited for: the server holds about the high-water mark for it, not every event', async () => {
  const server = await serve({ highWaterBytes: 16 * 1024 });
  try {
    const { socket, received } = await client(server.url);
    await eventually(
      'acknowledged',
      async () => received.some((message) => message.type === 'connection_ack') || undefined,
    );
    socket.pause();
    made = 0;
    const count = 2000;
    const size = 10_000; // 20 MB in all
    socket.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: { query: `subscription { ticks(count: ${count}, size: ${size}) }` },
      }),
    );
    await sleep(500);
    const held = server.accepted[0]!.bufferedAmount;
    assert.ok(held <= 16 * 1024 + 2 * size, `the server held ${held} unsent bytes for a client that reads nothing`);
    assert.ok(made < count / 2, `${made} of ${count} events were made for a client that reads nothing`);

    socket.resume();
    await eventually(
      'every event, once read',
      async () => received.some((message) => message.type === 'complete') || undefined,
      20_000,
    );
    const ticks = received.filter((message) => message.type === 'next').map((message) => message.payload!.data!.ticks);
    assert.equal(ticks.length, count);
    assert.deepEqual(
      ticks.map((tick) => Number(tick.split(':')[0])),
      Array.from({ length: count }, (_, n) => n),
      'in order, none lost',
    );
    socket.close();
  } finally {
    await server.close();
  }
});

test('messages written to a held socket within one turn leave in one write', async () => {
  const writes: number[] = [];
  const sink = new Writable({
    write: (_chunk, _encoding, done) => (writes.push(1), done()),
    writev: (chunks, done) => (writes.push(chunks.length), done()),
  });
  const coalesced = new CoalescedWrites();
  for (const message of ['a', 'b', 'c']) {
    coalesced.hold(sink);
    sink.write(message);
  }
  assert.deepEqual(writes, [], 'nothing written within the turn');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(writes, [3], 'one write of three messages once the turn is over');

  for (const message of ['d', 'e']) sink.write(message);
  assert.deepEqual(writes, [3, 1, 1], 'a socket not held writes each at once');
});

test('a client that answers no ping is dropped; one that does stays', async () => {
  const server = await serve({ keepAliveMs: 50 });
  try {
    const silent = await client(server.url, { autoPong: false });
    const answering = await client(server.url);
    const { code } = await silent.closed;
    assert.equal(code, 1006, 'terminated, without a close handshake');
    await sleep(200);
    assert.equal(answering.socket.readyState, WebSocket.OPEN);
    answering.socket.close();
  } finally {
    await server.close();
  }
});

test('a fault of the gateway’s own closes the socket with graphql-ws’s 4500 and is logged as an error; a message too big is the client’s', async () => {
  const server = await serve({
    maxPayload: 1000,
    onConnect: () => {
      throw new Error('the credential store is gone');
    },
  });
  try {
    const faulty = await client(server.url);
    assert.deepEqual(await faulty.closed, { code: 4500, reason: 'Internal server error' });
    const fault = server.logged.find((line) => line.msg === 'graphql-ws failed handling a message');
    assert.equal(fault?.level, 50);

    const big = await client(server.url);
    big.socket.send('x'.repeat(2000));
    assert.equal((await big.closed).code, 1009);
    await eventually('logged', async () => server.logged.find((line) => /protocol error/.test(line.msg)));
    assert.equal(server.logged.find((line) => /protocol error/.test(line.msg))?.level, 40, 'a warning, not an error');
  } finally {
    await server.close();
  }
});
