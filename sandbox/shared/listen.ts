import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { TrafficOptions } from './traffic.js';

/** Where a simulator listens: port 0 (the default) lets the OS choose, so tests and several sandboxes never clash. */
export interface ListenOptions {
  port?: number;
  /** Default 127.0.0.1: a simulator is for this machine only. */
  host?: string;
}

/** The start options every simulator takes, besides its marketplace's own. */
export interface SimulatorOptions extends ListenOptions, TrafficOptions {
  /** Fastify logger option; default false. */
  logger?: FastifyServerOptions['logger'];
}

/** Something a simulator runs besides its server (a webhook sender), stopped after it. */
export interface Closable {
  close(): void | Promise<void>;
}

export interface ListeningSimulator {
  /** The base URL (`http://127.0.0.1:43123`), the value a gateway is pointed at. */
  url: string;
  /** Stops the server, then each of the simulator's other parts in turn, waiting for each. */
  close(): Promise<void>;
}

/**
 * Starts `app`. Closing it stops the server first, so no request reaches the other parts while they stop, then
 * each of `alsoClose` in order.
 */
export async function listenOnLoopback(
  app: FastifyInstance,
  options: ListenOptions,
  ...alsoClose: Closable[]
): Promise<ListeningSimulator> {
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the simulator is not listening on TCP');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: async () => {
      await app.close();
      for (const part of alsoClose) await part.close();
    },
  };
}
