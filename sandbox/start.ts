import { randomBytes } from 'node:crypto';
import type { CreateHttpsDestinationRequest } from './noon/wire.js';
import type { Config } from '../src/config.js';
import type { StartSimulators } from '../src/simulators.js';
import { startFruugoSandbox } from './fruugo/index.js';
import { DEFAULT_MAX_NESTING } from '../datasources/fruugo/webhooks/loose-payload.js';
import { CREDENTIAL_TOKEN_HEADER, increffWebhookUrls } from '../datasources/increff/webhooks/paths.js';
import { startIncreffSandbox, type IncreffChannel } from './increff/index.js';
import { startMarketplacerSandbox } from './marketplacer/index.js';
import { startNoonSandbox } from './noon/index.js';

/** A simulator started in place of one marketplace: how to point the gateway at it, and how to stop it. */
interface Started {
  configure(config: Config): Config;
  banner: string;
  connect?(gatewayUrl: string): void;
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
      // A fresh credential each run: the simulator's destination is registered with it, as a partner registers theirs.
      const webhookHeaders = { 'x-api-key': randomBytes(24).toString('base64url') };
      return {
        configure: (current) => ({
          ...current,
          noon: {
            baseUrl: noon.url,
            key: noon.serviceAccountKey(),
            userAgent: config.http.userAgent,
            requestsPerMinute: 1500,
            fbpiWarehouseCode: noon.fbpiWarehouseCode(),
            webhookHeaders,
          },
        }),
        connect: (gatewayUrl) => {
          noon.control.createDestination(noonDestination(gatewayUrl, webhookHeaders));
        },
        banner:
          `noon simulator on ${noon.url} (FBN inbound, FBPI orders, stock and price, sample data; ` +
          "order events to the gateway's /webhooks/noon)",
        close: () => noon.close(),
      };
    },
  },
  {
    configured: (config) => config.increff !== undefined,
    async start() {
      // A warehouse that works on its own, quickly enough to watch: an order pushed through the gateway is packed
      // after 20 s, labelled 10 s later and handed over 20 s after that; changed stock is synced every minute.
      const increff = await startIncreffSandbox({
        warehousePace: { packAfterMs: 20_000, labelAfterMs: 10_000, handoverAfterMs: 20_000 },
        inventorySyncSeconds: 60,
      });
      // A fresh token each run: the simulator is set up with it, as the real tenant is in Increff's UI.
      const webhookToken = randomBytes(24).toString('base64url');
      return {
        configure: (current) => ({
          ...current,
          increff: {
            baseUrl: increff.url,
            ...increff.credentials,
            locationCode: increff.locationCodes[0],
            webhookToken,
            credentialTtlSeconds: 86_400,
            transporter: 'SELF',
          },
        }),
        connect: (gatewayUrl) => increff.control.connectChannel(increffChannel(gatewayUrl, webhookToken)),
        banner: `Increff simulator on ${increff.url} (outward orders, stock at ${increff.locationCodes.join(', ')}; pack, label, handover and ATP to the gateway's /webhooks/increff)`,
        close: () => increff.close(),
      };
    },
  },
  {
    configured: (config) => config.fruugo !== undefined,
    async start() {
      const fruugo = await startFruugoSandbox();
      // A fresh secret each run: the simulator is registered with it, as a retailer registers the real webhook.
      const webhookSecret = randomBytes(24).toString('base64url');
      return {
        configure: (current) => ({
          ...current,
          fruugo: {
            baseUrl: fruugo.url,
            ...fruugo.credentials,
            webhookSecret,
            // Minutes would be long for someone trying the sandbox: new sample orders show up within half a minute.
            orderDownloadIntervalMs: 30_000,
            callbackMaxNesting: DEFAULT_MAX_NESTING,
          },
        }),
        connect: (gatewayUrl) => fruugo.control.setWebhookUrl(webhookUrl(gatewayUrl, 'fruugo', webhookSecret)),
        banner: `Fruugo simulator on ${fruugo.url} (orders v3; callbacks to the gateway's /webhooks/fruugo)`,
        close: () => fruugo.close(),
      };
    },
  },
  {
    configured: (config) => config.marketplacer !== undefined,
    async start() {
      const marketplacer = await startMarketplacerSandbox();
      // A fresh HMAC key each run: the simulator's webhook is registered with it, as an operator registers the real one.
      const webhookSecret = randomBytes(24).toString('base64url');
      return {
        configure: (current) => ({ ...current, marketplacer: { ...marketplacer.marketplacerConfig(), webhookSecret } }),
        connect: (gatewayUrl) =>
          marketplacer.control.setWebhook({
            url: new URL('/webhooks/marketplacer', gatewayUrl).toString(),
            hmacKey: webhookSecret,
          }),
        banner: `Marketplacer simulator on ${marketplacer.endpoint} (Operator API, sample catalog and invoices; webhooks to the gateway's /webhooks/marketplacer)`,
        close: () => marketplacer.close(),
      };
    },
  },
];

/** `http://fruugo:<secret>@host:port/webhooks/fruugo`: the URL a user registers, credentials included. */
export function webhookUrl(gatewayUrl: string, source: string, secret: string): string {
  const url = new URL(`/webhooks/${source}`, gatewayUrl);
  url.username = source;
  url.password = secret;
  return url.toString();
}

/** What a user enters in Increff's UI for a gateway at `gatewayUrl`: each touchpoint's URL, and Get Credential's header. */
export function increffChannel(gatewayUrl: string, webhookToken: string): IncreffChannel {
  return { urls: increffWebhookUrls(gatewayUrl), credentialHeaders: { [CREDENTIAL_TOKEN_HEADER]: webhookToken } };
}

/** The HTTPS destination a partner registers on noon for the gateway: its /webhooks/noon with the credential headers. */
export function noonDestination(gatewayUrl: string, headers: Record<string, string>): CreateHttpsDestinationRequest {
  return {
    destination_name: 'marketplace gateway',
    url: new URL('/webhooks/noon', gatewayUrl).toString(),
    credentials: { values: headers },
  };
}

/**
 * When `config.sandbox`, starts a simulator for each marketplace that has no configuration and points the gateway at
 * it. The gateway's entry loads it by name (src/simulators.ts): it must keep this name and the StartSimulators type.
 */
export const startSandboxes: StartSimulators = async (config) => {
  const wanted = config.sandbox ? SIMULATORS.filter((simulator) => !simulator.configured(config)) : [];
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
    connect: (gatewayUrl) => {
      for (const running of started) running.connect?.(gatewayUrl);
    },
    close: async () => {
      await Promise.all(started.map((running) => running.close()));
    },
  };
};
