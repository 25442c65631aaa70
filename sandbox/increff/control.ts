import type { CancelledItem } from './wire.js';
import type { SandboxClock } from '../shared/clock.js';
import type { RecordedRequest, RequestLog } from '../shared/request-log.js';
import {
  requestControl,
  trafficControl,
  type SandboxRequestControl,
  type SandboxTrafficControl,
} from '../shared/sandbox-control.js';
import type { TrafficControl } from '../shared/traffic.js';
import type { SearchSettings } from './api-routes.js';
import type { CallAttempt, ChannelCall, ChannelCaller, IncreffChannel } from './channel.js';
import type { Inventory } from './inventory.js';
import type { OrderBook, OutwardOrderRecord, WarehouseStep } from './orders.js';
import type { ReturnBook, ReturnOrderRecord } from './returns.js';
import type { Warehouse } from './warehouse.js';

export interface StockCount {
  locationCode: string;
  onHand: number;
  reserved: number;
  /** What Search Inventory answers: on hand − reserved, never below 0. */
  available: number;
}

/** What a test (or a human, through /_sandbox) may do to the simulated Increff that Increff's API offers no way to do. */
export interface IncreffSandboxControl extends SandboxTrafficControl, SandboxRequestControl {
  /** Sets the units on hand of a SKU at a location; a SKU new to the channel joins it. Reservations stay. */
  setStock(locationCode: string, channelSkuCode: string, quantity: number): void;
  /** The SKU's counts at every location holding it; empty when unknown. */
  stock(channelSkuCode: string): StockCount[];
  /**
   * The warehouse's side: moves an order forward to PACKED, INVOICED or HANDED_OVER (skipping steps is allowed; the
   * skipped ones still happen) and calls the channel for each step: Pack Order per shipment, Get Shipping Label
   * per shipment, Handover Notification per location.
   */
  advanceOrder(orderCode: string, status: WarehouseStep): void;
  /** The warehouse cancels items (absolute quantities; every unit when none named) and calls Seller Cancellation. */
  sellerCancel(orderCode: string, orderItems?: CancelledItem[]): void;
  /**
   * Calls the channel's Inventory Update (location-wise ATP) now: for `skus` at every location holding them, or for
   * every SKU changed since the last sync (every SKU the first time). Answers the number of calls (200 SKUs each).
   */
  syncInventory(skus?: readonly string[]): number;
  /** Where Increff calls the channel (its URLs and Get Credential's static headers); undefined stops the calls. */
  connectChannel(channel: IncreffChannel | undefined): void;
  /** Replaces the headers Get Credential answered, e.g. with a stale credential, so the next call meets a 401. */
  setChannelHeaders(headers: Record<string, string>): void;
  /** Copies of every call to the channel, oldest first. */
  channelCalls(): ChannelCall[];
  /** Every Get Credential call, oldest first. */
  credentialFetches(): CallAttempt[];
  /** A copy of the order as the simulator holds it; undefined when unknown. */
  order(orderCode: string): OutwardOrderRecord | undefined;
  /** Copies of every return order, oldest first. */
  returns(): ReturnOrderRecord[];
  /** Search Inventory answers under `successList` (default) or the page example's misspelt `sucessList`. */
  setSearchListKey(key: SearchSettings['listKey']): void;
}

export function createControl(parts: {
  clock: SandboxClock;
  traffic: TrafficControl;
  inventory: Inventory;
  orders: OrderBook;
  returns: ReturnBook;
  search: SearchSettings;
  log: RequestLog<RecordedRequest>;
  warehouse: Warehouse;
  channel: ChannelCaller;
}): IncreffSandboxControl {
  const { clock, traffic, inventory, orders, returns, search, log, warehouse, channel } = parts;
  return {
    ...trafficControl(clock, traffic),
    ...requestControl(log),
    setStock: (locationCode, sku, quantity) => inventory.setOnHand(sku, locationCode, quantity),
    stock: (sku) => inventory.counts(sku),
    advanceOrder: (orderCode, status) => {
      warehouse.advance(orderCode, status);
    },
    sellerCancel: (orderCode, orderItems) => {
      warehouse.sellerCancel(orderCode, orderItems);
    },
    syncInventory: (skus) => warehouse.syncInventory(skus),
    connectChannel: (settings) => channel.connect(settings),
    setChannelHeaders: (headers) => channel.setHeaders(headers),
    channelCalls: () => channel.list(),
    credentialFetches: () => channel.credentialFetches(),
    order: (orderCode) => {
      const order = orders.find(orderCode);
      return order === undefined ? undefined : structuredClone(order);
    },
    returns: () => structuredClone(returns.list()),
    setSearchListKey: (key) => {
      search.listKey = key;
    },
  };
}
