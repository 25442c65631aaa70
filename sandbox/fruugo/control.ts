import type { FruugoOrder } from './wire.js';
import type { SandboxClock } from '../shared/clock.js';
import type { RecordedRequest, RequestLog } from '../shared/request-log.js';
import {
  requestControl,
  trafficControl,
  type SandboxRequestControl,
  type SandboxTrafficControl,
} from '../shared/sandbox-control.js';
import type { TrafficControl } from '../shared/traffic.js';
import type { CallbackDispatcher, SentCallback } from './callbacks.js';
import type { OrderBook } from './orders.js';
import { buildOrder, customerOrderNumber, marketFor, skuId, type LineSpec } from './sample-orders.js';

export interface NewOrderInput {
  /** GBP, EUR or AED; the customer country's currency when omitted. */
  currencyCode?: string;
  /** ISO 3166-1 alpha-2; GB (or the currency's market) when omitted. */
  customerCountry?: string;
  /** Default: one unit of PSKU-000001. Prices default to the SKU's sample price. */
  lines?: Array<Pick<LineSpec, 'skuId' | 'productId' | 'quantity' | 'itemPriceInclVat'>>;
}

/** What a test (or a human, through /_sandbox) may do to the simulated Fruugo that Fruugo's API offers no way to do. */
export interface FruugoSandboxControl extends SandboxTrafficControl, SandboxRequestControl {
  /** Where callbacks go (the retailer's webhook, set in the Retailer Portal at Fruugo); undefined holds them. */
  setWebhookUrl(url: string | undefined): void;
  webhookUrl(): string | undefined;
  /** Every callback so far with its delivery attempts, oldest first. */
  callbacks(): SentCallback[];
  /** The latest callback of a correlation id, once delivered or given up. */
  settledCallback(correlationId: string): Promise<SentCallback>;
  /** A new PENDING order, placed now. */
  createOrder(input?: NewOrderInput): FruugoOrder;
  /** Fruugo's side: the customer cancels; every unit not shipped becomes NOT_REPLACED. */
  customerCancel(orderId: string): FruugoOrder;
  /** The order as the download would send it now. */
  order(orderId: string): FruugoOrder | undefined;
}

export function createControl(parts: {
  clock: SandboxClock;
  traffic: TrafficControl;
  book: OrderBook;
  callbacks: CallbackDispatcher;
  log: RequestLog<RecordedRequest>;
  merchantId: number;
  /** How many orders the sample holds; new ones take the customer order numbers after them. */
  sampleSize: number;
}): FruugoSandboxControl {
  const { clock, traffic, book, callbacks, log, merchantId } = parts;
  let created = 0;
  return {
    ...trafficControl(clock, traffic),
    ...requestControl(log),
    setWebhookUrl: (url) => callbacks.setWebhookUrl(url),
    webhookUrl: () => callbacks.webhookUrl(),
    callbacks: () => callbacks.list(),
    settledCallback: (correlationId) => callbacks.settled(correlationId),
    createOrder: (input = {}) => {
      const index = parts.sampleSize + created;
      created += 1;
      return book.add(
        buildOrder({
          customerOrderId: customerOrderNumber(index),
          merchantId,
          orderDate: clock.now(),
          market: marketFor(input.currencyCode, input.customerCountry),
          lines: input.lines ?? [{ skuId: skuId(1), quantity: 1 }],
        }),
      );
    },
    customerCancel: (orderId) => {
      const outcome = book.customerCancel(orderId);
      if (!outcome.success) throw new Error(outcome.errorMessage ?? `cannot cancel ${orderId}`);
      return book.get(orderId)!;
    },
    order: (orderId) => book.get(orderId),
  };
}
