import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallbackEnvelope } from '../../datasources/fruugo/wire.js';
import { parseLoosePayload, type LooseValue } from '../../src/webhooks/fruugo/loose-payload.js';

// A stand-in for the retailer's webhook, for the Fruugo simulator's tests: it records every POST and answers
// what the test tells it to.

/** An HTTP status to answer, `drop` to reset the connection, `hang` to never answer. */
export type ReceiverAnswer = number | 'drop' | 'hang';

export interface ReceivedCallback {
  headers: IncomingHttpHeaders;
  /** The status it was answered with (`drop` and `hang` as such). */
  answer: ReceiverAnswer;
  envelope: CallbackEnvelope;
  /** The envelope's payload, read the way the gateway reads it. */
  payload: LooseValue;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedCallback[];
  /** Answers for the next deliveries, in order; 200 once they run out. */
  answerNext(...answers: ReceiverAnswer[]): void;
  /** Resolves with the first delivery answered 2xx for this correlation id (waiting for it if need be). */
  delivered(correlationId: string, timeoutMs?: number): Promise<ReceivedCallback>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedCallback[] = [];
  const queue: ReceiverAnswer[] = [];
  const waiting: Array<() => void> = [];
  const hanging: ServerResponse[] = [];

  const server: Server = createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      const answer = queue.shift() ?? 200;
      const envelope = JSON.parse(text) as CallbackEnvelope;
      received.push({ headers: request.headers, answer, envelope, payload: parseLoosePayload(envelope.value.payload) });
      for (const wake of waiting.splice(0)) wake();
      if (answer === 'drop') return request.socket.destroy();
      if (answer === 'hang') return void hanging.push(response);
      response.writeHead(answer, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const find = (correlationId: string) =>
    received.find(
      (entry) =>
        entry.envelope.value.correlationId === correlationId &&
        typeof entry.answer === 'number' &&
        entry.answer >= 200 &&
        entry.answer < 300,
    );

  return {
    url: `http://127.0.0.1:${port}/webhooks/fruugo`,
    received,
    answerNext: (...answers) => queue.push(...answers),
    async delivered(correlationId, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = find(correlationId);
        if (found !== undefined) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no callback delivered for ${correlationId} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiting.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
