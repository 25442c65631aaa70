import { request } from 'node:http';
import { connect } from 'node:net';

// Requests no well-behaved client sends, to see what the gateway does before a body has arrived: a body announced
// and never sent whole, and a request trickled a byte at a time.

/** What the gateway answered a request whose body it was never sent whole. */
export interface EarlyAnswer {
  status: number;
  /** The `connection` header of the answer. */
  connection: string | undefined;
  body: string;
  /** How many bytes of the announced body had been handed to the socket when the answer arrived. */
  sentBeforeAnswer: number;
}

/** A request whose body is announced and never sent whole. */
export interface UnsentBody {
  method: 'POST' | 'PUT';
  headers: Record<string, string>;
  /** The Content-Length announced. */
  declaredBytes: number;
  /**
   * How much of it is sent (1 KiB unless said): little enough to arrive with the headers, so a gateway that answers
   * and closes at once has read all that was sent, and TCP does not reset the connection under its answer.
   */
  sentBytes?: number;
}

/**
 * Sends a request announcing `declaredBytes` of body (Content-Length) but only the first `sentBytes` of it, then
 * waits. Resolves once the gateway has answered and closed the connection: a gateway that waited for the rest of the
 * body would do neither, and the test would time out.
 */
export function sendWithoutBody(
  url: string,
  { method, headers, declaredBytes, sentBytes = 1024 }: UnsentBody,
): Promise<EarlyAnswer> {
  return new Promise((resolve, reject) => {
    let answer: Omit<EarlyAnswer, 'body'> | undefined;
    let body = '';
    let ended = false;
    let closed = false;
    const settle = () => {
      if (answer !== undefined && ended && closed) resolve({ ...answer, body });
    };
    const req = request(url, {
      method,
      agent: false,
      headers: { ...headers, 'content-length': String(declaredBytes) },
    });
    let sent = 0;
    req.on('response', (response) => {
      answer = { status: response.statusCode!, connection: response.headers.connection, sentBeforeAnswer: sent };
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        ended = true;
        settle();
      });
    });
    req.on('socket', (socket) =>
      socket.on('close', () => {
        closed = true;
        settle();
      }),
    );
    // Writing into a connection the gateway closed fails; only a failure before its answer is the test's.
    req.on('error', (error) => {
      if (answer === undefined) reject(error);
    });
    const chunk = Buffer.alloc(Math.min(sentBytes, 16 * 1024), 'x');
    while (sent < sentBytes) {
      req.write(chunk);
      sent += chunk.length;
    }
  });
}

/** What a trickling client met. */
export interface Trickled {
  /** Everything the gateway sent back. */
  response: string;
  /** How many bytes of the rest had been sent when the connection ended. */
  trickled: number;
}

/**
 * Opens a connection, sends `head` (the start of a request), then one byte of `rest` every `everyMs`, as a slow
 * client (or a slow-loris attack) would, until the connection ends; resolves with what the client met.
 */
export function trickle(origin: string, head: string, rest: string, everyMs: number): Promise<Trickled> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let response = '';
    let trickled = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (trickled < rest.length) socket.write(rest[trickled++]!);
      }, everyMs);
    });
    socket.on('data', (chunk: string) => (response += chunk));
    // A gateway that closes while the client is still sending resets the connection: that too ends it.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ response, trickled });
    });
  });
}
