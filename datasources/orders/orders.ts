import DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { setImmediate as afterThisTurn } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import type { MarketplaceAccess } from '../../src/auth/marketplace-access.js';
import { BadInput, NotConfigured, NotSupported } from '../../src/domain/errors.js';
import { checkId, checkIds, LOCATION_CODE, SHIPMENT_NUMBER, SKU, TRACKING_NUMBER } from '../../src/domain/ids.js';
import type { InventoryLevel } from '../../src/domain/inventory-level.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import type { MarketplaceFailure } from '../../src/domain/marketplace-failure.js';
import type { Order, OrderLine } from '../../src/domain/order.js';
import type { OrderError } from '../../src/domain/order-error.js';
import { OrderEventOrigin, OrderEventType } from '../../src/domain/order-event.js';
import { OrderStatus } from '../../src/domain/order-status.js';
import type { Page } from '../../src/domain/page.js';
import type { PendingOperation } from '../../src/domain/pending-operation.js';
import type { Fulfilment, FulfilmentRequest } from '../../src/domain/ports/fulfilment.js';
import type { InventorySource } from '../../src/domain/ports/inventory-source.js';
import type { CancelRequest, OrderFilter, OrderSource, ShipRequest } from '../../src/domain/ports/order-source.js';
import type { OrderEventLog } from '../../src/events/order-event-log.js';
import { UpstreamError } from '../../src/http/upstream-error.js';
import type { Logger } from '../../src/logger.js';
import type { CallbackStore, OrderState } from '../../src/store/callback-store.js';
import type { Cursors } from '../../src/cursors.js';
import { fanOut } from './fan-out.js';
import { mergePages, type MergedPosition } from './merged-list.js';
import { checkedOrderId, marketplaceLines, parseOrderId, splitOrderId } from './order-ids.js';
import { readEachTime, type Reads } from './reads.js';

/** The largest page of the merged list: each marketplace may be asked for this many orders in one request. */
export const MAX_ORDERS_PAGE = 100;

/** Marketplaces in a fixed order, so a merged list and its errors read the same way every time. */
const ORDER_OF_MARKETPLACES = Object.values(Marketplace);

export interface OrdersDataSourceParts {
  /** The configured marketplaces' order sources, for this operation. */
  sources: ReadonlyMap<Marketplace, OrderSource>;
  /** Those that count stock. */
  inventory: ReadonlyMap<Marketplace, InventorySource>;
  store: CallbackStore;
  /** Where each mutation's outcome is announced. */
  events: OrderEventLog;
  log: Logger;
  /** Increff's fulfilment, when Increff is configured. */
  fulfilment: Fulfilment | undefined;
  /** The marketplaces the caller may use: lists leave the others out, naming one of them is FORBIDDEN. */
  access: MarketplaceAccess;
  /** Signs the merged list's cursors. */
  cursors: Cursors;
  /**
   * How orders, stock and an order's stored errors and operations are read: shared by the subscribers resolving one
   * order event; each time (behind this operation's DataLoaders) otherwise, the default.
   */
  reads?: Reads;
}

export interface ListOrdersArgs extends OrderFilter {
  /** Every configured marketplace when undefined or empty. */
  marketplaces?: readonly Marketplace[];
  first: number;
  after?: string | null;
}

/** Data, plus the marketplaces that failed while the others answered. */
export interface WithFailures<T> {
  data: T;
  failures: MarketplaceFailure[];
}

function notSupported(marketplace: Marketplace, what: string, instead: string): NotSupported {
  return new NotSupported(marketplace, `${marketplace} has no ${what}. ${instead}`);
}

/**
 * Orders and stock across every configured marketplace, for one GraphQL operation. It fans out to the
 * marketplaces in parallel, merges their lists, and batches the per-order and per-line look-ups of the operation
 * with DataLoader (one stock call per marketplace and batch, one store query per kind), whatever the query's shape.
 */
export class OrdersDataSource {
  private readonly parts: OrdersDataSourceParts;
  private readonly reads: Reads;
  private readonly orderLoader: DataLoader<string, Order>;
  private readonly errorLoader: DataLoader<string, OrderError[]>;
  private readonly operationLoader: DataLoader<string, PendingOperation[]>;
  private readonly stockLoaders = new Map<Marketplace, DataLoader<string, InventoryLevel[]>>();

