import 'reflect-metadata';
import type { TracerProvider } from '@opentelemetry/api';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type MarketplaceConfigs } from '../src/config.js';
import type { Clock } from '../src/clock.js';
import { createGateway, type Gateway } from '../src/gateway.js';
import { startFruugoSandbox, type FruugoSandbox, type FruugoSandboxOptions } from '../sandbox/fruugo/index.js';
import { startIncreffSandbox, type IncreffSandbox, type IncreffSandboxOptions } from '../sandbox/increff/index.js';
import {
  startMarketplacerSandbox,
  type MarketplacerSandbox,
  type MarketplacerSandboxOptions,
} from '../sandbox/marketplacer/index.js';
import { increffChannel, noonDestination, webhookUrl } from '../sandbox/start.js';
import { startNoonSandbox, type NoonSandbox, type NoonSandboxOptions } from '../sandbox/noon/index.js';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { documentText } from '../clients/typescript/index.js';

export interface GraphqlResponse<Data = Record<string, any>> {
  status: number;
  headers: Headers;
  data?: Data | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

export interface TestGateway {
  /** http://127.0.0.1:port/graphql */
  url: string;
  gateway: Gateway;
  noon: NoonSandbox;
  increff: IncreffSandbox;
  fruugo: FruugoSandbox;
  marketplacer: MarketplacerSandbox;
  /** The gateway's base URL (no path), e.g. http://127.0.0.1:43123. */
  origin: string;
  /**
   * Runs one of the typed client's documents (clients/typescript), its variables and answer typed by it, or a
   * document written in the test (what no client would send).
   */
  graphql<Data = Record<string, any>, Variables extends Record<string, unknown> = Record<string, unknown>>(
    query: string | TypedDocumentNode<Data, Variables>,
    variables?: Variables,
    headers?: Record<string, string>,
  ): Promise<GraphqlResponse<Data>>;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  /** The time of the gateway's own timers and schedules (webhook retries, jobs, JWKS refetches); real time unless a test brings its own. */
  clock?: Clock;
  /** False: the subscribers of one order event each read it (GatewayOptions.shareEventWork), for the benchmark's "before". */
  shareEventWork?: boolean;
  /** Where the gateway's spans go (GatewayOptions.tracerProvider): a test's in-memory exporter. */
  tracerProvider?: TracerProvider;
  /**
   * Options of the noon simulator this gateway starts; its events are sent quickly unless these say otherwise.
   * Ignored when `noon` is given.
   */
  noonOptions?: NoonSandboxOptions;
  /** A simulator shared with another gateway (closed by whoever started it). */
  noon?: NoonSandbox;
  /** Which of the simulator's partners this gateway logs in as. */
  noonKeyId?: string;
  /** Options of the Increff simulator this gateway starts; its calls to the gateway come quickly unless these say otherwise. */
  increffOptions?: IncreffSandboxOptions;
  /** Options of the Fruugo simulator; its callbacks come quickly unless these say otherwise. */
  fruugoOptions?: FruugoSandboxOptions;
  /** Options of the Marketplacer simulator; its webhook retries come quickly unless these say otherwise. */
  marketplacerOptions?: MarketplacerSandboxOptions;
  /** More environment, on top of fast test defaults; undefined removes a variable. */
  env?: Record<string, string | undefined>;
}

// The variables a user would write for each real marketplace, pointing at its simulator instead, with the test
// gateways' webhook credentials: for the gateway in process and for gateway processes (support/gateway-process.ts).

/** noon as the partner `keyId` (the default partner when omitted), its FBPI warehouse and webhook headers. */
export function noonEnv(noon: NoonSandbox, keyId?: string): Record<string, string> {
  return {
    NOON_BASE_URL: noon.url,
    NOON_KEY_JSON: JSON.stringify(noon.serviceAccountKey(keyId)),
    NOON_FBPI_WAREHOUSE_CODE: noon.fbpiWarehouseCode(keyId),
    NOON_WEBHOOK_HEADERS: JSON.stringify(NOON_WEBHOOK_HEADERS),
  };
}

export function fruugoEnv(fruugo: FruugoSandbox): Record<string, string> {
  return {
    FRUUGO_BASE_URL: fruugo.url,
    FRUUGO_USERNAME: fruugo.credentials.username,
    FRUUGO_PASSWORD: fruugo.credentials.password,
    FRUUGO_WEBHOOK_SECRET: FRUUGO_WEBHOOK_SECRET,
  };
}

/** Increff at the simulator's first location. */
export function increffEnv(increff: IncreffSandbox): Record<string, string> {
  return {
    INCREFF_BASE_URL: increff.url,
    INCREFF_USERNAME: increff.credentials.username,
    INCREFF_PASSWORD: increff.credentials.password,
    INCREFF_DOMAIN_NAME: increff.credentials.domainName,
    INCREFF_LOCATION_CODE: increff.locationCodes[0]!,
    INCREFF_WEBHOOK_TOKEN: INCREFF_WEBHOOK_TOKEN,
  };
}

export function marketplacerEnv(marketplacer: MarketplacerSandbox): Record<string, string> {
  return {
    MARKETPLACER_URL: marketplacer.endpoint,
    MARKETPLACER_API_KEY: marketplacer.apiKeys.operator,
    MARKETPLACER_WEBHOOK_SECRET: MARKETPLACER_WEBHOOK_SECRET,
  };
}

/** A simulator a test gateway runs in place of one marketplace. */
interface RunningSimulator<Sandbox> {
  sandbox: Sandbox;
  /** The variables a user would write for the real marketplace, pointing at the simulator. */
  env: Record<string, string>;
  /** Registers the gateway (its base URL) where the marketplace sends webhooks, as a user would. */
  connect(origin: string): void;
  close(): Promise<void>;
}

/**
 * The test gateway's simulators, one per marketplace module (keyed as `Config` names its section), each fast: events
 * sent quickly, retries in milliseconds, unless the test's options say otherwise.
 */
const TEST_SIMULATORS = {
  async noon(options: TestGatewayOptions): Promise<RunningSimulator<NoonSandbox>> {
    const shared = options.noon;
    const noon =
      shared ??
      (await startNoonSandbox({
        notificationDelayMs: 5,
        notificationRetryBaseMs: 20,
        notificationRetryMaxMs: 200,
        ...options.noonOptions,
      }));
    let destinationCode: string | undefined;
    return {
      sandbox: noon,
      env: noonEnv(noon, options.noonKeyId),
      connect(origin) {
        // The partner's project registers the gateway as its destination, as on noon.
        destinationCode = noon.control.createDestination(
          noonDestination(origin, NOON_WEBHOOK_HEADERS),
          options.noonKeyId,
        );
      },
      async close() {
        if (!shared) return noon.close();
        // A shared simulator outlives this gateway: it must stop sending there.
        if (destinationCode) noon.control.updateDestination(destinationCode, { is_active: false }, options.noonKeyId);
      },
    };
  },
  async fruugo(options: TestGatewayOptions): Promise<RunningSimulator<FruugoSandbox>> {
    const fruugo = await startFruugoSandbox({
      callbackDelayMs: 5,
      callbackRetryBaseMs: 20,
      callbackRetryMaxMs: 200,
      ...options.fruugoOptions,
    });
    return {
      sandbox: fruugo,
      env: fruugoEnv(fruugo),
      connect: (origin) => fruugo.control.setWebhookUrl(webhookUrl(origin, 'fruugo', FRUUGO_WEBHOOK_SECRET)),
      close: () => fruugo.close(),
    };
  },
  async increff(options: TestGatewayOptions): Promise<RunningSimulator<IncreffSandbox>> {
    const increff = await startIncreffSandbox({
      channelDelayMs: 5,
      channelRetryBaseMs: 20,
      channelRetryMaxMs: 200,
      ...options.increffOptions,
    });
    return {
      sandbox: increff,
      env: increffEnv(increff),
      connect: (origin) => increff.control.connectChannel(increffChannel(origin, INCREFF_WEBHOOK_TOKEN)),
      close: () => increff.close(),
    };
  },
  async marketplacer(options: TestGatewayOptions): Promise<RunningSimulator<MarketplacerSandbox>> {
    const marketplacer = await startMarketplacerSandbox({
      webhookRetryMinMs: 10,
      webhookRetryMaxMs: 50,
      webhookTimeoutMs: 2000,
      ...options.marketplacerOptions,
    });
    return {
      sandbox: marketplacer,
      env: marketplacerEnv(marketplacer),
      connect: (origin) =>
        marketplacer.control.setWebhook({
          url: `${origin}/webhooks/marketplacer`,
          hmacKey: MARKETPLACER_WEBHOOK_SECRET,
        }),
      close: () => marketplacer.close(),
    };
  },
} satisfies Partial<
  Record<keyof MarketplaceConfigs, (options: TestGatewayOptions) => Promise<RunningSimulator<unknown>>>
>;

type TestSimulators = { [K in keyof typeof TEST_SIMULATORS]: Awaited<ReturnType<(typeof TEST_SIMULATORS)[K]>> };

/** Starts every test simulator at once. */
async function startSimulators(options: TestGatewayOptions): Promise<TestSimulators> {
  const keys = Object.keys(TEST_SIMULATORS) as Array<keyof TestSimulators>;
  const running = await Promise.all(keys.map((key) => TEST_SIMULATORS[key](options)));
  // Each entry was started by the function of its key, which is what TestSimulators says.
  return Object.fromEntries(keys.map((key, index) => [key, running[index]])) as TestSimulators;
}

/** A started gateway as the simulators' side needs it: where it listens and how it stops. */
export interface Started<Handle> {
  url: string;
  handle: Handle;
  close(): Promise<void>;
}

/**
 * Starts a simulator of every marketplace, then the gateway with `start` on the environment a user would write for
 * them (in a fresh store), and points the simulators' webhooks at it.
 */
export async function withSimulators<Handle>(
  options: TestGatewayOptions,
  start: (env: Record<string, string | undefined>) => Promise<Started<Handle>>,
): Promise<Omit<TestGateway, 'gateway'> & { handle: Handle }> {
  const simulators = await startSimulators(options);
  const running = Object.values(simulators);
  // Each gateway its own store, as on its own machine; removed with it.
  const dataDir = await mkdtemp(join(tmpdir(), 'gateway-test-'));
  const closeSimulators = async () => {
    await Promise.all(running.map((simulator) => simulator.close()));
    await rm(dataDir, { recursive: true, force: true });
  };
  const env = {
    DATA_DIR: dataDir,
    PORT: '0',
    // A free port, not 9464: many test gateways run at once.
    METRICS_PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    HTTP_RETRY_BASE_MS: '5',
    HTTP_RETRY_MAX_MS: '50',
    HTTP_TIMEOUT_MS: '5000',
    ...Object.fromEntries(running.flatMap((simulator) => Object.entries(simulator.env))),
    WEBHOOK_RETRY_SECONDS: '1',
    WEBHOOK_RETRY_BASE_MS: '100',
    WEBHOOK_RETRY_MAX_MS: '1000',
    USER_AGENT: 'gateway-tests/1.0',
    ...options.env,
  };
  let started: Started<Handle>;
  try {
    started = await start(env);
  } catch (error) {
    // A configuration the test meant to be refused must not leave its simulators running (the file would hang).
    await closeSimulators();
    throw error;
  }
  const { url } = started;
  const origin = new URL(url).origin;
  for (const simulator of running) simulator.connect(origin);
  return {
    url,
    handle: started.handle,
    noon: simulators.noon.sandbox,
    increff: simulators.increff.sandbox,
    fruugo: simulators.fruugo.sandbox,
    marketplacer: simulators.marketplacer.sandbox,
    origin,
    graphql: (query, variables, headers) => postGraphql(url, query, variables, headers),
    async close() {
      // The simulators close even when the gateway failed to: left running, they would hang the file.
      try {
        await started.close();
      } finally {
        await closeSimulators();
      }
    },
  };
}

/**
 * A real gateway on a free loopback port, configured through the environment exactly as a user would configure
 * it, in front of a simulator of every marketplace. Retries back off in milliseconds so failure tests stay fast.
 */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const { handle, ...gateway } = await withSimulators(options, async (env) => {
    const handle = await createGateway(loadConfig(env), {
      clock: options.clock,
      shareEventWork: options.shareEventWork,
      tracerProvider: options.tracerProvider,
    });
    return { url: await handle.listen(), handle, close: () => handle.close() };
  });
  return { ...gateway, gateway: handle };
}

