import type { ServiceAccountKey } from './wire.js';
import { buildApp } from './app.js';
import { noonFaultBody } from './errors.js';
import { SandboxClock } from '../shared/clock.js';
import { listenOnLoopback, type SimulatorOptions } from '../shared/listen.js';
import { createControl, type NoonSandboxControl } from './control.js';
import { TrafficControl, trafficSettings, type TrafficDefaults } from '../shared/traffic.js';
import { DestinationBook } from './destinations.js';
import { EventNotifications } from './event-notifications.js';
import { IdentityService } from './identity.js';
import { FbpiOrderStore } from './fbpi-orders.js';
import { seedFbpiOrders } from './fbpi-seed.js';
import { FbpiShipmentStore } from './fbpi-shipments.js';
import { FbpiWarehouses } from './fbpi-warehouses.js';
import { NoonLogisticsAwbs } from './noon-logistics.js';
import { createPartners, DEFAULT_PARTNER_KEY_ID } from './partners.js';
import { PriceBook } from './pricing.js';
import { StockBook } from './stock.js';
import { httpRequest, RequestLog } from '../shared/request-log.js';
import { ShipmentStore } from './shipments.js';
import { SlotLedger } from './slots.js';

export type { NewFbpiOrder, NoonSandboxControl } from './control.js';
export { SANDBOX_FBPI_WAREHOUSE_CODE } from './partners.js';
export type { SandboxFault as NoonSandboxFault } from '../shared/traffic.js';
export type { RecordedRequest } from '../shared/request-log.js';
export type { SentNotification } from './event-notifications.js';
export type { DeliveryAttempt, DeliveryState } from '../shared/webhook-sender.js';

export interface NoonSandboxOptions extends SimulatorOptions {
  /** Eligible non-bulky SKUs per partner (`PSKU-000001`…); default 3000. 60 bulky and 3 special SKUs come on top. */
  catalogSize?: number;
  /** ASNs one warehouse slot takes; default 3. */
  slotCapacity?: number;
  /** Days an ASN may stay untouched in CREATED or SEALED before it expires; default 14. */
  expiryDays?: number;
  /**
   * Sample FBPI orders of the default partner, spread over the 60 days before start in every state; default 150.
   * The second partner always gets 10 (orders the first may not touch).
   */
  fbpiOrderCount?: number;
  /** Lifetime of a login session; default 30 days (noon's documented session). */
  sessionTtlSeconds?: number;
  /** Wait before an event's first delivery attempt, in ms; default 100. */
  notificationDelayMs?: number;
  /** Wait before the second attempt, doubling after each failure; default 1,000 ms. */
  notificationRetryBaseMs?: number;
  /** Longest wait between attempts; default 60,000 ms. */
  notificationRetryMaxMs?: number;
  /** Attempts per event and destination before it is given up (noon: "retried several times"); default 8. */
  notificationMaxAttempts?: number;
  /** Limit of one delivery attempt; default 10,000 ms. */
  notificationTimeoutMs?: number;
}

/**
 * noon's limit: 1,500 requests in a fixed one-minute window before 429 RATE_LIMIT_EXCEEDED; no Retry-After unless
 * the options name one, as noon documents none.
 */
const TRAFFIC: TrafficDefaults = { ratePerMinute: 1500, rateWindowSeconds: 60, retryAfterWindow: false };

export interface NoonSandbox {
  /** e.g. http://127.0.0.1:43123 — the value for the gateway's NOON_BASE_URL. */
  url: string;
  /** The service-account JSON key of a sandbox partner; the default partner when omitted. */
  serviceAccountKey(keyId?: string): ServiceAccountKey;
  /** The FBPI warehouse of a sandbox partner (the default partner's is SANDBOX_FBPI_WAREHOUSE_CODE). */
  fbpiWarehouseCode(keyId?: string): string;
  control: NoonSandboxControl;
  /** Stops the server and every pending event delivery (waiting for the attempts under way). */
  close(): Promise<void>;
}

const THIRTY_DAYS_SECONDS = 30 * 24 * 60 * 60;

/** Orders the second sandbox partner's warehouse holds. */
const OTHER_PARTNER_ORDERS = 10;

/** Starts a simulated noon (identity service, FBN Inbound, FBPI, stock and pricing APIs) listening over HTTP. */
export async function startNoonSandbox(options: NoonSandboxOptions = {}): Promise<NoonSandbox> {
  const clock = new SandboxClock();
  const partners = createPartners(options.catalogSize ?? 3000);
  const identity = new IdentityService(partners, clock, options.sessionTtlSeconds ?? THIRTY_DAYS_SECONDS);
  const shipments = new ShipmentStore(clock, new SlotLedger(options.slotCapacity ?? 3), options.expiryDays ?? 14);
  const traffic = new TrafficControl(clock, trafficSettings(options, TRAFFIC), noonFaultBody);
  const warehouses = new FbpiWarehouses(partners.values());
  const prices = new PriceBook();
  const stock = new StockBook(clock, warehouses);
  const noonAwbs = new NoonLogisticsAwbs();
  const destinations = new DestinationBook();
  const notifications = new EventNotifications(clock, destinations, partners, {
    firstDelayMs: options.notificationDelayMs ?? 100,
    retryBaseMs: options.notificationRetryBaseMs ?? 1000,
    retryMaxMs: options.notificationRetryMaxMs ?? 60_000,
    maxAttempts: options.notificationMaxAttempts ?? 8,
    timeoutMs: options.notificationTimeoutMs ?? 10_000,
  });
  const fbpiOrders = new FbpiOrderStore(clock, warehouses, prices, notifications);
  const fbpi = { orders: fbpiOrders, shipments: new FbpiShipmentStore(warehouses, fbpiOrders, noonAwbs), noonAwbs };
  for (const partner of partners.values()) {
    const count = partner.keyId === DEFAULT_PARTNER_KEY_ID ? (options.fbpiOrderCount ?? 150) : OTHER_PARTNER_ORDERS;
    seedFbpiOrders(fbpi, partner, count, clock.now());
  }
  const log = new RequestLog(httpRequest);
  const control = createControl({
    partners,
    defaultKeyId: DEFAULT_PARTNER_KEY_ID,
    fbpiOrders,
    clock,
    traffic,
    identity,
    shipments,
    destinations,
    notifications,
    log,
  });

  const app = buildApp({
    identity,
    shipments,
    fbpi,
    stock,
    prices,
    destinations,
    traffic,
    log,
    control,
    logger: options.logger,
  });
  const { url, close } = await listenOnLoopback(app, options, notifications);
  const partnerOf = (keyId: string) => {
    const partner = partners.get(keyId);
    if (partner === undefined) throw new Error(`no sandbox partner with key_id ${keyId}`);
    return partner;
  };

  return {
    url,
    serviceAccountKey(keyId = DEFAULT_PARTNER_KEY_ID) {
      return { ...partnerOf(keyId).serviceAccountKey };
    },
    fbpiWarehouseCode(keyId = DEFAULT_PARTNER_KEY_ID) {
      return partnerOf(keyId).fbpiWarehouseCode;
    },
    control,
    close,
  };
}
