import WebSocket from 'ws';

/** A websocket speaking graphql-transport-ws by hand: for what a well-behaved client never sends. */
export interface RawSocket {
  /** Sends `message` as is (a string), or as JSON. */
  send(message: unknown): void;
  /** The next message the server sends, parsed. */
  next(): Promise<Record<string, unknown>>;
  /** Resolves with the close code and reason once the socket has closed. */
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export interface RawSocketOptions {
  /** What `connection_init` carries; no `connection_init` is sent when undefined. */
  init?: Record<string, unknown>;
  /** The local address to connect from (any of 127.0.0.0/8 on Linux): another caller, by address. */
  localAddress?: string;
}

/** Opens a graphql-transport-ws socket to `url` (the gateway's http:// /graphql), sending `connection_init`. */
export async function openRawSocket(url: string, options: RawSocketOptions = {}): Promise<RawSocket> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws', {
    ...(options.localAddress ? { localAddress: options.localAddress } : {}),
  });
  const received: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    received.push(JSON.parse(String(data)) as Record<string, unknown>);
    waiters.splice(0).forEach((wake) => wake());
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => {
      resolve({ code, reason: String(reason) });
      waiters.splice(0).forEach((wake) => wake());
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const raw: RawSocket = {
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    async next() {
      while (received.length === 0) {
        if (socket.readyState === WebSocket.CLOSED) throw new Error('the socket closed before a message came');
        await new Promise<void>((wake) => waiters.push(wake));
      }
      return received.shift()!;
    },
    closed,
    close: () => socket.close(),
  };
  if (options.init !== undefined) raw.send({ type: 'connection_init', payload: options.init });
  return raw;
}