/** What the test gateways expect in Get Credential's `authToken` header (Increff's calls). */
export const INCREFF_WEBHOOK_TOKEN = 'increff-test-webhook-token';

/** The Basic-auth password the test gateways expect on Fruugo's callbacks. */
export const FRUUGO_WEBHOOK_SECRET = 'fruugo-test-webhook-secret';

/** The credential headers the test gateways expect on noon's events (NOON_WEBHOOK_HEADERS). */
export const NOON_WEBHOOK_HEADERS: Readonly<Record<string, string>> = { 'x-api-key': 'noon-test-webhook-key-0001' };

/** The HMAC key the test gateways check Marketplacer's webhooks with, and their simulator signs them with. */
export const MARKETPLACER_WEBHOOK_SECRET = 'marketplacer-test-hmac-key';

export async function postGraphql<Data>(
  url: string,
  query: string | TypedDocumentNode<Data, any>,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphqlResponse<Data>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: typeof query === 'string' ? query : documentText(query), variables }),
  });
  const body = (await response.json()) as Pick<GraphqlResponse<Data>, 'data' | 'errors'>;
  return { status: response.status, headers: response.headers, ...body };
}

/** The data of a response that must have succeeded; otherwise fails with the errors it carried. */
export function dataOf<Data>(response: GraphqlResponse<Data>): Data {
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(response.errors ?? response)}`);
  }
  return response.data;
}
