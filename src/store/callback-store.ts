import type { Marketplace } from '../domain/marketplace.js';
import type { Order } from '../domain/order.js';
import type { OrderError, OrderErrorType } from '../domain/order-error.js';
import type { OrderEventOrigin, OrderEventType } from '../domain/order-event.js';
import type { OrderStatus } from '../domain/order-status.js';
import type { OrderOperationStatus, PendingOperation } from '../domain/pending-operation.js';
import type { OrderFilter, OrderPage, SourcePosition } from '../domain/ports/order-source.js';
import type {
  NewWebhookEvent,
  WebhookEvent,
  WebhookEventStatus as WebhookEventStatusEnum,
  WebhookSource as WebhookSourceEnum,
} from '../domain/webhook-event.js';

/** The stored webhook, as the domain describes it: the webhook handlers read it too. */
export type { NewWebhookEvent, WebhookEvent };

/** A pending operation with the order it belongs to. */
export interface StoredOperation extends PendingOperation {
  orderId: string;
}

/** Who sent a webhook. */
export type WebhookSource = `${WebhookSourceEnum}`;

/** Where a received webhook stands (RECEIVED → PROCESSED, or FAILED → … → PROCESSED or DEAD); see the domain's enum. */
export type WebhookEventStatus = `${WebhookEventStatusEnum}`;

/**
 * How one processing attempt ended: applied; failed, to be tried again at `nextAttemptAt`; or failed for the last
 * time allowed, so it is parked as DEAD. Whoever attempted it decides which; the store keeps what it is told.
 */
export type WebhookAttemptOutcome =
  | { status: 'PROCESSED'; at: Date }
  | { status: 'FAILED'; error: string; nextAttemptAt: Date }
  | { status: 'DEAD'; error: string };

/**
 * The webhook events of one sender in one status not applied (RECEIVED, FAILED or DEAD): how many, and when the oldest
 * of them was received.
 */
export interface WebhookBacklog {
  source: WebhookSource;
  status: Exclude<WebhookEventStatus, 'PROCESSED'>;
  count: number;
  oldestReceivedAt: Date;
}

/** Which webhook events to list. */
export interface WebhookEventFilter {
  source?: WebhookSource;
  status?: WebhookEventStatus;
}

/** One change of one order, as the gateway learnt it (a webhook, a mutation it made, a download). */
export interface NewOrderEvent {
  /**
   * Names what caused the change, unique over the store: committing a change with a key committed before (a webhook
   * applied a second time after a crash between applying and settling it) stores nothing and publishes nothing.
   * E.g. `webhook:<event id>:<order id>`.
   */
  key: string;
  orderId: string;
  marketplace: Marketplace;
  type: OrderEventType;
  /** The order's status after the change, where the sender says it. */
  status: OrderStatus | null;
  origin: OrderEventOrigin;
  /** The stored webhook event this change came from (origin WEBHOOK). */
  webhookEventId: string | null;
  /** What the marketplace said, in its words (e.g. Fruugo's `errorMessage`), or what the gateway did. */
  message: string | null;
  occurredAt: Date;
}

/** A stored order event: the history of every order, and what `orderEvents(since:)` replays. */
export interface OrderEvent extends NewOrderEvent {
  /**
   * Dense over the whole store: the first event stored has 1 and every later one the next number, none skipped, and an
   * event becomes readable only after every smaller cursor has. So a subscriber that sees cursor n + 2 after n knows
   * that n + 1 exists, and can read it (docs/store.md, "Order event cursors").
   */
  cursor: number;
  /**
   * The order's version this change made: 1 for its first change, one more for each after. Null for an event stored
   * before versions existed.
   */
  version: number | null;
}

/** Where one order stands, as the store knows it: what a change is decided against. */
export interface OrderState {
  /** How many changes of the order were committed (the version of the latest); 0 when none. */
  version: number;
  /** The last status an event named (a webhook's or a mutation's alike); undefined when none did. */
  status: OrderStatus | undefined;
  /** The order as the store keeps it, for the marketplaces whose orders live here (Fruugo's, Increff's). */
  order: Order | undefined;
}

