import type { Connection } from 'mongoose';
import type { Marketplace } from '../../domain/marketplace.js';
import type { Order } from '../../domain/order.js';
import type { OrderError, OrderErrorType } from '../../domain/order-error.js';
import { OrderOperationStatus, type PendingOperation } from '../../domain/pending-operation.js';
import type { OrderFilter, OrderPage, SourcePosition } from '../../domain/ports/order-source.js';
import type {
  AuditEntry,
  AuditFilter,
  CallbackStore,
  NewAuditEntry,
  NewWebhookEvent,
  OrderChange,
  OrderChangeOutcome,
  OrderEvent,
  OrderEventFilter,
  OrderState,
  StoredOperation,
  WebhookAttemptOutcome,
  WebhookBacklog,
  WebhookEvent,
  WebhookEventFilter,
} from '../callback-store.js';
import { groupByOrder } from '../group-by-order.js';
import { decodeOrder, encodeOrder } from '../order-codec.js';
import { orderKeyset, storedOrderPage } from '../order-keyset.js';
import { receivedFirst } from '../received-first.js';
import { toAuditEntry, toAuditEntryDocument, type AuditEntryDocument } from './audit-entry-model.js';
import { claimNext } from './claim-next.js';
import { insertOnce, isDuplicateKeyError } from './insert-once.js';
import type { StoreModels } from './models.js';
import { newestFirst } from './newest-first.js';
import { toPendingOperation, toStoredOperation, type OperationDocument } from './operation-model.js';
import { toOrderError, type OrderErrorDocument } from './order-errors-model.js';
import { toOrderEvent, versionId, type OrderEventDocument } from './order-event-model.js';
import { fromOrderDocument, toOrderDocument, type OrderDocument } from './order-model.js';
import { sourceContentKey, toWebhookEvent, type WebhookEventDocument } from './webhook-event-model.js';

/**
 * The MongoDB adapter, for production and for several gateway instances sharing one state. Every record is a plain
 * document with the port's own field names; what makes a write happen once (a redelivered webhook, an order event
 * recorded twice, a correlation id used twice) is a unique index, never a read before the write. Made by
 * `openMongoStore`, which also ensures the indexes.
 */
export class MongoStore implements CallbackStore {
  constructor(
    private readonly connection: Connection,
    private readonly models: StoreModels,
  ) {}

  /**
   * The order as its `orders` document says, or as its latest event says when that is newer: a gateway stopped
   * between committing a change and bringing the document up to it left the document behind, and this read repairs it.
   */
  async findOrder(id: string): Promise<Order | undefined> {
    const stored = await this.models.orders.findById(id).lean<OrderDocument>();
    const latest = await this.models.orderEvents
      .findOne({ orderId: id, order: { $exists: true } }, { order: 1, version: 1 })
      .sort({ cursor: -1 })
      .lean<Pick<OrderEventDocument, 'order' | 'version'>>();
    if (latest?.order === undefined || latest.version === null || (stored?.version ?? 0) >= latest.version)
      return stored === null ? undefined : fromOrderDocument(stored);
    const order = decodeOrder(latest.order);
    await this.bringUpTo(order, latest.version);
    return order;
  }

