import type { FastifyInstance } from 'fastify';

/** Where a simulator listens: port 0 (the default) lets the OS choose, so tests and several sandboxes never clash. */
export interface ListenOptions {
  port?: number;
  /** Default 127.0.0.1: a simulator is for this machine only. */
  host?: string;
}

/** Starts `app` and resolves with its base URL (`http://127.0.0.1:43123`), the value a gateway is pointed at. */
export async function listenOnLoopback(app: FastifyInstance, options: ListenOptions = {}): Promise<string> {
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the simulator is not listening on TCP');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