/** One change of one order: its event and, for an order the store keeps, the order as it now stands. */
export interface OrderChange {
  /** The version the change was decided on (`OrderState.version`); a change committed since refuses this one. */
  basedOn: number;
  event: NewOrderEvent;
  /** The order after the change, saved in the same write as the event; absent for orders the store does not keep. */
  order?: Order;
}

/**
 * How a commit ended: stored with the next version and cursor; refused because its key was committed before (the
 * event stored then); or refused because another change of the order was committed since `basedOn` (decide again).
 */
export type OrderChangeOutcome =
  { outcome: 'COMMITTED'; event: OrderEvent } | { outcome: 'DUPLICATE'; event: OrderEvent } | { outcome: 'CONFLICT' };

/** Which order events to replay. */
export interface OrderEventFilter {
  marketplaces?: readonly Marketplace[];
  orderId?: string;
}

/** How the caller proved who it is. */
export type PrincipalKind = 'API_KEY' | 'JWT' | 'ANONYMOUS';

/** One recorded mutation (or replay): who did what, when, and how it ended. */
export interface NewAuditEntry {
  /** The principal's kind, its subject (API key: the key's name; JWT: `sub`) and a display name (may be null). */
  principal: { kind: PrincipalKind; subject: string; name: string | null };
  /** The operation's name as the client sent it; null for anonymous operations. */
  operationName: string | null;
  /** The root mutation field, e.g. `cancelOrder`. */
  field: string;
  /** The field's arguments, secrets already left out by the caller of the store: a JSON object. */
  arguments: Record<string, unknown>;
  /** The request id (x-request-id) of the HTTP request or websocket operation. */
  requestId: string;
  /** `SUCCESS`, or the error code the caller got (e.g. `FORBIDDEN`, `BAD_USER_INPUT`, a marketplace's code). */
  outcome: string;
  /** `http` or `websocket`. */
  transport: 'http' | 'websocket';
  /** When it happened, as the caller says: the listing's order and `since` go by it, not by when it was stored. */
  at: Date;
}

/** A stored audit entry. */
export interface AuditEntry extends NewAuditEntry {
  /** Given by the store when appended; what the next page's `after` names. */
  id: string;
}

/** Which audit entries to list. */
export interface AuditFilter {
  /** Only this principal subject (exact match). */
  subject?: string;
  /** Only entries at or after this moment. */
  since?: Date;
}

/**
 * The gateway's own state about orders (design: "callback state"): what marketplaces tell it only by callback
 * (Fruugo's answers, Increff's fulfilment progress), the calls waiting for such an answer, and the errors
 * marketplaces reported; and the audit log of what callers changed through it. One port, with an embedded adapter
 * (the default) and a MongoDB adapter (production).
 */
export interface CallbackStore {
  findOrder(id: string): Promise<Order | undefined>;
  /** The stored orders of one marketplace, newest first (createdAt, then id), paged like any order source. */
  listOrders(
    marketplace: Marketplace,
    filter: OrderFilter,
    position: SourcePosition | undefined,
    want: number,
  ): Promise<OrderPage>;

  /** Records a call the marketplace accepted and will answer by callback; the correlation id is unique. */
  recordOperation(operation: StoredOperation): Promise<void>;
  /**
   * Settles the operation with this correlation id, once: an operation settled before keeps its status and moment
   * (the same callback applied again). Answers the operation as it then stands; undefined when none is known.
   */
  completeOperation(
    correlationId: string,
    status: OrderOperationStatus,
    completedAt: Date,
  ): Promise<StoredOperation | undefined>;
  /** The operations of each order, oldest first; orders without any are absent from the map. */
  operations(orderIds: readonly string[]): Promise<Map<string, PendingOperation[]>>;

  /** Appends errors a marketplace reported about the order. */
  addOrderErrors(orderId: string, errors: readonly OrderError[]): Promise<void>;
  /** The errors of each order, oldest first; orders without any are absent from the map. */
  orderErrors(orderIds: readonly string[]): Promise<Map<string, OrderError[]>>;
  /**
   * Whether an error of `type` is filed for the order under `correlationId` (a callback applied again files none
   * twice). One indexed lookup, however many errors the order has: reading them all made every refusing callback
   * cost more than the one before it about the same order.
   */
  hasOrderError(orderId: string, correlationId: string, type: OrderErrorType): Promise<boolean>;