  constructor(parts: OrdersDataSourceParts) {
    this.parts = parts;
    this.reads = parts.reads ?? readEachTime;
    this.orderLoader = new DataLoader(
      (ids) => Promise.all(ids.map((id) => this.fetchOrder(id).catch((error: unknown) => toError(error)))),
      { maxBatchSize: 50 },
    );
    this.errorLoader = new DataLoader((ids) =>
      this.reads.many('order-errors', ids, async (unread) => {
        const found = await parts.store.orderErrors(unread);
        return unread.map((id) => found.get(id) ?? []);
      }),
    );
    this.operationLoader = new DataLoader((ids) =>
      this.reads.many('order-operations', ids, async (unread) => {
        const found = await parts.store.operations(unread);
        return unread.map((id) => found.get(id) ?? []);
      }),
    );
    for (const [marketplace, source] of parts.inventory) {
      this.stockLoaders.set(
        marketplace,
        new DataLoader(
          (skus) =>
            this.reads.many(`stock:${marketplace}`, skus, async (unread) => {
              const levels = await source.levels(unread);
              return unread.map((sku) => levels.filter((level) => level.sku === sku));
            }),
          { maxBatchSize: source.maxBatchSize },
        ),
      );
    }
  }

  /** The order `id` (the argument `field`). */
  async order(id: string, field = 'id'): Promise<Order> {
    // A malformed id, or one of a marketplace the caller may not use, is answered before any marketplace is asked.
    this.parts.access.require(parseOrderId(id, field).marketplace);
    return this.orderLoader.load(id);
  }

  /**
   * The order `id`, or undefined where its marketplace knows no such order (the OrderSource contract's
   * ORDER_NOT_FOUND): `node(id:)` answers null for an id of nothing. Every other refusal is `order`'s.
   */
  async findOrder(id: string, field = 'id'): Promise<Order | undefined> {
    try {
      return await this.order(id, field);
    } catch (error) {
      if (error instanceof UpstreamError && error.code === 'ORDER_NOT_FOUND') return undefined;
      throw error;
    }
  }

  /** One page of every requested marketplace's orders, merged newest first. */
  async list(args: ListOrdersArgs): Promise<WithFailures<Page<Order>>> {
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_ORDERS_PAGE) {
      throw BadInput.at('first', `"first" must be between 1 and ${MAX_ORDERS_PAGE}, got ${args.first}`);
    }
    const marketplaces = this.requested(args.marketplaces);
    const filter: OrderFilter = { statuses: args.statuses, updatedSince: args.updatedSince };
    // The cursor belongs to one filter: a cursor of another would page through the wrong list.
    const list = `orders:${JSON.stringify([marketplaces, [...(filter.statuses ?? [])].sort(), filter.updatedSince?.getTime() ?? null])}`;
    const previous: MergedPosition = args.after
      ? this.parts.cursors.decode<MergedPosition>(list, args.after)
      : { positions: {}, exhausted: [] };
    const asked = marketplaces.filter((marketplace) => !previous.exhausted.includes(marketplace));

