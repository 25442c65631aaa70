import { newRecordId } from './record-ids.js';
import { closeSync, fdatasync, mkdirSync, openSync } from 'node:fs';
import { promisify } from 'node:util';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Marketplace } from '../domain/marketplace.js';
import type { Order } from '../domain/order.js';
import type { OrderError, OrderErrorType } from '../domain/order-error.js';
import type { OrderEventOrigin, OrderEventType } from '../domain/order-event.js';
import type { OrderStatus } from '../domain/order-status.js';
import type { OrderOperationStatus, OrderOperationType, PendingOperation } from '../domain/pending-operation.js';
import type { OrderFilter, OrderPage, SourcePosition } from '../domain/ports/order-source.js';
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
  PrincipalKind,
  StoredOperation,
  WebhookAttemptOutcome,
  WebhookBacklog,
  WebhookEvent,
  WebhookEventFilter,
  WebhookEventStatus,
  WebhookSource,
} from './callback-store.js';
import { upgradeEmbeddedFile } from './embedded-upgrades.js';
import { groupByOrder } from './group-by-order.js';
import { GroupSync } from './group-sync.js';
import { decodeOrder, encodeOrder } from './order-codec.js';
import { orderKeyset, storedOrderPage } from './order-keyset.js';
import { receivedFirst } from './received-first.js';
import { WriteWindow } from './write-window.js';

/**
 * Tables and indexes. Moments are stored as epoch milliseconds so they sort and compare as numbers; each index
 * serves one query below (listing a marketplace's orders newest first, and the per-order look-ups).
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS orders (
    id          TEXT PRIMARY KEY,
    marketplace TEXT NOT NULL,
    status      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    document    TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS orders_newest ON orders (marketplace, created_at DESC, id DESC);

  CREATE TABLE IF NOT EXISTS operations (
    correlation_id TEXT PRIMARY KEY,
    order_id       TEXT NOT NULL,
    type           TEXT NOT NULL,
    status         TEXT NOT NULL,
    requested_at   INTEGER NOT NULL,
    completed_at   INTEGER
  );
  CREATE INDEX IF NOT EXISTS operations_by_order ON operations (order_id, requested_at);

  CREATE TABLE IF NOT EXISTS order_errors (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id       TEXT NOT NULL,
    type           TEXT NOT NULL,
    message        TEXT NOT NULL,
    field          TEXT,
    correlation_id TEXT,
    created_at     INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS order_errors_by_order ON order_errors (order_id, seq);
  CREATE INDEX IF NOT EXISTS order_errors_by_call ON order_errors (order_id, correlation_id);

  CREATE TABLE IF NOT EXISTS webhook_events (
    id           TEXT PRIMARY KEY,
    source       TEXT NOT NULL,
    dedupe_key   TEXT NOT NULL,
    type         TEXT NOT NULL,
    body         TEXT NOT NULL,
    received_at  INTEGER NOT NULL,
    status       TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    processed_at INTEGER,
    next_attempt_at INTEGER,
    content_key  TEXT,
    UNIQUE (source, dedupe_key)
  );
  CREATE INDEX IF NOT EXISTS webhook_events_unprocessed ON webhook_events (status, received_at);
  CREATE INDEX IF NOT EXISTS webhook_events_newest ON webhook_events (received_at DESC, id DESC);

  CREATE TABLE IF NOT EXISTS order_events (
    cursor           INTEGER PRIMARY KEY AUTOINCREMENT,
    key              TEXT NOT NULL UNIQUE,
    order_id         TEXT NOT NULL,
    marketplace      TEXT NOT NULL,
    type             TEXT NOT NULL,
    status           TEXT,
    origin           TEXT NOT NULL,
    webhook_event_id TEXT,
    message          TEXT,
    occurred_at      INTEGER NOT NULL,
    version          INTEGER
  );
  CREATE INDEX IF NOT EXISTS order_events_by_order ON order_events (order_id, cursor);

  CREATE TABLE IF NOT EXISTS audit_entries (
    id                TEXT PRIMARY KEY,
    principal_kind    TEXT NOT NULL,
    principal_subject TEXT NOT NULL,
    principal_name    TEXT,
    operation_name    TEXT,
    field             TEXT NOT NULL,
    arguments         TEXT NOT NULL,
    request_id        TEXT NOT NULL,
    outcome           TEXT NOT NULL,
    transport         TEXT NOT NULL,
    at                INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS audit_entries_newest ON audit_entries (at DESC, id DESC);
  CREATE INDEX IF NOT EXISTS audit_entries_newest_by_subject ON audit_entries (principal_subject, at DESC, id DESC);
`;

/** Indexes over columns a file written by an earlier version gets from `upgradeEmbeddedFile`, so made after it. */
const INDEXES_OF_UPGRADED_COLUMNS = `
  CREATE INDEX IF NOT EXISTS webhook_events_due ON webhook_events (status, next_attempt_at, id);
  CREATE UNIQUE INDEX IF NOT EXISTS order_events_version ON order_events (order_id, version);
  CREATE UNIQUE INDEX IF NOT EXISTS webhook_events_content ON webhook_events (source, content_key);
`;

