import { SandboxClock } from '../shared/clock.js';
import { listenOnLoopback, type SimulatorOptions } from '../shared/listen.js';
import { httpRequest, RequestLog } from '../shared/request-log.js';
import { TrafficControl, trafficSettings, type TrafficDefaults } from '../shared/traffic.js';
import { buildApp } from './app.js';
import type { RetailerCredentials } from './basic-auth.js';
import { CallbackDispatcher } from './callbacks.js';
import { createControl, type FruugoSandboxControl } from './control.js';
import { fruugoFaultBody } from './errors.js';
import { OrderBook } from './orders.js';
import { sampleOrders } from './sample-orders.js';

export type { FruugoSandboxControl, NewOrderInput } from './control.js';
export type { CallbackState, DeliveryAttempt, SentCallback } from './callbacks.js';
export type { SandboxFault as FruugoSandboxFault } from '../shared/traffic.js';
export type { RecordedRequest } from '../shared/request-log.js';
export type { RetailerCredentials } from './basic-auth.js';

export interface FruugoSandboxOptions extends SimulatorOptions {
  /** The Retailer Portal login the API accepts (HTTP Basic); default `sandbox-retailer` / `sandbox-password`. */
  credentials?: RetailerCredentials;
  /** The retailer's merchant id, in every callback and at the end of every order id; default 444 (the seed's). */
  merchantId?: number;
  /** Sample orders placed over the last 60 days; default 100. */
  orderCount?: number;
  /** Where callbacks go; they wait until one is set (control.setWebhookUrl), since a gateway learns its URL late. */
  webhookUrl?: string;
  /** Wait before a callback's first attempt, in ms; default 200. */
  callbackDelayMs?: number;
  /** Wait before the second attempt, doubling after each failure; default 1,000 ms. */
  callbackRetryBaseMs?: number;
  /** Longest wait between attempts; default 60,000 ms. */
  callbackRetryMaxMs?: number;
  /** Attempts per callback before it is given up; default 8. */
  callbackMaxAttempts?: number;
  /** Limit of one delivery attempt; default 10,000 ms. */
  callbackTimeoutMs?: number;
}

/**
 * 50 requests in 10 seconds: Fruugo publishes no number. A 429 carries Retry-After (Fruugo documents the header),
 * the window's length unless the options name another.
 */
const TRAFFIC: TrafficDefaults = { ratePerMinute: 50, rateWindowSeconds: 10, retryAfterWindow: true };

export interface FruugoSandbox {
  /** e.g. http://127.0.0.1:43123, the value for the gateway's FRUUGO_BASE_URL (paths start with /v3). */
  url: string;
  /** FRUUGO_USERNAME and FRUUGO_PASSWORD. */
  credentials: RetailerCredentials;
  merchantId: number;
  control: FruugoSandboxControl;
  /** Stops the server and every pending callback (waiting for the attempts under way). */
  close(): Promise<void>;
}

export const DEFAULT_CREDENTIALS: RetailerCredentials = { username: 'sandbox-retailer', password: 'sandbox-password' };

/** Starts a simulated Fruugo Orders API v3 listening over HTTP, with sample orders and a webhook sender. */
export async function startFruugoSandbox(options: FruugoSandboxOptions = {}): Promise<FruugoSandbox> {
  const clock = new SandboxClock();
  const merchantId = options.merchantId ?? 444;
  const credentials = { ...(options.credentials ?? DEFAULT_CREDENTIALS) };
  const sampleSize = options.orderCount ?? 100;
  const book = new OrderBook(clock, sampleOrders(clock.now(), merchantId, sampleSize));
  const traffic = new TrafficControl(clock, trafficSettings(options, TRAFFIC), fruugoFaultBody);
  const callbacks = new CallbackDispatcher(
    clock,
    {
      merchantId,
      firstDelayMs: options.callbackDelayMs ?? 200,
      retryBaseMs: options.callbackRetryBaseMs ?? 1000,
      retryMaxMs: options.callbackRetryMaxMs ?? 60_000,
      maxAttempts: options.callbackMaxAttempts ?? 8,
      timeoutMs: options.callbackTimeoutMs ?? 10_000,
    },
    options.webhookUrl,
  );
  const log = new RequestLog(httpRequest);
  const control = createControl({ clock, traffic, book, callbacks, log, merchantId, sampleSize });

  const app = buildApp({ book, callbacks, traffic, log, control, credentials, logger: options.logger });
  const { url, close } = await listenOnLoopback(app, options, callbacks);
  return { url, credentials: { ...credentials }, merchantId, control, close };
}
