import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logger.js';
import { CoalescedWrites } from './coalesced-writes.js';

export interface SocketServerOptions {
  /** Where a socket's protocol errors and the gateway's own faults on a socket are logged. */
  log: Logger;
  /**
   * How often each socket is pinged; one that has not answered by the next ping is dropped. graphql-ws's own
   * default, 12 s: load balancers close connections idle for longer than about a minute.
   */
  keepAliveMs?: number;
  /**
   * Unsent bytes a socket may hold before the next message waits for them to be written. A message is otherwise
   * queued at once, so the messages of one turn leave together (CoalescedWrites); past this a client reading slower
   * than its events come is waited for, and its events wait in its subscription's queue (SUBSCRIPTION_BUFFER_EVENTS),
   * whose oldest go first, instead of in memory without bound.
   */
  highWaterBytes?: number;
}

/** The reason of a close for a fault of the gateway's own: the fault itself is logged, not told to the client. */
const INTERNAL_ERROR_REASON = 'Internal server error';

/**
 * graphql-ws served on a ws server: graphql-ws's `useServer` (graphql-ws/use/ws) as its documented `makeServer`
 * builds it, with two differences. A message is sent without waiting for the write before it (a subscriber's
 * messages of one turn leave in one write, below a high-water mark), where useServer waits for each write's callback
 * and so made a system call of every message; and faults are logged with the gateway's logger, not the console.
 */
export function serveOverWebSockets<P extends Record<string, unknown>, E extends Extra>(
  /** graphql-ws's options; what the gateway keeps on a socket starts from `Extra`, as with useServer. */
  graphql: ServerOptions<P, E>,
  sockets: WebSocketServer,
  options: SocketServerOptions,
): { dispose(): Promise<void> } {
  const { log, keepAliveMs = 12_000, highWaterBytes = 64 * 1024 } = options;
  const server = makeServer(graphql);
  const writes = new CoalescedWrites();
  sockets.options.handleProtocols = handleProtocols;

  sockets.on('connection', (socket: WebSocket, request) => {
    // A frame that breaks the protocol, or a message over the size limit: ws closes the socket with the code that
    // says which (1002, 1009). The client's mistake, not the gateway's.
    socket.on('error', (error) => log.warn({ err: error }, 'websocket closed for a protocol error'));

    let answered = true;
    const pings =
      keepAliveMs > 0 && Number.isFinite(keepAliveMs)
        ? setInterval(() => {
            if (!answered) return socket.terminate();
            answered = false;
            socket.ping();
          }, keepAliveMs)
        : undefined;
    socket.on('pong', () => (answered = true));

    const send = (data: string): Promise<void> | void => {
      if (socket.readyState !== socket.OPEN) return;
      writes.hold(request.socket);
      if (socket.bufferedAmount < highWaterBytes) return socket.send(data);
      return new Promise((resolve, reject) => socket.send(data, (error) => (error ? reject(error) : resolve())));
    };
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send,
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            handle(String(data)).catch((error: unknown) => {
              log.error({ err: error }, 'graphql-ws failed handling a message');
              socket.close(CloseCode.InternalServerError, INTERNAL_ERROR_REASON);
            });
          }),
      },
      { socket, request } as E,
    );
    socket.once('close', (code, reason) => {
      clearInterval(pings);
      void closed(code, String(reason));
    });
  });

  return {
    async dispose() {
      for (const socket of sockets.clients) socket.close(1001, 'Going away');
      sockets.removeAllListeners();
      await new Promise<void>((resolve, reject) => sockets.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