interface OrderEventRow {
  cursor: number;
  key: string;
  order_id: string;
  marketplace: string;
  type: string;
  status: string | null;
  origin: string;
  webhook_event_id: string | null;
  message: string | null;
  occurred_at: number;
  version: number | null;
}

function toOrderEvent(row: OrderEventRow): OrderEvent {
  return {
    cursor: row.cursor,
    key: row.key,
    orderId: row.order_id,
    marketplace: row.marketplace as Marketplace,
    type: row.type as OrderEventType,
    status: row.status as OrderStatus | null,
    origin: row.origin as OrderEventOrigin,
    webhookEventId: row.webhook_event_id,
    message: row.message,
    occurredAt: new Date(row.occurred_at),
    version: row.version,
  };
}

interface WebhookEventRow {
  id: string;
  source: string;
  dedupe_key: string;
  type: string;
  body: string;
  received_at: number;
  status: string;
  attempts: number;
  last_error: string | null;
  processed_at: number | null;
  next_attempt_at: number | null;
  content_key: string | null;
}

function toWebhookEvent(row: WebhookEventRow): WebhookEvent {
  return {
    id: row.id,
    source: row.source as WebhookSource,
    dedupeKey: row.dedupe_key,
    contentKey: row.content_key,
    type: row.type,
    body: row.body,
    receivedAt: new Date(row.received_at),
    status: row.status as WebhookEventStatus,
    attempts: row.attempts,
    lastError: row.last_error,
    processedAt: row.processed_at === null ? null : new Date(row.processed_at),
    nextAttemptAt: row.next_attempt_at === null ? null : new Date(row.next_attempt_at),
  };
}

interface AuditEntryRow {
  id: string;
  principal_kind: string;
  principal_subject: string;
  principal_name: string | null;
  operation_name: string | null;
  field: string;
  /** The arguments as JSON text. */
  arguments: string;
  request_id: string;
  outcome: string;
  transport: string;
  at: number;
}

function toAuditEntry(row: AuditEntryRow): AuditEntry {
  return {
    id: row.id,
    principal: { kind: row.principal_kind as PrincipalKind, subject: row.principal_subject, name: row.principal_name },
    operationName: row.operation_name,
    field: row.field,
    arguments: JSON.parse(row.arguments) as Record<string, unknown>,
    requestId: row.request_id,
    outcome: row.outcome,
    transport: row.transport as AuditEntry['transport'],
    at: new Date(row.at),
  };
}

interface OperationRow {
  correlation_id: string;
  order_id: string;
  type: string;
  status: string;
  requested_at: number;
  completed_at: number | null;
}

interface ErrorRow {
  order_id: string;
  type: string;
  message: string;
  field: string | null;
  correlation_id: string | null;
  created_at: number;
}

function toOperation(row: OperationRow): StoredOperation {
  return {
    correlationId: row.correlation_id,
    orderId: row.order_id,
    type: row.type as OrderOperationType,
    status: row.status as OrderOperationStatus,
    requestedAt: new Date(row.requested_at),
    completedAt: row.completed_at === null ? null : new Date(row.completed_at),
  };
}

