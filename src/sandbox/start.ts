import type { Config } from '../config.js';
import { startNoonSandbox } from './noon/index.js';

export interface RunningSandboxes {
  /** The configuration with every simulated marketplace pointed at its simulator. */
  config: Config;
  /** One line per simulator started, for the start-up banner. */
  started: string[];
  close(): Promise<void>;
}

/**
 * With SANDBOX=auto, starts a simulator for each marketplace that has no configuration and points the gateway at
 * it, exactly as a user points it at the real marketplace (base URL and credentials); the gateway cannot tell.
 */
export async function startSandboxes(config: Config): Promise<RunningSandboxes> {
  if (config.sandbox === 'off' || config.noon) return { config, started: [], close: async () => {} };
  const noon = await startNoonSandbox();
  return {
    config: {
      ...config,
      noon: {
        baseUrl: noon.url,
        key: noon.serviceAccountKey(),
        userAgent: 'marketplace-gateway/0.1.0 (sandbox)',
        requestsPerMinute: 1500,
        fbpiWarehouseCode: undefined,
      },
    },
    started: [`noon simulator on ${noon.url} (FBN inbound, sample catalog)`],
    close: () => noon.close(),
  };
}
