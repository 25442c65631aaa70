import assert from 'node:assert/strict';
import { Agent, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { closeIdleConnectionsWhileClosing } from '../../src/idle-connections.js';

/** A promise resolved when `open()` is called, for a handler (or a test) to wait on. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * A server as the gateway's: connections kept alive far longer than any test, and closed as they fall idle once the
 * close has begun (`closing` resolves then). `/held` answers when its gate opens; `/streamed` sends its headers and a
 * first chunk at once and the rest when its gate opens.
 */
async function startServer(): Promise<{
  app: FastifyInstance;
  origin: string;
  held: ReturnType<typeof gate>;
  streamed: ReturnType<typeof gate>;
  arrived: { held: Promise<void>; streamed: Promise<void> };
  closing: Promise<void>;
}> {
  const app = Fastify({ keepAliveTimeout: 60_000 });
  closeIdleConnectionsWhileClosing(app);
  const closing = gate();
  app.addHook('preClose', async () => closing.open());
  const held = gate();
  const streamed = gate();
  const heldArrived = gate();
  const streamedArrived = gate();
  app.get('/held', async () => {
    heldArrived.open();
    await held.opened;
    return { answered: true };
  });
  app.get('/streamed', (_request, reply) => {
    const body = new PassThrough();
    body.write('first ');
    void streamed.opened.then(() => body.end('last'));
    streamedArrived.open();
    return reply.type('text/plain').send(body);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    origin: `http://127.0.0.1:${port}`,
    held,
    streamed,
    arrived: { held: heldArrived.opened, streamed: streamedArrived.opened },
    closing: closing.opened,
  };
}

/** A GET on a kept-alive connection, answering the response (its body read) and the socket's close. */
function get(
  agent: Agent,
  url: string,
): Promise<{ response: IncomingMessage; body: string; socketClosed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { agent }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ response, body, socketClosed }));
    });
    let socketClosed!: Promise<void>;
    outgoing.on('socket', (socket) => {
      socketClosed = new Promise((closed) => socket.once('close', () => closed()));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('the connections of requests in flight when the server closes', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let agent: Agent;
  before(async () => {
    server = await startServer();
    agent = new Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
  });
  after(async () => {
    agent.destroy();
    await server.app.close();
  });

  test('are closed once their requests are answered, rather than kept alive, so the close ends', async () => {
    const held = get(agent, `${server.origin}/held`);
    const streamed = get(agent, `${server.origin}/streamed`);
    await Promise.all([server.arrived.held, server.arrived.streamed]);

    const closed = server.app.close();
    await server.closing;
    server.held.open();
    server.streamed.open();
    const [heldAnswer, streamedAnswer] = await Promise.all([held, streamed]);

    // Answered in full, one after the close began, the other with its headers sent before.
    assert.equal(heldAnswer.response.statusCode, 200);
    assert.deepEqual(JSON.parse(heldAnswer.body), { answered: true });
    assert.equal(streamedAnswer.body, 'first last');
    // Both said their connections would be kept alive, for the 60 s the server allows…
    assert.equal(heldAnswer.response.headers.connection, 'keep-alive');
    assert.equal(streamedAnswer.response.headers['keep-alive'], 'timeout=60');
    // …and both are closed by the server soon after their answers, so its close ends.
    const within = (ms: number) =>
      new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), ms).unref());
    assert.equal(
      await Promise.race([
        Promise.all([heldAnswer.socketClosed, streamedAnswer.socketClosed, closed]).then(() => 'closed'),
        within(5000),
      ]),
      'closed',
    );
  });
});