function toOrderError(row: ErrorRow): OrderError {
  return {
    type: row.type as OrderErrorType,
    message: row.message,
    field: row.field,
    correlationId: row.correlation_id,
    createdAt: new Date(row.created_at),
  };
}

/**
 * The tables listed newest first by a moment column, the id breaking ties, each with an index in that order. Both
 * names are written into SQL, so they can only be these.
 */
const NEWEST_FIRST = {
  webhookEvents: { table: 'webhook_events', moment: 'received_at' },
  auditEntries: { table: 'audit_entries', moment: 'at' },
} as const;

type NewestFirstListing = (typeof NEWEST_FIRST)[keyof typeof NEWEST_FIRST];

/** `?, ?, ?` for an IN list. */
const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/** The error of opening a store file another process holds (SQLite's `SQLITE_BUSY`). */
export function lockedByAnotherProcess(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code === 'SQLITE_BUSY';
}

const flushFile = promisify(fdatasync);

/**
 * Prepared statements kept, by their SQL: preparing again at each call was a tenth of the gateway's time under
 * webhook load. Bounded, since IN lists make a new text per length.
 */
const PREPARED_STATEMENTS = 200;

/**
 * The embedded adapter: SQLite through better-sqlite3, in WAL mode so readers never wait for the writer and a
 * committed write survives a crash of the process. One file under the data directory keeps a new user's state
 * across restarts; `:memory:` serves tests.
 *
 * Durability: SQLite commits without waiting for the disk (`synchronous = NORMAL`: in WAL mode a commit is a write to
 * the log, safe against a crash of the process, and checkpoints still sync the log before and the file after), and
 * the log is flushed with fdatasync on libuv's thread pool (`GroupSync`), one flush shared by every commit made while
 * the previous one ran. better-sqlite3 is synchronous, so `synchronous = FULL` held the event loop for every commit's
 * fsync (about 1.5 ms on the build machines, three commits per applied webhook: 65 % of the gateway's time under 32
 * senders). What must survive a power loss before it leaves the process waits for `durable()`: a webhook before its
 * acknowledgement, an order event before it is published, an operation before its marketplace call, an audit entry
 * before the mutation's answer. The rest (a webhook's settlement, an order error) is durable with the next flush, and if a
 * power loss takes it the stored webhook is applied again, which changes nothing twice.
 */
export class EmbeddedStore implements CallbackStore {
  private readonly db: Database.Database;
  /** The write-ahead log's flush (none in memory), and the descriptor it flushes through. */
  private readonly log: { sync: GroupSync; fd: number } | undefined;
  /** Every write of one turn of the event loop, committed together. */
  private readonly window: WriteWindow;
  private readonly statements = new Map<string, Database.Statement>();

  /** Throws `SQLITE_BUSY` (see `lockedByAnotherProcess`) when another process holds the file. */
  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    // No busy wait: the lock below leaves no other connection to wait for, and a second process is refused at once.
    this.db = new Database(path, { timeout: 0 });
    try {
      // One process at a time: two would each hand out the same cursors, and neither would see the other's events.
      // The lock is SQLite's own, taken here and held until close. It is the operating system's lock on the open
      // file, so it ends with the process however that ends (SIGKILL included): no stale lock, no pid to check.
      this.db.pragma('locking_mode = EXCLUSIVE');
      this.db.pragma('journal_mode = WAL');
      this.db.exec('BEGIN EXCLUSIVE; COMMIT');
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    upgradeEmbeddedFile(this.db);
    this.db.exec(INDEXES_OF_UPGRADED_COLUMNS);
    this.window = new WriteWindow(this.db);
    if (path !== ':memory:') {
      // The log exists from the first write on and, the lock being exclusive, stays the same file until close (a
      // checkpoint rewrites it from the start, never replaces it), so one descriptor flushes it for good.
      const fd = openSync(`${path}-wal`, 'r');
      this.log = { fd, sync: new GroupSync(() => flushFile(fd)) };
    }
  }

  async durable(): Promise<void> {
    await this.window.committed();
    await this.log?.sync.synced();
  }

