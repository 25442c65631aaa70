import type { FastifyServerOptions } from 'fastify';
import type { IncreffCredentials } from '../../../datasources/increff/increff-client.js';
import { SandboxClock } from '../shared/clock.js';
import { listenOnLoopback } from '../shared/listen.js';
import { RequestLog } from '../shared/request-log.js';
import { TrafficControl } from '../shared/traffic.js';
import type { SearchSettings } from './api-routes.js';
import { buildApp } from './app.js';
import { createControl, type IncreffSandboxControl } from './control.js';
import { increffFaultBody } from './errors.js';
import { Inventory, LOCATIONS } from './inventory.js';
import { OrderBook } from './orders.js';
import { ReturnBook } from './returns.js';

export type { IncreffSandboxControl, StockCount } from './control.js';
export type { OutwardOrderRecord } from './orders.js';
export type { ReturnOrderRecord } from './returns.js';
export type { SandboxFault as IncreffSandboxFault } from '../shared/traffic.js';
export type { RecordedRequest } from '../shared/request-log.js';

/** The sandbox tenant's credentials unless the options name others. */
export const SANDBOX_CREDENTIALS: IncreffCredentials = {
  username: 'sandbox-channel',
  password: 'sandbox-password',
  domainName: 'sandbox',
};

export interface IncreffSandboxOptions {
  /** Port to bind on `host`; 0 (default) lets the OS choose. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** What the three auth headers must carry; SANDBOX_CREDENTIALS by default. */
  credentials?: IncreffCredentials;
  /** SKUs listed on the channel (`PSKU-000001`…), with sample stock; default 3000. */
  catalogSize?: number;
  /** Requests a fixed window accepts before answering 429 RATE_LIMIT_EXCEEDED; default 1200 (Increff's: NOT FOUND). */
  ratePerMinute?: number;
  /** Length of one rate-limit window; 60 unless a test wants a short one. */
  rateWindowSeconds?: number;
  /** Retry-After seconds on rate-limit refusals; none sent when unset, as Increff documents none. */
  retryAfterSeconds?: number;
  /** Delay added to every Increff request, in milliseconds; default 0. */
  latencyMs?: number;
  /** Search Inventory's list key: `successList` (default, the field table) or `sucessList` (the page's example). */
  searchListKey?: SearchSettings['listKey'];
  /** Fastify logger option; default false. */
  logger?: FastifyServerOptions['logger'];
}

export interface IncreffSandbox {
  /** e.g. http://127.0.0.1:43123 — the value for the gateway's INCREFF_BASE_URL. */
  url: string;
  /** INCREFF_USERNAME, INCREFF_PASSWORD, INCREFF_DOMAIN_NAME. */
  credentials: IncreffCredentials;
  /** The tenant's location codes, warehouses first (a value for INCREFF_LOCATION_CODE). */
  locationCodes: string[];
  control: IncreffSandboxControl;
  close(): Promise<void>;
}

/** Starts a simulated Increff tenant (outward orders, customer cancellation, search inventory, returns) over HTTP. */
export async function startIncreffSandbox(options: IncreffSandboxOptions = {}): Promise<IncreffSandbox> {
  const credentials = options.credentials ?? SANDBOX_CREDENTIALS;
  const clock = new SandboxClock();
  const inventory = new Inventory(options.catalogSize ?? 3000);
  const orders = new OrderBook(inventory, clock);
  const returns = new ReturnBook(orders, inventory, clock);
  const search: SearchSettings = { listKey: options.searchListKey ?? 'successList' };
  const traffic = new TrafficControl(
    clock,
    {
      latencyMs: options.latencyMs ?? 0,
      ratePerMinute: options.ratePerMinute ?? 1200,
      rateWindowSeconds: options.rateWindowSeconds ?? 60,
      retryAfterSeconds: options.retryAfterSeconds,
    },
    increffFaultBody,
  );
  const log = new RequestLog();
  const control = createControl({ clock, traffic, inventory, orders, returns, search, log });

  const app = buildApp({ credentials, orders, inventory, returns, search, traffic, log, control, logger: options.logger });
  const url = await listenOnLoopback(app, options);
  return {
    url,
    credentials: { ...credentials },
    locationCodes: LOCATIONS.map((location) => location.code),
    control,
    close: () => app.close(),
  };
}
