import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FruugoSandbox } from '../sandbox/fruugo/index.js';
import type { IncreffSandbox } from '../sandbox/increff/index.js';
import type { MarketplacerSandbox } from '../sandbox/marketplacer/index.js';
import type { NoonSandbox } from '../sandbox/noon/index.js';
import { fruugoEnv, increffEnv, marketplacerEnv, noonEnv } from './gateway.js';
import { eventually } from './eventually.js';

const MAIN = fileURLToPath(new URL('../src/main.js', import.meta.url));

/**
 * `node dist/src/main.js`, as `npm start` runs it, in a child process whose environment is exactly `env` (nothing
 * from the shell running the tests leaks in). Every wait is bounded; `stop` belongs in the test's `after`/finally.
 */
export class GatewayProcess {
  readonly child: ChildProcess;
  /** stdout and stderr, in the order they arrived. */
  output = '';
  stderr = '';
  /** The exit code once it has exited and its output is read (null after a signal); undefined until then. */
  private code: number | null | undefined;

  /**
   * `entry`: another build's main.js (a production build in a temporary folder); default the tests' own build.
   * `execArgv`: Node's own options before it (a benchmark's `--cpu-prof`).
   */
  constructor(
    env: Record<string, string>,
    { entry = MAIN, execArgv = [] }: { entry?: string; execArgv?: readonly string[] } = {},
  ) {
    this.child = spawn(process.execPath, [...execArgv, entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
      this.stderr += chunk.toString();
    });
    // 'close', not 'exit': by then all it printed has been read.
    this.child.once('close', (code) => (this.code = code));
    // A gateway outlives no test process: one that ends without stopping it (a failure, a timeout) kills it.
    const orphaned = () => this.child.kill('SIGKILL');
    process.once('exit', orphaned);
    this.child.once('exit', () => process.off('exit', orphaned));
  }

  /** The first match of `pattern` in the output; fails, showing the output, if the process exits or time runs out first. */
  async printed(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
    try {
      return await eventually(
        `${pattern} in the gateway's output`,
        async () => {
          const match = pattern.exec(this.output);
          if (match) return match;
          if (this.code !== undefined) throw new Error(`the gateway exited (${this.code}) without printing ${pattern}`);
          return undefined;
        },
        timeoutMs,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; its output:\n${this.output}`, { cause: error });
    }
  }

  /** The gateway's origin (http://host:port) once its banner says it is ready. */
  async ready(timeoutMs?: number): Promise<string> {
    return (await this.printed(/Gateway ready: (?:open )?(http:\/\/[^/\s]+)\/graphql/, timeoutMs))[1]!;
  }

  /** Its exit code, once it has exited. */
  exited(timeoutMs = 20_000): Promise<number | null> {
    return eventually('the gateway to exit', async () => this.code, timeoutMs);
  }

  /** Sends `signal` unless it has already exited, and waits until it has. */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.code === undefined) this.child.kill(signal);
    await this.exited(10_000);
  }
}

/**
 * The environment a child gateway gets in front of a noon and a Fruugo simulator, written as a user would, with no
 * simulators of its own and quick webhook retries; `more` adds or overrides (a store, Redis).
 */
export function simulatedMarketplacesEnv(
  dataDir: string,
  noon: NoonSandbox,
  fruugo: FruugoSandbox,
  more: Record<string, string> = {},
): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SANDBOX: 'off',
    NOON_BASE_URL: noon.url,
    NOON_KEY_JSON: JSON.stringify(noon.serviceAccountKey()),
    ...fruugoEnv(fruugo),
    WEBHOOK_RETRY_SECONDS: '1',
    ...more,
  };
}

/** One simulator of each marketplace, for a gateway in front of all four. */
export interface MarketplaceSimulators {
  noon: NoonSandbox;
  fruugo: FruugoSandbox;
  increff: IncreffSandbox;
  marketplacer: MarketplacerSandbox;
}

/**
 * The environment of a child gateway in front of all four simulators, each configured as a user would for the real
 * marketplace, webhooks of every source included (noon's FBPI warehouse and webhook headers, Increff's token,
 * Marketplacer's HMAC key); otherwise as {@link simulatedMarketplacesEnv}.
 */
export function allMarketplacesEnv(
  dataDir: string,
  simulators: MarketplaceSimulators,
  more: Record<string, string> = {},
): Record<string, string> {
  return simulatedMarketplacesEnv(dataDir, simulators.noon, simulators.fruugo, {
    ...noonEnv(simulators.noon),
    ...increffEnv(simulators.increff),
    ...marketplacerEnv(simulators.marketplacer),
    ...more,
  });
}
