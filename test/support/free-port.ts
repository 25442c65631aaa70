import { createServer, type AddressInfo } from 'node:net';

/** A loopback port free at the time of asking (for a server the test starts, or one that must refuse connections). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
