/**
 * graphql-ws's protocol (graphql-transport-ws) spoken with `ws` alone, for the benchmarks that hold thousands of
 * sockets or take thousands of events a second: graphql-ws's own client per socket would make this process, the
 * load, the slower side of what is measured.
 */
import { once } from 'node:events';
import WebSocket from 'ws';

/** A socket the gateway has acknowledged (`connection_ack`). */
export async function ackedSocket(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  await once(socket, 'open');
  socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
  const [data] = (await once(socket, 'message')) as [WebSocket.RawData];
  const message = JSON.parse(data.toString()) as { type: string };
  if (message.type !== 'connection_ack') throw new Error(`expected connection_ack, got ${data.toString()}`);
  return socket;
}

/** Starts `query` on `socket` as operation `id`; `onNext` gets each `next` payload's raw text as it arrives. */
export function subscribeOn(socket: WebSocket, id: string, query: string, onNext: (raw: string) => void): void {
  socket.on('message', (data: WebSocket.RawData) => {
    const raw = data.toString();
    if (raw.startsWith('{"id":"' + id + '","type":"next"')) onNext(raw);
    else if (raw.includes('"type":"error"')) throw new Error(`subscription ${id} refused: ${raw}`);
  });
  socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query } }));
}

/** Closes every socket and waits until each is closed. */
export async function closeAll(sockets: readonly WebSocket[]): Promise<void> {
  await Promise.all(
    sockets.map(async (socket) => {
      if (socket.readyState === WebSocket.CLOSED) return;
      const closed = once(socket, 'close');
      socket.close(1000);
      await closed;
    }),
  );
}
