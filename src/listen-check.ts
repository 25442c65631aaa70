import { createServer } from 'node:net';

/**
 * Opens HOST:PORT and closes it again, before anything else starts: a port that is taken (or not this user's to
 * open) is then reported at once, not after the simulators and the store have been started for nothing. It also
 * keeps that error away from the websocket server attached to the gateway's HTTP server, which prints every error
 * of that server with its stack trace. Rejects with Node's listen error.
 */
export async function checkCanListen(host: string, port: number): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, resolve);
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
