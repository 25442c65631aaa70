import { graphqlSync } from 'graphql';
import { SandboxClock } from '../shared/clock.js';
import { listenOnLoopback, type SimulatorOptions } from '../shared/listen.js';
import { RequestLog } from '../shared/request-log.js';
import { TrafficControl, trafficSettings, type TrafficDefaults } from '../shared/traffic.js';
import { buildApp } from './app.js';
import { ALL_SCOPES, type ApiKey, type Scope } from './auth.js';
import { OrderBook } from './book.js';
import { Catalog } from './catalog.js';
import { createControl, type MarketplacerSandboxControl } from './control.js';
import { wholeSecond } from './date-time.js';
import { marketplacerFaultBody } from './errors.js';
import { graphqlOperation } from './operation-log.js';
import type { SimulatorContext } from './resolvers.js';
import { seedInvoices } from './sample-data.js';
import { buildSchema } from './schema.js';
import { Webhooks } from './webhooks.js';

export type { MarketplacerSandboxControl } from './control.js';
export type { RecordedOperation } from './operation-log.js';
export type { DeliveryState, WebhookAttempt, WebhookDelivery, WebhookRegistration, WebhookState } from './webhooks.js';
export { DEFAULT_WEBHOOK_QUERY } from './webhooks.js';
export type { SandboxFault as MarketplacerSandboxFault } from '../shared/traffic.js';

export interface MarketplacerSandboxOptions extends SimulatorOptions {
  /** SKUs `PSKU-000001`… in the catalog; default 250 (one variant each, plus `sharedSkus` sold twice: 300 variants). */
  skus?: number;
  /** The first this many SKUs are sold by a second seller too; default 50. */
  sharedSkus?: number;
  /** Sample invoices over the last 60 days; default 120. */
  invoices?: number;
  /** The marketplace's currency; default AUD. */
  currency?: string;
  /** Page size when `first` is absent; default 100. */
  defaultPageSize?: number;
  /** A larger `first` is cut down to this; default 20,000 (the documented maximum). */
  maxPageSize?: number;
  /** Put the site behind HTTP Basic auth (as a staging site): the key must then come in MARKETPLACER-API-KEY. */
  basicAuth?: { username: string; password: string };
  /** Attempts per webhook event, the first included, before it is given up; default 25 (Marketplacer's default). */
  webhookMaxAttempts?: number;
  /**
   * Bounds of the wait after the n-th failed attempt, which is n⁴ seconds; default 60 s and 4 days (Marketplacer's).
   * Tests shorten them to milliseconds.
   */
  webhookRetryMinMs?: number;
  webhookRetryMaxMs?: number;
  /** Limit of one webhook attempt; default 30 s (Marketplacer counts a 2xx within 30 s). */
  webhookTimeoutMs?: number;
}

/** 600 requests a minute (Marketplacer publishes none); a refusal carries Retry-After, the window's length by default. */
const TRAFFIC: TrafficDefaults = { ratePerMinute: 600, rateWindowSeconds: 60, retryAfterWindow: true };

/**
 * What a user configures to reach this simulator, in the shape of the gateway's Marketplacer settings
 * (MARKETPLACER_URL, _API_KEY, _AUTH, _BASIC_AUTH), so it can be handed to the gateway as it is.
 */
export interface MarketplacerConnection {
  endpoint: string;
  apiKey: string;
  auth: 'bearer' | 'api-key';
  basicAuth: { username: string; password: string } | undefined;
  /** None here: the webhook and its HMAC key are registered apart (control.setWebhook). */
  webhookSecret: undefined;
}

export interface MarketplacerSandbox {
  /** e.g. http://127.0.0.1:43123 (the `/_sandbox` controls live under it). */
  url: string;
  /** The GraphQL endpoint, `<url>/graphql`: the value for MARKETPLACER_URL. */
  endpoint: string;
  /** Keys the simulator accepts: every scope; `products:read` only; one that has expired. */
  apiKeys: { operator: string; limited: string; expired: string };
  /** The gateway's configuration for this simulator, with the operator key (api-key header behind Basic auth). */
  marketplacerConfig(apiKey?: string): MarketplacerConnection;
  control: MarketplacerSandboxControl;
  close(): Promise<void>;
}

const API_KEYS = {
  operator: 'mkp-sandbox-operator',
  limited: 'mkp-sandbox-catalog-only',
  expired: 'mkp-sandbox-expired',
};

function apiKey(key: string, scopes: readonly Scope[], expired = false): [string, ApiKey] {
  return [key, { key, scopes: new Set(scopes), expired }];
}

/** Starts a simulated Marketplacer Operator API (one instance, `POST /graphql`) listening over HTTP. */
export async function startMarketplacerSandbox(options: MarketplacerSandboxOptions = {}): Promise<MarketplacerSandbox> {
  const clock = new SandboxClock();
  const catalog = new Catalog({ skus: options.skus ?? 250, sharedSkus: options.sharedSkus ?? 50 }, clock.now());
  // A webhook's payload is its query's result, run as the operator (every scope) at the moment of the change.
  const webhookCaller: ApiKey = { key: 'webhooks', scopes: new Set(ALL_SCOPES), expired: false };
  const webhooks = new Webhooks(
    clock,
    {
      vertical: 'sandbox',
      maxAttempts: options.webhookMaxAttempts ?? 25,
      retryMinMs: options.webhookRetryMinMs ?? 60_000,
      retryMaxMs: options.webhookRetryMaxMs ?? 4 * 24 * 3_600_000,
      timeoutMs: options.webhookTimeoutMs ?? 30_000,
    },
    (query, id) => {
      const contextValue: SimulatorContext = { key: webhookCaller, now: wholeSecond(clock.now()) };
      return graphqlSync({ schema, source: query, variableValues: { id }, contextValue });
    },
  );
  const marketplace = { catalog, book: new OrderBook(options.currency ?? 'AUD'), webhooks };
  seedInvoices(marketplace, options.invoices ?? 120, clock.now());
  const schema = buildSchema(marketplace, {
    defaultPageSize: options.defaultPageSize ?? 100,
    maxPageSize: options.maxPageSize ?? 20_000,
  });
  const traffic = new TrafficControl(clock, trafficSettings(options, TRAFFIC), marketplacerFaultBody);
  const log = new RequestLog(graphqlOperation);
  const control = createControl({ clock, traffic, catalog, log, webhooks });
  const auth = {
    keys: new Map([
      apiKey(API_KEYS.operator, ALL_SCOPES),
      apiKey(API_KEYS.limited, ['products:read']),
      apiKey(API_KEYS.expired, ALL_SCOPES, true),
    ]),
    basicAuth: options.basicAuth,
  };

  const app = buildApp({ schema, auth, clock, traffic, log, control, logger: options.logger });
  const { url, close } = await listenOnLoopback(app, options, webhooks);
  const endpoint = `${url}/graphql`;
  return {
    url,
    endpoint,
    apiKeys: { ...API_KEYS },
    marketplacerConfig: (key = API_KEYS.operator) => ({
      endpoint,
      apiKey: key,
      auth: options.basicAuth === undefined ? 'bearer' : 'api-key',
      basicAuth: options.basicAuth,
      // The HMAC key is whatever the operator registers the webhook with (control.setWebhook).
      webhookSecret: undefined,
    }),
    control,
    close,
  };
}