  /**
   * Stores a received webhook before it is acknowledged: resolved, it is durable. A redelivery (same source and
   * dedupe key) stores nothing and answers the event stored the first time, with `duplicate: true`.
   */
  recordWebhookEvent(event: NewWebhookEvent): Promise<{ event: WebhookEvent; duplicate: boolean }>;
  /**
   * Records one processing attempt's outcome: counts the attempt, keeps the error (PROCESSED clears it) and sets
   * `nextAttemptAt` (null once PROCESSED or DEAD).
   */
  settleWebhookEvent(id: string, outcome: WebhookAttemptOutcome): Promise<void>;
  /**
   * The events owed an attempt at `now`, at most `limit`: first every RECEIVED one (never attempted since it arrived
   * or was replayed, e.g. left by a restart), oldest first (receivedAt, then id); then the FAILED ones whose
   * `nextAttemptAt` has come, the earliest due first (nextAttemptAt, then id). So events that keep failing never
   * keep a newer one waiting. DEAD and PROCESSED events are owed nothing.
   */
  dueWebhookEvents(now: Date, limit: number): Promise<WebhookEvent[]>;
  findWebhookEvent(id: string): Promise<WebhookEvent | undefined>;
  /**
   * Webhook events for operators, newest first (receivedAt, then id), in pages: `after` is the id of the last
   * event of the previous page; at most `first` events.
   */
  listWebhookEvents(filter: WebhookEventFilter, after: string | undefined, first: number): Promise<WebhookEvent[]>;
  /**
   * Puts an event back to RECEIVED, whatever its status, so it is applied again (an operator's replay): its attempts
   * start again from 0 and it is due at `at`; its last error stays until the next attempt settles.
   */
  reopenWebhookEvent(id: string, at: Date): Promise<WebhookEvent | undefined>;
  /**
   * The events not applied, by sender and status, one entry for each pair that has any (an operator's backlog; read
   * at each metrics scrape, so it counts through an index instead of reading the events).
   */
  webhookBacklog(): Promise<WebhookBacklog[]>;

  /** The order's version, last announced status and kept document, read in that order. */
  orderState(orderId: string): Promise<OrderState>;
  /**
   * Commits one change of one order as one write: the event with the order's next version and the next cursor, and
   * the order itself when given. Compare-and-set on the version, so of two changes decided on the same state (a
   * mutation and a webhook, on any instance) one commits and the other is told CONFLICT. Committed is not yet
   * durable: see `durable`.
   */
  commitOrderChange(change: OrderChange): Promise<OrderChangeOutcome>;
  /**
   * Resolves once every write committed before the call survives a power loss (at once where each write does when it
   * resolves). `recordWebhookEvent`, `recordOperation` and `appendAuditEntry` resolve durable; the other writes wait
   * for this when what they wrote is about to leave the process (an order event, before it is published).
   */
  durable(): Promise<void>;
  /** Stored order events with a cursor greater than `cursor` that match the filter, oldest first, at most `limit`. */
  orderEventsAfter(cursor: number, filter: OrderEventFilter, limit: number): Promise<OrderEvent[]>;
  /** The largest cursor stored, 0 when there is no event yet: where a subscription without `since` starts. */
  latestOrderEventCursor(): Promise<number>;

  /** Appends one audit entry; entries are never changed or removed by the gateway. */
  appendAuditEntry(entry: NewAuditEntry): Promise<AuditEntry>;
  /** The audit entry of this id; undefined when there is none. */
  findAuditEntry(id: string): Promise<AuditEntry | undefined>;
  /**
   * Audit entries, newest first (at, then id), in pages: `after` is the id of the last entry of the previous page;
   * at most `first`.
   */
  listAuditEntries(filter: AuditFilter, after: string | undefined, first: number): Promise<AuditEntry[]>;

  /** Resolves when the store answers (a round trip to MongoDB; the file open, for the embedded one): `/readyz`. */
  ping(): Promise<void>;

  close(): Promise<void>;
}
