import { fileURLToPath } from 'node:url';
import type { Config } from './config.js';

/**
 * What the gateway asks of the simulators (`sandbox/start.ts` provides it). The contract lives here, on the gateway's
 * side, so that the production entry names no simulator file: `sandbox/` depends on it, not the other way round.
 */
export interface RunningSimulators {
  /** The configuration with every simulated marketplace pointed at its simulator. */
  config: Config;
  /** One line per simulator started, for the start-up banner. */
  started: string[];
  /**
   * Tells the simulators where the gateway listens (its base URL, e.g. http://127.0.0.1:4000), so those that call
   * back (Fruugo's callbacks, noon's order events, Marketplacer's webhooks, Increff's warehouse updates) can, as a
   * user registers the gateway's webhook URLs with the real marketplace.
   */
  connect(gatewayUrl: string): void;
  close(): Promise<void>;
}

/** The simulators' entry point: starts one per marketplace `config` leaves unconfigured (when `config.sandbox`). */
export type StartSimulators = (config: Config) => Promise<RunningSimulators>;

/** The simulators could not be loaded because this build does not have them; `message` is the one line to print. */
export class SimulatorsMissing extends Error {}

/**
 * `sandbox/start.js` beside this module's folder (dist/src → dist/sandbox). Kept in a variable on purpose: tsc follows
 * an `import()` of a string literal into the program, which would compile the simulators into a build of src/ alone.
 */
const ENTRY = new URL('../sandbox/start.js', import.meta.url);

/** No simulators: the configuration as it is. */
function none(config: Config): RunningSimulators {
  return { config, started: [], connect: () => {}, close: async () => {} };
}

/** True when `error` says the simulators' entry itself is absent (not one of its own imports). */
function entryMissing(error: unknown): boolean {
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') return false;
  const { url } = error as Error & { url?: unknown };
  return url === ENTRY.href || error.message.includes(`'${fileURLToPath(ENTRY)}'`);
}

/**
 * When `config.sandbox`, loads the simulators (only then: the production entry reaches them through this dynamic
 * import and nothing else) and starts those `config` calls for. A build without `sandbox/` refuses with
 * SimulatorsMissing instead of a module-resolution stack trace.
 */
export async function startSimulators(config: Config): Promise<RunningSimulators> {
  if (!config.sandbox) return none(config);
  let simulators: { startSandboxes: StartSimulators };
  try {
    simulators = (await import(ENTRY.href)) as { startSandboxes: StartSimulators };
  } catch (error) {
    if (!entryMissing(error)) throw error;
    throw new SimulatorsMissing(
      config.production
        ? 'SANDBOX=on needs the simulators, which this build leaves out: set SANDBOX=off, or run a build that has sandbox/'
        : 'Outside production simulators start by default (SANDBOX=auto), and this build leaves them out: ' +
            'set NODE_ENV=production or SANDBOX=off',
    );
  }
  return simulators.startSandboxes(config);
}