  async listOrders(
    marketplace: Marketplace,
    filter: OrderFilter,
    position: SourcePosition | undefined,
    want: number,
  ): Promise<OrderPage> {
    const start = orderKeyset(position);
    const query: Record<string, unknown> = { marketplace };
    if (start !== undefined) {
      const createdAt = new Date(start.createdAt);
      query.$or = [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: start.id } }];
    }
    if (filter.statuses !== undefined && filter.statuses.length > 0) query.status = { $in: filter.statuses };
    if (filter.updatedSince !== undefined) query.updatedAt = { $gte: filter.updatedSince };
    // One more than asked tells whether anything follows.
    const stored = await this.models.orders
      .find(query, { document: 1 })
      .sort({ createdAt: -1, _id: -1 })
      .limit(want + 1)
      .lean<Array<Pick<OrderDocument, 'document'>>>();
    return storedOrderPage(stored.map(fromOrderDocument), want, start);
  }

  async recordOperation(operation: StoredOperation): Promise<void> {
    await this.models.operations.create(operation);
  }

  async completeOperation(
    correlationId: string,
    status: OrderOperationStatus,
    completedAt: Date,
  ): Promise<StoredOperation | undefined> {
    await this.models.operations.updateOne(
      { correlationId, status: OrderOperationStatus.PENDING },
      { $set: { status, completedAt } },
      { runValidators: true },
    );
    const stored = await this.models.operations.findOne({ correlationId }).lean<OperationDocument>();
    return stored === null ? undefined : toStoredOperation(stored);
  }

  async operations(orderIds: readonly string[]): Promise<Map<string, PendingOperation[]>> {
    if (orderIds.length === 0) return new Map();
    const stored = await this.models.operations
      .find({ orderId: { $in: orderIds } })
      .sort({ orderId: 1, requestedAt: 1, correlationId: 1 })
      .lean<OperationDocument[]>();
    return groupByOrder(stored, (operation) => operation.orderId, toPendingOperation);
  }

  async addOrderErrors(orderId: string, errors: readonly OrderError[]): Promise<void> {
    // One at a time, each claiming the order's next position: what another writer added meanwhile is kept, and
    // this call's errors stay in their order.
    for (const error of errors) {
      await claimNext(
        async () =>
          (
            await this.models.orderErrors
              .findOne({ orderId }, { position: 1 })
              .sort({ position: -1 })
              .lean<Pick<OrderErrorDocument, 'position'>>()
          )?.position,
        async (position) => {
          await this.models.orderErrors.create({ ...error, orderId, position });
        },
      );
    }
  }

  async orderErrors(orderIds: readonly string[]): Promise<Map<string, OrderError[]>> {
    if (orderIds.length === 0) return new Map();
    const stored = await this.models.orderErrors
      .find({ orderId: { $in: orderIds } })
      .sort({ orderId: 1, position: 1 })
      .lean<OrderErrorDocument[]>();
    return groupByOrder(stored, (error) => error.orderId, toOrderError);
  }

  async hasOrderError(orderId: string, correlationId: string, type: OrderErrorType): Promise<boolean> {
    return (await this.models.orderErrors.exists({ orderId, correlationId, type })) !== null;
  }

  async recordWebhookEvent(event: NewWebhookEvent): Promise<{ event: WebhookEvent; duplicate: boolean }> {
    const { contentKey, ...rest } = event;
    const content = contentKey === undefined ? undefined : sourceContentKey(event.source, contentKey);
    const { value, duplicate } = await insertOnce(
      async () =>
        toWebhookEvent(
          (
            await this.models.webhookEvents.create({
              ...rest,
              ...(content === undefined ? {} : { contentKey: content }),
              nextAttemptAt: event.receivedAt,
            })
          ).toObject(),
        ),
      // Either unique index may have refused it: the event stored first under either key is the one answered.
      async () => {
        const keys: Array<Record<string, string>> = [{ source: event.source, dedupeKey: event.dedupeKey }];
        if (content !== undefined) keys.push({ contentKey: content });
        const stored = await this.models.webhookEvents
          .find({ $or: keys })
          .sort({ receivedAt: 1, _id: 1 })
          .limit(1)
          .lean<WebhookEventDocument[]>();
        return stored[0] === undefined ? undefined : toWebhookEvent(stored[0]);
      },
    );
    return { event: value, duplicate };
  }

  async settleWebhookEvent(id: string, outcome: WebhookAttemptOutcome): Promise<void> {
    await this.models.webhookEvents.updateOne(
      { _id: id },
      {
        $set: {
          status: outcome.status,
          lastError: outcome.status === 'PROCESSED' ? null : outcome.error,
          nextAttemptAt: outcome.status === 'FAILED' ? outcome.nextAttemptAt : null,
          // A failed attempt leaves the moment of an earlier success as it was.
          ...(outcome.status === 'PROCESSED' ? { processedAt: outcome.at } : {}),
        },
        $inc: { attempts: 1 },
      },
      { runValidators: true },
    );
  }

  async dueWebhookEvents(now: Date, limit: number): Promise<WebhookEvent[]> {
    const stored = await receivedFirst(
      limit,
      (want) =>
        this.models.webhookEvents
          .find({ status: 'RECEIVED' })
          .sort({ receivedAt: 1, _id: 1 })
          .limit(want)
          .lean<WebhookEventDocument[]>(),
      (want) =>
        this.models.webhookEvents
          // null also matches a document without the field, written by an earlier version: it is due at once.
          .find({ status: 'FAILED', $or: [{ nextAttemptAt: { $lte: now } }, { nextAttemptAt: null }] })
          .sort({ nextAttemptAt: 1, _id: 1 })
          .limit(want)
          .lean<WebhookEventDocument[]>(),
    );
    return stored.map(toWebhookEvent);
  }

  async findWebhookEvent(id: string): Promise<WebhookEvent | undefined> {
    return this.findWebhookEventBy({ _id: id });
  }

  async listWebhookEvents(
    filter: WebhookEventFilter,
    after: string | undefined,
    first: number,
  ): Promise<WebhookEvent[]> {
    const query: Record<string, unknown> = {};
    if (filter.source !== undefined) query.source = filter.source;
    if (filter.status !== undefined) query.status = filter.status;
    const stored = await newestFirst<WebhookEventDocument>(
      this.models.webhookEvents,
      'receivedAt',
      query,
      after,
      first,
    );
    return stored.map(toWebhookEvent);
  }

  async reopenWebhookEvent(id: string, at: Date): Promise<WebhookEvent | undefined> {
    const stored = await this.models.webhookEvents
      .findOneAndUpdate(
        { _id: id },
        { $set: { status: 'RECEIVED', attempts: 0, processedAt: null, nextAttemptAt: at } },
        { returnDocument: 'after' },
      )
      .lean<WebhookEventDocument>();
    return stored === null ? undefined : toWebhookEvent(stored);
  }

  async webhookBacklog(): Promise<WebhookBacklog[]> {
    // Both reads go through the `unprocessed` index (status, receivedAt): only the events not applied are read, never
    // the PROCESSED ones. Each group's oldest is a read of its own (a few groups at most): FerretDB's $group knows no
    // $min or $first.
    const groups = await this.models.webhookEvents
      .aggregate<{ _id: Pick<WebhookBacklog, 'source' | 'status'>; count: number }>([
        { $match: { status: { $in: ['RECEIVED', 'FAILED', 'DEAD'] } } },
        { $group: { _id: { source: '$source', status: '$status' }, count: { $sum: 1 } } },
      ])
      .hint('unprocessed');
    const entries = await Promise.all(
      groups.map(async ({ _id: group, count }) => {
        const [oldest] = await this.models.webhookEvents
          .find(group, { receivedAt: 1 })
          .sort({ receivedAt: 1, _id: 1 })
          .limit(1)
          .hint('unprocessed')
          .lean<Array<Pick<WebhookEventDocument, 'receivedAt'>>>();
        // Applied since it was counted: the group is gone.
        return oldest === undefined ? [] : [{ ...group, count, oldestReceivedAt: oldest.receivedAt }];
      }),
    );
    return entries.flat();
  }

  async orderState(orderId: string): Promise<OrderState> {
    // The version first: a change committed after this read is then a CONFLICT for whoever decides on this state.
    const latest = await this.models.orderEvents
      .findOne({ orderId, version: { $ne: null } }, { version: 1 })
      .sort({ cursor: -1 })
      .lean<Pick<OrderEventDocument, 'version'>>();
    const announced = await this.models.orderEvents
      .findOne({ orderId, status: { $ne: null } }, { status: 1 })
      .sort({ cursor: -1 })
      .lean<Pick<OrderEventDocument, 'status'>>();
    return {
      version: latest?.version ?? 0,
      status: announced?.status ?? undefined,
      order: await this.findOrder(orderId),
    };
  }

  /**
   * The event is the commit: its insert claims the next cursor (unique `cursor`), the order's next version (its
   * `_id`) and its cause (unique `key`) in one write, carrying the order when the store keeps it. The `orders`
   * document is brought up to it afterwards; `findOrder` repairs one a crash left behind.
   */
  async commitOrderChange({ basedOn, event, order }: OrderChange): Promise<OrderChangeOutcome> {
    const version = basedOn + 1;
    const outcome = await claimNext<OrderChangeOutcome>(
      () => this.latestOrderEventCursor(),
      async (cursor) => {
        const document = {
          ...event,
          _id: versionId(event.orderId, version),
          cursor,
          version,
          ...(order === undefined ? {} : { order: encodeOrder(order) }),
        };
        const created = (await this.models.orderEvents.create(document)).toObject<OrderEventDocument>();
        return { outcome: 'COMMITTED', event: toOrderEvent(created) };
      },
      async () => {
        const stored = await this.models.orderEvents.findOne({ key: event.key }).lean<OrderEventDocument>();
        if (stored !== null) return { outcome: 'DUPLICATE', event: toOrderEvent(stored) };
        const taken = await this.models.orderEvents.exists({ _id: versionId(event.orderId, version) });
        return taken === null ? undefined : { outcome: 'CONFLICT' };
      },
    );
    if (outcome.outcome === 'COMMITTED' && order !== undefined) await this.bringUpTo(order, version);
    return outcome;
  }

  async orderEventsAfter(cursor: number, filter: OrderEventFilter, limit: number): Promise<OrderEvent[]> {
    const query: Record<string, unknown> = { cursor: { $gt: cursor } };
    if (filter.orderId !== undefined) query.orderId = filter.orderId;
    if (filter.marketplaces !== undefined && filter.marketplaces.length > 0)
      query.marketplace = { $in: filter.marketplaces };
    const stored = await this.models.orderEvents
      .find(query)
      .sort({ cursor: 1 })
      .limit(limit)
      .lean<OrderEventDocument[]>();
    return stored.map(toOrderEvent);
  }

  async latestOrderEventCursor(): Promise<number> {
    const latest = await this.models.orderEvents
      .findOne({}, { cursor: 1 })
      .sort({ cursor: -1 })
      .lean<Pick<OrderEventDocument, 'cursor'>>();
    return latest?.cursor ?? 0;
  }

  async appendAuditEntry(entry: NewAuditEntry): Promise<AuditEntry> {
    return toAuditEntry((await this.models.auditEntries.create(toAuditEntryDocument(entry))).toObject());
  }

  async findAuditEntry(id: string): Promise<AuditEntry | undefined> {
    const stored = await this.models.auditEntries.findOne({ _id: id }).lean<AuditEntryDocument>();
    return stored === null ? undefined : toAuditEntry(stored);
  }

  async listAuditEntries(filter: AuditFilter, after: string | undefined, first: number): Promise<AuditEntry[]> {
    const query: Record<string, unknown> = {};
    if (filter.subject !== undefined) query['principal.subject'] = filter.subject;
    if (filter.since !== undefined) query.at = { $gte: filter.since };
    const stored = await newestFirst<AuditEntryDocument>(this.models.auditEntries, 'at', query, after, first);
    return stored.map(toAuditEntry);
  }

  /** Every write resolves once the server has it under its write concern (majority, journaled by default). */
  async durable(): Promise<void> {}

  /** A round trip to the server: `connection.readyState` would say connected until the driver's next heartbeat. */
  async ping(): Promise<void> {
    const db = this.connection.db;
    if (db === undefined) throw new Error('the MongoDB connection is closed');
    await db.admin().ping();
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  /**
   * Writes the order's document as of `version`, unless it already stands at that version or a later one (then the
   * filter matches nothing, the upsert's insert meets the `_id`, and the newer document stays).
   */
  private async bringUpTo(order: Order, version: number): Promise<void> {
    try {
      await this.models.orders.replaceOne(
        { _id: order.id, $or: [{ version: { $lt: version } }, { version: { $exists: false } }] },
        { ...toOrderDocument(order), version },
        { upsert: true, runValidators: true },
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  private async findWebhookEventBy(query: Pick<WebhookEventDocument, '_id'>): Promise<WebhookEvent | undefined> {
    const stored = await this.models.webhookEvents.findOne(query).lean<WebhookEventDocument>();
    return stored === null ? undefined : toWebhookEvent(stored);
  }
}
