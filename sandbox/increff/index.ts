import type { IncreffCredentials } from './wire.js';
import { SandboxClock } from '../shared/clock.js';
import { listenOnLoopback, type SimulatorOptions } from '../shared/listen.js';
import { httpRequest, RequestLog } from '../shared/request-log.js';
import { TrafficControl, trafficSettings, type TrafficDefaults } from '../shared/traffic.js';
import type { SearchSettings } from './api-routes.js';
import { buildApp } from './app.js';
import { ChannelCaller, type IncreffChannel } from './channel.js';
import { createControl, type IncreffSandboxControl } from './control.js';
import { increffFaultBody } from './errors.js';
import { Inventory, LOCATIONS } from './inventory.js';
import { OrderBook } from './orders.js';
import { ReturnBook } from './returns.js';
import { Warehouse, type WarehousePace } from './warehouse.js';

export type { IncreffSandboxControl, StockCount } from './control.js';
export type { OutwardOrderRecord, ShipmentRecord } from './orders.js';
export type { CallAttempt, CallState, ChannelCall, ChannelTouchpoint, IncreffChannel } from './channel.js';
export type { WarehousePace } from './warehouse.js';
export type { ReturnOrderRecord } from './returns.js';
export type { SandboxFault as IncreffSandboxFault } from '../shared/traffic.js';
export type { RecordedRequest } from '../shared/request-log.js';

/** The sandbox tenant's credentials unless the options name others. */
export const SANDBOX_CREDENTIALS: IncreffCredentials = {
  username: 'sandbox-channel',
  password: 'sandbox-password',
  domainName: 'sandbox',
};

export interface IncreffSandboxOptions extends SimulatorOptions {
  /** What the three auth headers must carry; SANDBOX_CREDENTIALS by default. */
  credentials?: IncreffCredentials;
  /** SKUs listed on the channel (`PSKU-000001`…), with sample stock; default 3000. */
  catalogSize?: number;
  /** Search Inventory's list key: `successList` (default, the field table) or `sucessList` (the page's example). */
  searchListKey?: SearchSettings['listKey'];
  /** Where the tenant calls the channel (pack, label, handover, ...); calls wait until one is set (control.connectChannel). */
  channel?: IncreffChannel;
  /** Wait before a call's first attempt, in ms; default 200. */
  channelDelayMs?: number;
  /** Wait before the second attempt, doubling after each failure; default 1,000 ms. */
  channelRetryBaseMs?: number;
  /** Longest wait between attempts; default 60,000 ms. */
  channelRetryMaxMs?: number;
  /** Attempts per call before it is given up; default 8. */
  channelMaxAttempts?: number;
  /** Limit of one attempt; default 10,000 ms. */
  channelTimeoutMs?: number;
  /** The warehouse packs, labels and hands over every new order on its own at this pace; default: only when told. */
  warehousePace?: WarehousePace;
  /** Sends the changed stock to the channel (ATP) this often, in seconds; default: only when told. */
  inventorySyncSeconds?: number;
}

/**
 * 1,200 requests a minute before 429 RATE_LIMIT_EXCEEDED (Increff's limit: NOT FOUND); no Retry-After unless the
 * options name one, as Increff documents none.
 */
const TRAFFIC: TrafficDefaults = { ratePerMinute: 1200, rateWindowSeconds: 60, retryAfterWindow: false };

export interface IncreffSandbox {
  /** e.g. http://127.0.0.1:43123 — the value for the gateway's INCREFF_BASE_URL. */
  url: string;
  /** INCREFF_USERNAME, INCREFF_PASSWORD, INCREFF_DOMAIN_NAME. */
  credentials: IncreffCredentials;
  /** The tenant's location codes, warehouses first (a value for INCREFF_LOCATION_CODE). */
  locationCodes: string[];
  control: IncreffSandboxControl;
  /** Stops the server, the warehouse's clock and every pending call to the channel (waiting for those under way). */
  close(): Promise<void>;
}

/**
 * Starts a simulated Increff tenant over HTTP: its API (outward orders, customer cancellation, search inventory,
 * returns), and its warehouse, which calls the channel (pack, shipping label, handover, seller cancellation, ATP).
 */
export async function startIncreffSandbox(options: IncreffSandboxOptions = {}): Promise<IncreffSandbox> {
  const credentials = options.credentials ?? SANDBOX_CREDENTIALS;
  const clock = new SandboxClock();
  const inventory = new Inventory(options.catalogSize ?? 3000);
  const channel = new ChannelCaller(
    clock,
    {
      firstDelayMs: options.channelDelayMs ?? 200,
      retryBaseMs: options.channelRetryBaseMs ?? 1000,
      retryMaxMs: options.channelRetryMaxMs ?? 60_000,
      maxAttempts: options.channelMaxAttempts ?? 8,
      timeoutMs: options.channelTimeoutMs ?? 10_000,
    },
    options.channel,
  );
  // The order book tells the warehouse of each new order; the warehouse moves orders through the book.
  const orders: OrderBook = new OrderBook(inventory, clock, (order) => warehouse.created(order));
  const warehouse = new Warehouse(orders, inventory, channel, {
    pace: options.warehousePace,
    inventorySyncMs: options.inventorySyncSeconds === undefined ? undefined : options.inventorySyncSeconds * 1000,
  });
  const returns = new ReturnBook(orders, inventory, clock);
  const search: SearchSettings = { listKey: options.searchListKey ?? 'successList' };
  const traffic = new TrafficControl(clock, trafficSettings(options, TRAFFIC), increffFaultBody);
  const log = new RequestLog(httpRequest);
  const control = createControl({ clock, traffic, inventory, orders, returns, search, log, warehouse, channel });

  const app = buildApp({
    credentials,
    orders,
    inventory,
    returns,
    search,
    traffic,
    log,
    control,
    logger: options.logger,
  });
  const server = await listenOnLoopback(app, options, channel);
  warehouse.start();
  return {
    url: server.url,
    credentials: { ...credentials },
    locationCodes: LOCATIONS.map((location) => location.code),
    control,
    close: async () => {
      // The warehouse first, so none of its timers calls the channel while the rest stops.
      warehouse.close();
      await server.close();
    },
  };
}
