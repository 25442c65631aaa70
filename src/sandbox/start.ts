import type { Config } from '../config.js';
import { startIncreffSandbox } from './increff/index.js';
import { startNoonSandbox } from './noon/index.js';

export interface RunningSandboxes {
  /** The configuration with every simulated marketplace pointed at its simulator. */
  config: Config;
  /** One line per simulator started, for the start-up banner. */
  started: string[];
  close(): Promise<void>;
}

/** A simulator started in place of one marketplace: how to point the gateway at it, and how to stop it. */
interface Started {
  configure(config: Config): Config;
  banner: string;
  close(): Promise<void>;
}

/**
 * The simulators, one per marketplace: each starts only when its marketplace has no configuration, and answers the
 * configuration a user would write for the real one (base URL and credentials); the gateway cannot tell.
 */
const SIMULATORS: Array<{ configured(config: Config): boolean; start(config: Config): Promise<Started> }> = [
  {
    configured: (config) => config.noon !== undefined,
    async start(config) {
      const noon = await startNoonSandbox();
      return {
        configure: (current) => ({
          ...current,
          noon: {
            baseUrl: noon.url,
            key: noon.serviceAccountKey(),
            userAgent: config.http.userAgent,
            requestsPerMinute: 1500,
            fbpiWarehouseCode: noon.fbpiWarehouseCode(),
          },
        }),
        banner: `noon simulator on ${noon.url} (FBN inbound, FBPI orders, stock and price, sample data)`,
        close: () => noon.close(),
      };
    },
  },
  {
    configured: (config) => config.increff !== undefined,
    async start() {
      const increff = await startIncreffSandbox();
      return {
        configure: (current) => ({
          ...current,
          increff: { baseUrl: increff.url, ...increff.credentials, locationCode: increff.locationCodes[0] },
        }),
        banner: `Increff simulator on ${increff.url} (outward orders, stock at ${increff.locationCodes.join(', ')})`,
        close: () => increff.close(),
      };
    },
  },
];

/** With SANDBOX=auto, starts a simulator for each marketplace that has no configuration and points the gateway at it. */
export async function startSandboxes(config: Config): Promise<RunningSandboxes> {
  const wanted = config.sandbox === 'off' ? [] : SIMULATORS.filter((simulator) => !simulator.configured(config));
  const started: Started[] = [];
  try {
    for (const simulator of wanted) started.push(await simulator.start(config));
  } catch (error) {
    await Promise.all(started.map((running) => running.close()));
    throw error;
  }
  return {
    config: started.reduce((current, running) => running.configure(current), config),
    started: started.map((running) => running.banner),
    close: async () => {
      await Promise.all(started.map((running) => running.close()));
    },
  };
}