    const { results, failures } = await fanOut(asked, async (marketplace) => {
      const source = this.source(marketplace);
      // Reading the store is work on this thread (SQLite): begun with the rest, it would run before the marketplaces'
      // calls had left and hold each of them back by as long as it takes. Read once they are on their way, it is
      // done while they are answered.
      if (source.keepsOrders) await afterThisTurn();
      return source.list(filter, previous.positions[marketplace], args.first);
    });
    const page = mergePages(results, previous, args.first);
    for (const order of page.orders) this.orderLoader.prime(order.id, order);
    return {
      data: {
        nodes: page.orders,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          endCursor: page.hasNextPage ? this.parts.cursors.encode(list, page.next) : null,
        },
        totalCount: null,
      },
      failures,
    };
  }

  async confirm(id: string): Promise<Order> {
    const { marketplace, externalId } = parseOrderId(id);
    const source = this.source(marketplace);
    if (!source.confirm) {
      throw notSupported(marketplace, 'confirmation step', 'Its orders need no confirmation.');
    }
    return this.announce(
      source,
      this.fresh(await source.confirm(externalId)),
      'confirmOrder',
      OrderStatus.ACKNOWLEDGED,
    );
  }

  /** Cancels the order `id`; the request's `lines` name global line ids (`OrderLine.id`). */
  async cancel(id: string, request: CancelRequest): Promise<Order> {
    const order = checkedOrderId(id);
    const { marketplace, externalId } = order;
    const lines = marketplaceLines(order, request.lines, 'lines');
    const source = this.source(marketplace);
    if (!source.cancel) throw notSupported(marketplace, 'cancellation', 'Cancel the order where it was placed.');
    const cancelled = this.fresh(await source.cancel(externalId, { ...request, lines }));
    return this.announce(source, cancelled, 'cancelOrder', OrderStatus.CANCELLED);
  }

  /** Ships the order `id`; the request's `lines` name global line ids (`OrderLine.id`). */
  async ship(id: string, request: ShipRequest): Promise<Order> {
    const order = checkedOrderId(id);
    const { marketplace, externalId } = order;
    const lines = marketplaceLines(order, request.lines, 'input.lines');
    if (request.trackingNumber !== undefined) checkId('input.trackingNumber', request.trackingNumber, TRACKING_NUMBER);
    if (request.shipmentNumber !== undefined) checkId('input.shipmentNumber', request.shipmentNumber, SHIPMENT_NUMBER);
    const source = this.source(marketplace);
    if (!source.ship) {
      throw notSupported(marketplace, 'shipping call', 'The warehouse ships these orders and reports it by callback.');
    }
    const shipped = this.fresh(await source.ship(externalId, { ...request, lines }));
    return this.announce(source, shipped, 'shipOrder', OrderStatus.SHIPPED);
  }

  /** Pushes the order `id` (of any marketplace but the warehouse's own) to Increff. */
  async createFulfilmentOrder(id: string, request: FulfilmentRequest): Promise<Order> {
    const { marketplace } = parseOrderId(id, 'input.orderId');
    if (request.locationCode !== undefined) checkId('input.locationCode', request.locationCode, LOCATION_CODE);
    // The caller reads the source order and creates the warehouse's: both marketplaces must be theirs.
    this.parts.access.require(marketplace, Marketplace.INCREFF);
    if (!this.parts.fulfilment) {
      const explanation = 'Increff is not configured: there is no warehouse to push orders to';
      throw new NotConfigured([Marketplace.INCREFF], explanation);
    }
    if (marketplace === Marketplace.INCREFF) throw BadInput.at('input.orderId', `${id} is already a warehouse order`);
    const pushed = this.fresh(
      await this.parts.fulfilment.createFulfilmentOrder(await this.order(id, 'input.orderId'), request),
    );
    // Kept and announced CREATED by the warehouse's module, once however often it is pushed.
    return pushed;
  }

  /**
   * Announces a mutation's outcome: the order reached the status the call aims for (STATUS_CHANGED, unless that
   * status was announced already: confirming an order twice, or a webhook that told it first), or the marketplace
   * took the request and will answer later, by callback or in its own time (OPERATION_REQUESTED, unless its answer
   * arrived first and announced the status aimed for). Where the store
   * keeps the marketplace's orders, the order is saved with its event, and a change that leaves the status is
   * UPDATED.
   *
   * The marketplace has made the change by now, so for an order only announced here a store that cannot take the
   * event must not turn the mutation into an error the client would retry: it is logged, and the order itself stays
   * correct. An order kept here would be lost with its event, so that failure is the caller's; repeating the
   * mutation is safe (Increff's cancel sends absolute quantities).
   */
  private async announce(source: OrderSource, order: Order, mutation: string, aim: OrderStatus): Promise<Order> {
    const keep = source.keepsOrders === true;
    const committed = this.parts.events.change(order.id, (state) => {
      const requested = order.status !== aim;
      const type = mutationEventType(order, state, aim, keep);
      if (type === undefined) return undefined;
      return {
        // A request changes nothing yet: the order as read before the call must not overwrite what a webhook saved.
        ...(keep && !requested ? { order } : {}),
        event: {
          key: `mutation:${randomUUID()}`,
          orderId: order.id,
          marketplace: order.marketplace,
          type,
          status: order.status,
          origin: OrderEventOrigin.MUTATION,
          webhookEventId: null,
          message: mutation,
          occurredAt: new Date(),
        },
      };
    });
    if (keep) await committed;
    else {
      await committed.catch((error: unknown) =>
        this.parts.log.error({ err: error, order: order.id }, 'order event not recorded'),
      );
    }
    return order;
  }

  errors(order: Order): Promise<OrderError[]> {
    return this.errorLoader.load(order.id);
  }

  pendingOperations(order: Order): Promise<PendingOperation[]> {
    return this.operationLoader.load(order.id);
  }

  /**
   * A line's stock: where its own marketplace counts it (noon's FBPI warehouse, Marketplacer's variants) and in the
   * warehouse system (Increff), which holds the stock that fulfils every marketplace.
   */
  lineInventory(line: OrderLine): Promise<WithFailures<InventoryLevel[]>> {
    const marketplaces = [line.marketplace, Marketplace.INCREFF].filter(
      (marketplace, index, all) =>
        this.stockLoaders.has(marketplace) &&
        this.parts.access.allows(marketplace) &&
        all.indexOf(marketplace) === index,
    );
    return this.stock([line.sku], marketplaces);
  }

  /** Stock of these SKUs in the requested (default: every stock-counting) marketplaces. */
  inventoryLevels(
    skus: readonly string[],
    marketplaces?: readonly Marketplace[],
  ): Promise<WithFailures<InventoryLevel[]>> {
    const counting = ORDER_OF_MARKETPLACES.filter((marketplace) => this.stockLoaders.has(marketplace));
    checkIds(
      skus.map((sku, index) => [`skus[${index}]`, sku]),
      SKU,
    );
    const wanted = this.parts.access.narrow(marketplaces, counting);
    const unknown = wanted.filter((marketplace) => !counting.includes(marketplace));
    if (unknown.length > 0) {
      throw BadInput.at(
        'marketplaces',
        `no stock to read from ${unknown.join(', ')}; these count stock here: ${counting.join(', ')}`,
      );
    }
    return this.stock(skus, wanted);
  }

  private async stock(
    skus: readonly string[],
    marketplaces: readonly Marketplace[],
  ): Promise<WithFailures<InventoryLevel[]>> {
    const { results, failures } = await fanOut(marketplaces, async (marketplace) =>
      (await this.stockLoaders.get(marketplace)!.loadMany(skus)).flatMap((levels) => {
        if (levels instanceof Error) throw levels;
        return levels;
      }),
    );
    return { data: marketplaces.flatMap((marketplace) => results.get(marketplace) ?? []), failures };
  }

  /** The marketplaces a list covers: those named, or every configured one the caller may use, in a fixed order. */
  private requested(marketplaces: readonly Marketplace[] | undefined): Marketplace[] {
    const configured = ORDER_OF_MARKETPLACES.filter((marketplace) => this.parts.sources.has(marketplace));
    const wanted = this.parts.access.narrow(marketplaces, configured);
    const unknown = wanted.filter((marketplace) => !this.parts.sources.has(marketplace));
    if (unknown.length > 0) throw new NotConfigured(unknown);
    return ORDER_OF_MARKETPLACES.filter((marketplace) => wanted.includes(marketplace));
  }

  private source(marketplace: Marketplace): OrderSource {
    this.parts.access.require(marketplace);
    const source = this.parts.sources.get(marketplace);
    if (!source) throw new NotConfigured([marketplace]);
    return source;
  }

  private async fetchOrder(id: string): Promise<Order> {
    const { marketplace, externalId } = splitOrderId(id);
    // The caller's access is asked here, before a shared read can answer.
    const source = this.source(marketplace);
    return this.reads.one(`order:${id}`, () => source.get(externalId));
  }

  /** An order a mutation just returned: later fields of this operation see it, and its errors and operations anew. */
  private fresh(order: Order): Order {
    this.orderLoader.clear(order.id).prime(order.id, order);
    this.errorLoader.clear(order.id);
    this.operationLoader.clear(order.id);
    return order;
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * What a mutation's outcome amounts to against where the order stands (see `announce`); undefined for nothing new.
 */
function mutationEventType(
  order: Order,
  state: OrderState,
  aim: OrderStatus,
  keep: boolean,
): OrderEventType | undefined {
  // Taken, to be answered later; unless the answer came first (a callback overtaking the answer to the call).
  if (order.status !== aim) return state.status === aim ? undefined : OrderEventType.OPERATION_REQUESTED;
  if (state.status !== order.status) return OrderEventType.STATUS_CHANGED;
  return keep && !isDeepStrictEqual(state.order, order) ? OrderEventType.UPDATED : undefined;
}
