import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A stand-in for the receiver of a simulator's webhooks, for the simulators' own tests: it records every POST,
// read by the test's `read`, and answers what the test tells it to.

/** An HTTP status to answer, `drop` to reset the connection, `hang` to never answer. */
export type ReceiverAnswer = number | 'drop' | 'hang';

export type Received<Read> = Read & {
  headers: IncomingHttpHeaders;
  /** The raw body, as sent. */
  body: string;
  /** The status it was answered with (`drop` and `hang` as such). */
  answer: ReceiverAnswer;
};

export interface WebhookReceiver<Read> {
  /** The receiver's URL, path included. */
  url: string;
  received: Array<Received<Read>>;
  /** Answers for the next deliveries, in order; 200 once they run out. */
  answerNext(...answers: ReceiverAnswer[]): void;
  /** Resolves with the first delivery `matching` answered 2xx (waiting for it if need be). */
  delivered(matching: (entry: Received<Read>) => boolean, what: string, timeoutMs?: number): Promise<Received<Read>>;
  close(): Promise<void>;
}

export async function startWebhookReceiver<Read>(
  path: string,
  read: (body: string) => Read,
): Promise<WebhookReceiver<Read>> {
  const received: Array<Received<Read>> = [];
  const queue: ReceiverAnswer[] = [];
  const waiting: Array<() => void> = [];
  const hanging: ServerResponse[] = [];

  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const answer = queue.shift() ?? 200;
      received.push({ ...read(body), headers: request.headers, body, answer });
      for (const wake of waiting.splice(0)) wake();
      if (answer === 'drop') return request.socket.destroy();
      if (answer === 'hang') return void hanging.push(response);
      response.writeHead(answer, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const succeeded = (entry: Received<Read>) =>
    typeof entry.answer === 'number' && entry.answer >= 200 && entry.answer < 300;

  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    answerNext: (...answers) => queue.push(...answers),
    async delivered(matching, what, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find((entry) => matching(entry) && succeeded(entry));
        if (found !== undefined) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`nothing delivered for ${what} within ${timeoutMs} ms`);
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
