import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FruugoSandbox } from '../sandbox/fruugo/index.js';
import type { IncreffSandbox } from '../sandbox/increff/index.js';
import type { MarketplacerSandbox } from '../sandbox/marketplacer/index.js';
import type { NoonSandbox } from '../sandbox/noon/index.js';
import {
  fruugoEnv,
  increffEnv,
  marketplacerEnv,
  noonEnv,
  withSimulators,
  type TestGateway,
  type TestGatewayOptions,
} from './gateway.js';
import { eventually } from './eventually.js';

const MAIN = fileURLToPath(new URL('../src/main.js', import.meta.url));

/**
 * `node dist/src/main.js`, as `npm start` runs it, in a child process whose environment is exactly `env` (nothing
 * from the shell running the tests leaks in), with METRICS_PORT=0 unless `env` sets it: gateways started side by side
 * never compete for the default 9464. Every wait is bounded; `stop` belongs in the test's `after`/finally.
 */
export class GatewayProcess {
  readonly child: ChildProcess;
  /** stdout (unless it goes to `stdoutFile`) and stderr, in the order they arrived. */
  output = '';
  stderr = '';
  private readonly stdoutFile: string | undefined;
  /** The exit code once it has exited and its output is read (null after a signal); undefined until then. */
  private code: number | null | undefined;

  /**
   * `entry`: another build's main.js (a production build in a temporary folder); default the tests' own build.
   * `execArgv`: Node's own flags, e.g. `--cpu-prof` for a benchmark's profile (NODE_OPTIONS refuses it).
   * `stdoutFile`: a file its stdout is written to (made anew), as a service manager would, instead of a pipe to this process: a
   * benchmark's gateway logs every request, and a pipe that a busy load generator reads late would stall it.
   */
  constructor(
    env: Record<string, string>,
    { entry = MAIN, execArgv = [], stdoutFile }: { entry?: string; execArgv?: string[]; stdoutFile?: string } = {},
  ) {
    this.stdoutFile = stdoutFile;
    const stdout = stdoutFile === undefined ? 'pipe' : openSync(stdoutFile, 'w');
    this.child = spawn(process.execPath, [...execArgv, entry], {
      env: { METRICS_PORT: '0', ...env },
      stdio: ['ignore', stdout, 'pipe'],
    });
    if (typeof stdout === 'number') closeSync(stdout);
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
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
          const match = pattern.exec(this.printedSoFar());
          if (match) return match;
          if (this.code !== undefined) throw new Error(`the gateway exited (${this.code}) without printing ${pattern}`);
          return undefined;
        },
        timeoutMs,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; its output:\n${this.printedSoFar()}`, { cause: error });
    }
  }

  /** The gateway's origin (http://host:port) once its banner says it is ready. */
  async ready(timeoutMs?: number): Promise<string> {
    return (await this.printed(/Gateway ready: (?:open )?(http:\/\/[^/\s]+)\/graphql/, timeoutMs))[1]!;
  }

  /** Its `/metrics` URL once its banner names it (unless METRICS_PORT=off). */
  async metricsUrl(timeoutMs?: number): Promise<string> {
    return (await this.printed(/Metrics \(Prometheus\): (http:\/\/\S+)/, timeoutMs))[1]!;
  }

  /** All it has printed so far, stdout and stderr. */
  private printedSoFar(): string {
    return this.stdoutFile === undefined ? this.output : readFileSync(this.stdoutFile, 'utf8') + this.stderr;
  }

  /** Its exit code, once it has exited. */
  exited(timeoutMs = 20_000): Promise<number | null> {
    return eventually('the gateway to exit', async () => this.code, timeoutMs);
  }

  /**
   * Sends `signal` unless it has already exited, and waits until it has. When it does not exit in time, it is killed
   * and the failure shows what it printed after the signal: the shutdown's own log says what it was closing.
   */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const printedBefore = this.printedSoFar().length;
    if (this.code === undefined) this.child.kill(signal);
    try {
      await this.exited(10_000);
    } catch (error) {
      this.child.kill('SIGKILL');
      throw new Error(
        `${(error as Error).message} after ${signal}; it printed since:\n${this.printedSoFar().slice(printedBefore)}`,
        {
          cause: error,
        },
      );
    }
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

/** A test gateway run as `node dist/src/main.js` in a child process (see {@link startTestGatewayProcess}). */
export interface TestGatewayProcess extends Omit<TestGateway, 'gateway'> {
  process: GatewayProcess;
}

/**
 * As `startTestGateway`, but the gateway runs as `npm start` runs it, in a child process: for benchmarks,
 * whose load must not share the gateway's event loop, and whose figures are the process's own (its RSS). The
 * in-process options (`clock`, `shareEventWork`, `tracerProvider`) do not apply.
 */
export async function startTestGatewayProcess(
  options: TestGatewayOptions & { execArgv?: string[]; stdoutFile?: string } = {},
): Promise<TestGatewayProcess> {
  const { handle, ...gateway } = await withSimulators(options, async (env) => {
    const child = new GatewayProcess(
      Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
      { execArgv: options.execArgv, stdoutFile: options.stdoutFile },
    );
    const origin = await child.ready().catch(async (error: unknown) => {
      await child.stop();
      throw error;
    });
    return { url: `${origin}/graphql`, handle: child, close: () => child.stop('SIGTERM') };
  });
  return { ...gateway, process: handle };
}
