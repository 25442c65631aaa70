import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { eventually } from '../../support/eventually.js';
import { freePort } from './free-port.js';
import { redisAnswers } from './redis.js';

/** The redis-server binary: REDIS_SERVER_BIN, else the one on PATH. */
const BINARY = process.env.REDIS_SERVER_BIN ?? 'redis-server';

/**
 * A Redis of the test's own, on a free loopback port, that the test can kill and start again on the same port (an
 * outage), unlike the shared one TEST_REDIS_URL names. Nothing is saved to disk. `kill` belongs in the test's `after`.
 */
export class TestRedisServer {
  private child: ChildProcess | undefined;
  /** What it printed, for a failure's message. */
  private output = '';

  private constructor(private readonly port: number) {}

  /** A running server; undefined when there is no redis-server binary (the caller prints its SKIPPED line). */
  static async start(): Promise<TestRedisServer | undefined> {
    if (spawnSync(BINARY, ['--version']).error !== undefined) return undefined;
    const server = new TestRedisServer(await freePort());
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it (again, after `kill`) on its port, and waits until it answers PING. */
  async restart(): Promise<void> {
    const child = spawn(
      BINARY,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (this.output += chunk));
    try {
      await eventually(`redis-server on port ${this.port}`, async () => {
        if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode})`);
        return (await redisAnswers(this.url)) || undefined;
      });
    } catch (error) {
      await this.kill();
      throw new Error(`${(error as Error).message}; its output:\n${this.output}`, { cause: error });
    }
  }

  /** SIGKILL, as a crash: no goodbye to its clients. Resolves once it has exited. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}
