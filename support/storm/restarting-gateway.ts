import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { GatewayProcess } from '../gateway-process.js';

/**
 * A loopback port free now and below the range the kernel hands out for port 0: while the gateway is down between a
 * kill and its restart, no other process of the machine's tests (gateways, simulators and FerretDBs listening on
 * port 0) can be given it, and the senders reach no one else's server there.
 */
async function portOutsideEphemeralRange(): Promise<number> {
  const range = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').catch(() => '32768');
  const below = Number.parseInt(range, 10);
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 10_000 + Math.floor(Math.random() * (below - 10_000));
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free loopback port between 10000 and ${below}`);
}

/**
 * One gateway, as its senders see it: a process on a fixed port that is killed with SIGKILL and started again on
 * the same store (the same environment), so a sender whose connection is refused finds it there again later.
 */
export class RestartingGateway {
  kills = 0;
  /** How long each restart took, from the SIGKILL to the new process's ready banner (ms): the senders' downtime. */
  readonly downtimesMs: number[] = [];
  private process: GatewayProcess;

  private constructor(
    private readonly env: Record<string, string>,
    /** http://127.0.0.1:port, the same across restarts. */
    readonly origin: string,
  ) {
    this.process = new GatewayProcess(env);
  }

  /** A gateway started with `env` and ready; its PORT is chosen here and kept, as a real one keeps its address. */
  static async start(env: Record<string, string>): Promise<RestartingGateway> {
    const port = await portOutsideEphemeralRange();
    const gateway = new RestartingGateway({ ...env, PORT: String(port) }, `http://127.0.0.1:${port}`);
    await gateway.ready();
    return gateway;
  }

  /** SIGKILL, then the same gateway again, once it is ready. */
  async killAndRestart(): Promise<void> {
    const killed = performance.now();
    await this.process.stop('SIGKILL');
    this.kills++;
    this.process = new GatewayProcess(this.env);
    await this.ready();
    this.downtimesMs.push(performance.now() - killed);
  }

  /** Stops the process with `signal` (SIGTERM: the ordinary shutdown) and waits until it has exited. */
  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    return this.process.stop(signal);
  }

  /** Waits for the banner; a process that does not start is stopped and its output shown. */
  private async ready(): Promise<void> {
    try {
      await this.process.ready(30_000);
    } catch (error) {
      await this.process.stop('SIGKILL');
      throw error;
    }
  }
}
