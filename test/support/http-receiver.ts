import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A stand-in for whoever receives a simulator's webhooks: it records every POST and answers what the test tells it
// to. The per-marketplace receivers read the bodies in their marketplace's format.

/** An HTTP status to answer, `drop` to reset the connection, `hang` to never answer. */
export type ReceiverAnswer = number | 'drop' | 'hang';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  /** The body exactly as sent. */
  body: string;
  /** What it was answered (`drop` and `hang` as such). */
  answer: ReceiverAnswer;
}

export interface HttpReceiver {
  /** The URL to register: `http://127.0.0.1:<port><path>`. */
  url: string;
  received: ReceivedRequest[];
  /** Answers for the next requests, in order; 200 once they run out. */
  answerNext(...answers: ReceiverAnswer[]): void;
  /** Resolves with what `find` finds among the requests so far, waiting for more until it finds something. */
  waitFor<T>(what: string, find: (received: readonly ReceivedRequest[]) => T | undefined, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/** Whether a request was answered 2xx: delivered, in the sender's eyes. */
export function answered2xx(entry: ReceivedRequest): boolean {
  return typeof entry.answer === 'number' && entry.answer >= 200 && entry.answer < 300;
}

export async function startHttpReceiver(path: string): Promise<HttpReceiver> {
  const received: ReceivedRequest[] = [];
  const queue: ReceiverAnswer[] = [];
  const waiting: Array<() => void> = [];
  const hanging: ServerResponse[] = [];

  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const answer = queue.shift() ?? 200;
      received.push({ headers: request.headers, body, answer });
      for (const wake of waiting.splice(0)) wake();
      if (answer === 'drop') return request.socket.destroy();
      if (answer === 'hang') return void hanging.push(response);
      response.writeHead(answer, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    answerNext: (...answers) => queue.push(...answers),
    async waitFor(what, find, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = find(received);
        if (found !== undefined) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms`);
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