  private prepared(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      if (this.statements.size >= PREPARED_STATEMENTS) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private saveOrder(order: Order): void {
    this.prepared(
      `INSERT INTO orders (id, marketplace, status, created_at, updated_at, document)
         VALUES (@id, @marketplace, @status, @createdAt, @updatedAt, @document)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, created_at = excluded.created_at,
           updated_at = excluded.updated_at, document = excluded.document`,
    ).run({
      id: order.id,
      marketplace: order.marketplace,
      status: order.status,
      createdAt: order.createdAt.getTime(),
      updatedAt: order.updatedAt.getTime(),
      document: encodeOrder(order),
    });
  }

  async findOrder(id: string): Promise<Order | undefined> {
    const row = this.prepared('SELECT document FROM orders WHERE id = ?').get(id) as { document: string } | undefined;
    return row === undefined ? undefined : decodeOrder(row.document);
  }

  async listOrders(
    marketplace: Marketplace,
    filter: OrderFilter,
    position: SourcePosition | undefined,
    want: number,
  ): Promise<OrderPage> {
    const conditions = ['marketplace = ?'];
    const parameters: Array<string | number> = [marketplace];
    const start = orderKeyset(position);
    if (start !== undefined) {
      conditions.push('(created_at < ? OR (created_at = ? AND id < ?))');
      parameters.push(start.createdAt, start.createdAt, start.id);
    }
    if (filter.statuses !== undefined && filter.statuses.length > 0) {
      conditions.push(`status IN (${placeholders(filter.statuses.length)})`);
      parameters.push(...filter.statuses);
    }
    if (filter.updatedSince !== undefined) {
      conditions.push('updated_at >= ?');
      parameters.push(filter.updatedSince.getTime());
    }
    // One more than asked tells whether anything follows.
    const rows = this.prepared(
      `SELECT document FROM orders WHERE ${conditions.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`,
    ).all(...parameters, want + 1) as Array<{ document: string }>;
    return storedOrderPage(
      rows.map((row) => decodeOrder(row.document)),
      want,
      start,
    );
  }

  async recordOperation(operation: StoredOperation): Promise<void> {
    this.window.write(() =>
      this.prepared(
        `INSERT INTO operations (correlation_id, order_id, type, status, requested_at, completed_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(
        operation.correlationId,
        operation.orderId,
        operation.type,
        operation.status,
        operation.requestedAt.getTime(),
        operation.completedAt?.getTime() ?? null,
      ),
    );
    await this.durable();
  }

  async completeOperation(
    correlationId: string,
    status: OrderOperationStatus,
    completedAt: Date,
  ): Promise<StoredOperation | undefined> {
    this.window.write(() =>
      this.prepared(
        `UPDATE operations SET status = ?, completed_at = ? WHERE correlation_id = ? AND status = 'PENDING'`,
      ).run(status, completedAt.getTime(), correlationId),
    );
    const row = this.prepared('SELECT * FROM operations WHERE correlation_id = ?').get(correlationId) as
      OperationRow | undefined;
    return row === undefined ? undefined : toOperation(row);
  }

  async operations(orderIds: readonly string[]): Promise<Map<string, PendingOperation[]>> {
    if (orderIds.length === 0) return new Map();
    const rows = this.prepared(
      `SELECT * FROM operations WHERE order_id IN (${placeholders(orderIds.length)}) ORDER BY requested_at, correlation_id`,
    ).all(...orderIds) as OperationRow[];
    return groupByOrder(
      rows,
      (row) => row.order_id,
      (row) => {
        const { orderId: _orderId, ...operation } = toOperation(row);
        return operation;
      },
    );
  }

  async addOrderErrors(orderId: string, errors: readonly OrderError[]): Promise<void> {
    const insert = this.prepared(
      `INSERT INTO order_errors (order_id, type, message, field, correlation_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.window.write(() =>
      this.db.transaction(() => {
        for (const error of errors) {
          insert.run(orderId, error.type, error.message, error.field, error.correlationId, error.createdAt.getTime());
        }
      })(),
    );
  }

  async orderErrors(orderIds: readonly string[]): Promise<Map<string, OrderError[]>> {
    if (orderIds.length === 0) return new Map();
    const rows = this.prepared(
      `SELECT * FROM order_errors WHERE order_id IN (${placeholders(orderIds.length)}) ORDER BY seq`,
    ).all(...orderIds) as ErrorRow[];
    return groupByOrder(rows, (row) => row.order_id, toOrderError);
  }

  async hasOrderError(orderId: string, correlationId: string, type: OrderErrorType): Promise<boolean> {
    return (
      this.prepared('SELECT 1 FROM order_errors WHERE order_id = ? AND correlation_id = ? AND type = ? LIMIT 1').get(
        orderId,
        correlationId,
        type,
      ) !== undefined
    );
  }

  /**
   * Answered once durable: committed with the other writes of its turn of the event loop (`WriteWindow`) and flushed
   * with those of its moment (`GroupSync`), so concurrent senders share one commit and one flush. A redelivery
   * waits too: the first copy may not be on disk yet.
   */
  async recordWebhookEvent(event: NewWebhookEvent): Promise<{ event: WebhookEvent; duplicate: boolean }> {
    const recorded = this.window.write(() => this.insertWebhookEvent(event));
    await this.durable();
    return recorded;
  }

  private insertWebhookEvent(event: NewWebhookEvent): { event: WebhookEvent; duplicate: boolean } {
    // One statement decides: the unique indexes (dedupe key, content key), not a read-then-write race, tell a
    // redelivery apart. A NULL content key is unique to SQLite, so events without one are told apart by key alone.
    const row = {
      ...event,
      contentKey: event.contentKey ?? null,
      id: newRecordId(),
      receivedAt: event.receivedAt.getTime(),
    };
    const inserted = this.prepared(
      `INSERT INTO webhook_events (id, source, dedupe_key, content_key, type, body, received_at, status, next_attempt_at)
         VALUES (@id, @source, @dedupeKey, @contentKey, @type, @body, @receivedAt, 'RECEIVED', @receivedAt)
         ON CONFLICT DO NOTHING RETURNING *`,
    ).get(row) as WebhookEventRow | undefined;
    if (inserted) return { event: toWebhookEvent(inserted), duplicate: false };
    const stored = this.prepared(
      `SELECT * FROM webhook_events WHERE source = @source AND (dedupe_key = @dedupeKey OR content_key = @contentKey)
         ORDER BY received_at, id LIMIT 1`,
    ).get(row) as WebhookEventRow;
    return { event: toWebhookEvent(stored), duplicate: true };
  }

  async settleWebhookEvent(id: string, outcome: WebhookAttemptOutcome): Promise<void> {
    this.window.write(() =>
      this.prepared(
        `UPDATE webhook_events SET status = @status, attempts = attempts + 1, last_error = @error,
           processed_at = COALESCE(@processedAt, processed_at), next_attempt_at = @nextAttemptAt
         WHERE id = @id`,
      ).run({
        id,
        status: outcome.status,
        error: outcome.status === 'PROCESSED' ? null : outcome.error,
        // A failed attempt leaves the moment of an earlier success as it was.
        processedAt: outcome.status === 'PROCESSED' ? outcome.at.getTime() : null,
        nextAttemptAt: outcome.status === 'FAILED' ? outcome.nextAttemptAt.getTime() : null,
      }),
    );
  }

  async dueWebhookEvents(now: Date, limit: number): Promise<WebhookEvent[]> {
    const rows = await receivedFirst(
      limit,
      async (want) =>
        this.prepared(`SELECT * FROM webhook_events WHERE status = 'RECEIVED' ORDER BY received_at, id LIMIT ?`).all(
          want,
        ) as WebhookEventRow[],
      async (want) =>
        this.prepared(
          `SELECT * FROM webhook_events WHERE status = 'FAILED' AND next_attempt_at <= ?
             ORDER BY next_attempt_at, id LIMIT ?`,
        ).all(now.getTime(), want) as WebhookEventRow[],
    );
    return rows.map(toWebhookEvent);
  }

  async findWebhookEvent(id: string): Promise<WebhookEvent | undefined> {
    const row = this.prepared('SELECT * FROM webhook_events WHERE id = ?').get(id) as WebhookEventRow | undefined;
    return row === undefined ? undefined : toWebhookEvent(row);
  }

  async listWebhookEvents(
    filter: WebhookEventFilter,
    after: string | undefined,
    first: number,
  ): Promise<WebhookEvent[]> {
    const conditions: string[] = [];
    const parameters: Array<string | number> = [];
    if (filter.source !== undefined) {
      conditions.push('source = ?');
      parameters.push(filter.source);
    }
    if (filter.status !== undefined) {
      conditions.push('status = ?');
      parameters.push(filter.status);
    }
    const rows = this.newestFirst<WebhookEventRow>(NEWEST_FIRST.webhookEvents, conditions, parameters, after, first);
    return rows.map(toWebhookEvent);
  }

  async reopenWebhookEvent(id: string, at: Date): Promise<WebhookEvent | undefined> {
    const row = this.window.write(() =>
      this.prepared(
        `UPDATE webhook_events SET status = 'RECEIVED', attempts = 0, processed_at = NULL, next_attempt_at = ?
         WHERE id = ? RETURNING *`,
      ).get(at.getTime(), id),
    ) as WebhookEventRow | undefined;
    return row === undefined ? undefined : toWebhookEvent(row);
  }

  async webhookBacklog(): Promise<WebhookBacklog[]> {
    // Through the index on (status, received_at): only the events not applied are read.
    const rows = this.prepared(
      `SELECT source, status, COUNT(*) AS count, MIN(received_at) AS oldest FROM webhook_events
         WHERE status IN ('RECEIVED', 'FAILED', 'DEAD') GROUP BY source, status`,
    ).all() as Array<{ source: string; status: string; count: number; oldest: number }>;
    return rows.map((row) => ({
      source: row.source as WebhookSource,
      status: row.status as WebhookBacklog['status'],
      count: row.count,
      oldestReceivedAt: new Date(row.oldest),
    }));
  }

  async orderState(orderId: string): Promise<OrderState> {
    const { version, status } = this.prepared(
      `SELECT (SELECT max(version) FROM order_events WHERE order_id = @orderId) AS version,
           (SELECT status FROM order_events WHERE order_id = @orderId AND status IS NOT NULL
             ORDER BY cursor DESC LIMIT 1) AS status`,
    ).get({ orderId }) as { version: number | null; status: OrderStatus | null };
    return { version: version ?? 0, status: status ?? undefined, order: await this.findOrder(orderId) };
  }

  async commitOrderChange({ basedOn, event, order }: OrderChange): Promise<OrderChangeOutcome> {
    // One transaction: the version check, the order and its event are written together or not at all. SQLite runs
    // one write transaction at a time, and the file serves one process, so nothing commits in between.
    return this.window.write(() =>
      this.db
        .transaction((): OrderChangeOutcome => {
          const stored = this.prepared('SELECT * FROM order_events WHERE key = ?').get(event.key) as
            OrderEventRow | undefined;
          if (stored !== undefined) return { outcome: 'DUPLICATE', event: toOrderEvent(stored) };
          const { version } = this.prepared('SELECT max(version) AS version FROM order_events WHERE order_id = ?').get(
            event.orderId,
          ) as { version: number | null };
          if ((version ?? 0) !== basedOn) return { outcome: 'CONFLICT' };
          if (order !== undefined) this.saveOrder(order);
          const inserted = this.prepared(
            `INSERT INTO order_events (key, order_id, marketplace, type, status, origin, webhook_event_id, message,
             occurred_at, version)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
          ).get(
            event.key,
            event.orderId,
            event.marketplace,
            event.type,
            event.status,
            event.origin,
            event.webhookEventId,
            event.message,
            event.occurredAt.getTime(),
            basedOn + 1,
          ) as OrderEventRow;
          return { outcome: 'COMMITTED', event: toOrderEvent(inserted) };
        })
        .immediate(),
    );
  }

  async orderEventsAfter(cursor: number, filter: OrderEventFilter, limit: number): Promise<OrderEvent[]> {
    const conditions = ['cursor > ?'];
    const parameters: Array<string | number> = [cursor];
    if (filter.orderId !== undefined) {
      conditions.push('order_id = ?');
      parameters.push(filter.orderId);
    }
    if (filter.marketplaces !== undefined && filter.marketplaces.length > 0) {
      conditions.push(`marketplace IN (${placeholders(filter.marketplaces.length)})`);
      parameters.push(...filter.marketplaces);
    }
    const rows = this.prepared(
      `SELECT * FROM order_events WHERE ${conditions.join(' AND ')} ORDER BY cursor LIMIT ?`,
    ).all(...parameters, limit) as OrderEventRow[];
    return rows.map(toOrderEvent);
  }

  async latestOrderEventCursor(): Promise<number> {
    const row = this.prepared('SELECT coalesce(max(cursor), 0) AS latest FROM order_events').get() as {
      latest: number;
    };
    return row.latest;
  }

  async appendAuditEntry(entry: NewAuditEntry): Promise<AuditEntry> {
    const row = this.window.write(() =>
      this.prepared(
        `INSERT INTO audit_entries (id, principal_kind, principal_subject, principal_name, operation_name, field, arguments,
           request_id, outcome, transport, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      ).get(
        newRecordId(),
        entry.principal.kind,
        entry.principal.subject,
        entry.principal.name,
        entry.operationName,
        entry.field,
        JSON.stringify(entry.arguments),
        entry.requestId,
        entry.outcome,
        entry.transport,
        entry.at.getTime(),
      ),
    ) as AuditEntryRow;
    await this.durable();
    return toAuditEntry(row);
  }

  async findAuditEntry(id: string): Promise<AuditEntry | undefined> {
    const row = this.db.prepare('SELECT * FROM audit_entries WHERE id = ?').get(id) as AuditEntryRow | undefined;
    return row === undefined ? undefined : toAuditEntry(row);
  }

  async listAuditEntries(filter: AuditFilter, after: string | undefined, first: number): Promise<AuditEntry[]> {
    const conditions: string[] = [];
    const parameters: Array<string | number> = [];
    if (filter.subject !== undefined) {
      conditions.push('principal_subject = ?');
      parameters.push(filter.subject);
    }
    if (filter.since !== undefined) {
      conditions.push('at >= ?');
      parameters.push(filter.since.getTime());
    }
    const rows = this.newestFirst<AuditEntryRow>(NEWEST_FIRST.auditEntries, conditions, parameters, after, first);
    return rows.map(toAuditEntry);
  }

  /** The file stays open from start to close: a read of nothing fails only once it is closed. */
  async ping(): Promise<void> {
    this.prepared('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.window.commit();
    if (this.log !== undefined) {
      await this.log.sync.idle();
      closeSync(this.log.fd);
    }
    this.db.close();
  }

  /**
   * One page of a listing newest first (moment, then id) that matches `conditions`, continuing strictly after the
   * row with id `after`, so rows that share its moment are neither repeated nor skipped.
   */
  private newestFirst<Row>(
    { table, moment }: NewestFirstListing,
    conditions: readonly string[],
    parameters: ReadonlyArray<string | number>,
    after: string | undefined,
    first: number,
  ): Row[] {
    const where = [...conditions];
    const values = [...parameters];
    if (after !== undefined) {
      // After an id the store no longer knows, nothing follows: a page never restarts from the top silently.
      const last = this.prepared(`SELECT ${moment} AS moment FROM ${table} WHERE id = ?`).get(after) as
        { moment: number } | undefined;
      if (last === undefined) return [];
      // A row value, not `moment < ? OR (moment = ? AND id < ?)`: SQLite walks the index down from that row, where
      // the OR made it read both branches and sort what they found.
      where.push(`(${moment}, id) < (?, ?)`);
      values.push(last.moment, after);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    return this.prepared(`SELECT * FROM ${table} ${clause} ORDER BY ${moment} DESC, id DESC LIMIT ?`).all(
      ...values,
      first,
    ) as Row[];
  }
}
