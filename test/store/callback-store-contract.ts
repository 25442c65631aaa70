import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Marketplace } from '../../schema/marketplace.js';
import {
  OrderErrorType,
  OrderOperationStatus,
  OrderOperationType,
  OrderStatus,
  type Order,
} from '../../schema/order.js';
import type { OrderError } from '../../src/domain/order-error.js';
import { orderId } from '../../src/domain/order.js';
import type { SourcePosition } from '../../src/domain/ports/order-source.js';
import { OrderEventOrigin, OrderEventType } from '../../schema/order-event.js';
import type {
  AuditEntry,
  AuditFilter,
  CallbackStore,
  NewAuditEntry,
  NewOrderEvent,
  WebhookAttemptOutcome,
} from '../../src/store/callback-store.js';
import { eventOf, keepOrder, recordChange } from '../support/kept-orders.js';

/** An order as a datasource would produce it, created `minutesAgo` before a fixed moment. */
export function sampleOrder(
  marketplace: Marketplace,
  externalId: string,
  minutesAgo: number,
  status = OrderStatus.PENDING,
): Order {
  const createdAt = new Date(Date.UTC(2026, 10, 1) - minutesAgo * 60_000);
  return {
    id: orderId(marketplace, externalId),
    marketplace,
    externalId,
    status,
    marketplaceStatus: status.toLowerCase(),
    createdAt,
    updatedAt: new Date(createdAt.getTime() + 1000),
    currency: 'GBP',
    total: { amount: '12.50', currency: 'GBP' },
    lines: [
      {
        marketplace,
        id: `${externalId}-1`,
        sku: 'PSKU-000001',
        title: 'A thing',
        quantity: 1,
        unitPrice: { amount: '12.50', currency: 'GBP' },
        status,
        marketplaceStatus: null,
      },
    ],
    shipments: [
      {
        id: `S-${externalId}`,
        carrier: 'DHL',
        trackingNumber: '123',
        trackingUrl: null,
        lineIds: [`${externalId}-1`],
        createdAt,
      },
    ],
  };
}

/** A mutation as the audit wrapper would record it: a JWT caller's successful HTTP `cancelOrder`, with `changes`. */
function auditEntry(changes: Partial<NewAuditEntry>): NewAuditEntry {
  return {
    principal: { kind: 'JWT', subject: 'user-1', name: null },
    operationName: 'Cancel',
    field: 'cancelOrder',
    arguments: { orderId: 'FRUUGO:1' },
    requestId: 'req-1',
    outcome: 'SUCCESS',
    transport: 'http',
    at: new Date(Date.UTC(2026, 11, 1)),
    ...changes,
  };
}

/** The listing's order: newest first, the id breaking a tie. */
function newestAuditFirst(a: AuditEntry, b: AuditEntry): number {
  return b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : -1);
}

/**
 * What every CallbackStore adapter must do, run against each (the embedded one always; MongoDB when a server can be
 * had). `open` makes an empty store.
 */
export function callbackStoreContract(name: string, open: () => Promise<CallbackStore>): void {
  describe(`CallbackStore contract: ${name}`, () => {
    let store: CallbackStore;
    before(async () => {
      store = await open();
    });
    after(() => store.close());

    test('ping answers while the store is open, and fails once it is closed', async () => {
      await store.ping();
      const closed = await open();
      await closed.close();
      await assert.rejects(closed.ping());
    });

    test('an order reads back exactly as kept, dates included, and a later change replaces it', async () => {
      const order = sampleOrder(Marketplace.FRUUGO, 'RT-1', 5);
      await keepOrder(store, order);
      assert.deepEqual(await store.findOrder(order.id), order);
      const shipped = {
        ...order,
        status: OrderStatus.SHIPPED,
        updatedAt: new Date(order.updatedAt.getTime() + 60_000),
      };
      await keepOrder(store, shipped);
      assert.deepEqual(await store.findOrder(order.id), shipped);
      assert.equal(await store.findOrder('FRUUGO:nope'), undefined);
    });

    test('orders list newest first, one marketplace at a time, in pages that resume exactly', async () => {
      const orders = Array.from({ length: 7 }, (_, i) => sampleOrder(Marketplace.INCREFF, `PG-${i}`, 100 + i));
      // Two orders created at the same moment: the id breaks the tie, so no page repeats or skips one.
      orders.push({ ...sampleOrder(Marketplace.INCREFF, 'PG-tie', 103), createdAt: orders[3]!.createdAt });
      for (const order of orders) await keepOrder(store, order);
      await keepOrder(store, sampleOrder(Marketplace.FRUUGO, 'OTHER', 101));

      const seen: string[] = [];
      let position: SourcePosition | undefined;
      for (;;) {
        const page = await store.listOrders(Marketplace.INCREFF, {}, position, 3);
        seen.push(...page.orders.map((order) => order.externalId));
        const next = page.positionAfter(page.orders.length);
        if (next === null) break;
        position = next;
      }
      const expected = [...orders]
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
        .map((order) => order.externalId);
      assert.deepEqual(seen, expected);

      const first = await store.listOrders(Marketplace.INCREFF, {}, undefined, 5);
      const resumed = await store.listOrders(Marketplace.INCREFF, {}, first.positionAfter(2), 2);
      assert.deepEqual(
        resumed.orders.map((order) => order.id),
        first.orders.slice(2, 4).map((order) => order.id),
      );
    });

    test('a first page of which nothing was served resumes from the newest order, not as exhausted', async () => {
      // The merged `orders` list serves none of a marketplace whose orders are all older than the others' newest.
      await keepOrder(store, sampleOrder(Marketplace.NOON, 'UNSERVED-1', 1));
      const page = await store.listOrders(Marketplace.NOON, {}, undefined, 5);
      const position = page.positionAfter(0);
      assert.notEqual(position, null);
      const resumed = await store.listOrders(Marketplace.NOON, {}, position!, 5);
      assert.deepEqual(
        resumed.orders.map((order) => order.externalId),
        ['UNSERVED-1'],
      );
      const none = await store.listOrders(Marketplace.NOON, { statuses: [OrderStatus.RETURNED] }, undefined, 5);
      assert.equal(none.positionAfter(0), null, 'an empty listing is exhausted');
    });

    test('listing filters by status and by update time', async () => {
      await keepOrder(store, sampleOrder(Marketplace.MARKETPLACER, 'F-1', 10, OrderStatus.SHIPPED));
      await keepOrder(store, sampleOrder(Marketplace.MARKETPLACER, 'F-2', 20, OrderStatus.PENDING));
      await keepOrder(store, sampleOrder(Marketplace.MARKETPLACER, 'F-3', 30, OrderStatus.CANCELLED));
      const shipped = await store.listOrders(
        Marketplace.MARKETPLACER,
        { statuses: [OrderStatus.SHIPPED, OrderStatus.CANCELLED] },
        undefined,
        10,
      );
      assert.deepEqual(
        shipped.orders.map((order) => order.externalId),
        ['F-1', 'F-3'],
      );
      const recent = await store.listOrders(
        Marketplace.MARKETPLACER,
        { updatedSince: sampleOrder(Marketplace.MARKETPLACER, 'x', 20).updatedAt },
        undefined,
        10,
      );
      assert.deepEqual(
        recent.orders.map((order) => order.externalId),
        ['F-1', 'F-2'],
      );
      assert.equal(recent.positionAfter(2), null);
    });

    test('operations are recorded per order, settled by correlation id, and a correlation id is unique', async () => {
      const requestedAt = new Date(Date.UTC(2026, 10, 2));
      await store.recordOperation({
        correlationId: 'c-1',
        orderId: 'FRUUGO:OP-1',
        type: OrderOperationType.CONFIRM,
        status: OrderOperationStatus.PENDING,
        requestedAt,
        completedAt: null,
      });
      await store.recordOperation({
        correlationId: 'c-2',
        orderId: 'FRUUGO:OP-1',
        type: OrderOperationType.SHIP,
        status: OrderOperationStatus.PENDING,
        requestedAt: new Date(requestedAt.getTime() + 1000),
        completedAt: null,
      });
      await assert.rejects(
        store.recordOperation({
          correlationId: 'c-1',
          orderId: 'FRUUGO:OP-2',
          type: OrderOperationType.CANCEL,
          status: OrderOperationStatus.PENDING,
          requestedAt,
          completedAt: null,
        }),
      );
      const completedAt = new Date(requestedAt.getTime() + 5000);
      const settled = await store.completeOperation('c-1', OrderOperationStatus.SUCCEEDED, completedAt);
      assert.equal(settled?.orderId, 'FRUUGO:OP-1');
      assert.equal(await store.completeOperation('unknown', OrderOperationStatus.FAILED, completedAt), undefined);
      // Settled once: the same callback applied again later changes neither the verdict nor its moment.
      const again = await store.completeOperation(
        'c-1',
        OrderOperationStatus.FAILED,
        new Date(completedAt.getTime() + 1),
      );
      assert.deepEqual(again, settled);

      const byOrder = await store.operations(['FRUUGO:OP-1', 'FRUUGO:OP-2']);
      assert.deepEqual(byOrder.get('FRUUGO:OP-1'), [
        { correlationId: 'c-1', type: 'CONFIRM', status: 'SUCCEEDED', requestedAt, completedAt },
        {
          correlationId: 'c-2',
          type: 'SHIP',
          status: 'PENDING',
          requestedAt: new Date(requestedAt.getTime() + 1000),
          completedAt: null,
        },
      ]);
      assert.equal(byOrder.has('FRUUGO:OP-2'), false);
    });

    test('order errors accumulate per order, oldest first', async () => {
      const createdAt = new Date(Date.UTC(2026, 10, 3));
      await store.addOrderErrors('FRUUGO:E-1', [
        {
          type: OrderErrorType.ORDER_ACKNOWLEDGE,
          message: 'must not be null',
          field: 'productId',
          correlationId: 'c-9',
          createdAt,
        },
        {
          type: OrderErrorType.ORDER_ACKNOWLEDGE,
          message: "it's 'quoted'",
          field: null,
          correlationId: null,
          createdAt,
        },
      ]);
      await store.addOrderErrors('FRUUGO:E-1', [
        { type: OrderErrorType.ORDER_SHIP, message: 'later', field: null, correlationId: null, createdAt },
      ]);
      const errors = await store.orderErrors(['FRUUGO:E-1', 'FRUUGO:E-2']);
      assert.deepEqual(
        errors.get('FRUUGO:E-1')?.map((error) => [error.type, error.message, error.field]),
        [
          ['ORDER_ACKNOWLEDGE', 'must not be null', 'productId'],
          ['ORDER_ACKNOWLEDGE', "it's 'quoted'", null],
          ['ORDER_SHIP', 'later', null],
        ],
      );
      assert.equal(errors.has('FRUUGO:E-2'), false);
      assert.deepEqual(await store.orderErrors([]), new Map());
    });

    test('an order error is found by its order, correlation id and type, and by nothing less', async () => {
      const error = {
        type: OrderErrorType.ORDER_ACKNOWLEDGE,
        message: 'refused',
        field: null,
        correlationId: 'c-h1',
        createdAt: new Date(Date.UTC(2026, 10, 3)),
      };
      await store.addOrderErrors('FRUUGO:H-1', [error, { ...error, correlationId: null }]);
      assert.equal(await store.hasOrderError('FRUUGO:H-1', 'c-h1', OrderErrorType.ORDER_ACKNOWLEDGE), true);
      assert.equal(await store.hasOrderError('FRUUGO:H-1', 'c-h1', OrderErrorType.ORDER_SHIP), false);
      assert.equal(await store.hasOrderError('FRUUGO:H-1', 'c-h2', OrderErrorType.ORDER_ACKNOWLEDGE), false);
      assert.equal(await store.hasOrderError('FRUUGO:H-2', 'c-h1', OrderErrorType.ORDER_ACKNOWLEDGE), false);
    });

    test('a webhook is stored once: a redelivery answers the first stored event', async () => {
      const receivedAt = new Date(Date.UTC(2026, 10, 4));
      const event = {
        source: 'fruugo' as const,
        dedupeKey: 'ConfirmResponseList:c-77',
        type: 'ConfirmResponseList',
        body: '{"a":1}',
        receivedAt,
      };
      const first = await store.recordWebhookEvent(event);
      assert.equal(first.duplicate, false);
      assert.equal(first.event.status, 'RECEIVED');
      assert.equal(first.event.attempts, 0);
      const again = await store.recordWebhookEvent({
        ...event,
        body: '{"a":2}',
        receivedAt: new Date(receivedAt.getTime() + 1),
      });
      assert.equal(again.duplicate, true);
      assert.equal(again.event.id, first.event.id);
      assert.equal(again.event.body, '{"a":1}', 'the first delivery is the one kept');
      // The same key from another sender is another event.
      const other = await store.recordWebhookEvent({ ...event, source: 'noon' });
      assert.equal(other.duplicate, false);
      assert.notEqual(other.event.id, first.event.id);
    });

    test('a webhook is also recognised by its content key, per sender; events without one by their dedupe key alone', async () => {
      const event = {
        source: 'marketplacer' as const,
        dedupeKey: 'c2FuZGJveDox',
        contentKey: 'body-digest-1',
        type: 'Invoice.update',
        body: '{"id":"1"}',
        receivedAt: new Date(Date.UTC(2026, 10, 5)),
      };
      const first = await store.recordWebhookEvent(event);
      assert.equal(first.duplicate, false);
      assert.equal(first.event.contentKey, 'body-digest-1');
      // The same body replayed under a new delivery key is the event stored first.
      const replayed = await store.recordWebhookEvent({ ...event, dedupeKey: 'bmV3LWtleQ==' });
      assert.equal(replayed.duplicate, true);
      assert.equal(replayed.event.id, first.event.id);
      assert.equal(replayed.event.dedupeKey, 'c2FuZGJveDox', 'the first delivery is the one kept');
      // Another sender's event with the same content key is its own.
      const elsewhere = await store.recordWebhookEvent({ ...event, source: 'noon', dedupeKey: 'n-1' });
      assert.equal(elsewhere.duplicate, false);
      // Without content keys, two events are told apart by their dedupe keys, however many there are.
      const { contentKey: _none, ...keyless } = event;
      const plain = await Promise.all(
        ['k-1', 'k-2', 'k-3'].map((dedupeKey) => store.recordWebhookEvent({ ...keyless, dedupeKey })),
      );
      assert.deepEqual(
        plain.map((recorded) => [recorded.duplicate, recorded.event.contentKey]),
        [
          [false, null],
          [false, null],
          [false, null],
        ],
      );
      const again = await store.recordWebhookEvent({ ...keyless, dedupeKey: 'k-2' });
      assert.equal(again.duplicate, true);
      assert.equal(again.event.id, plain[1]!.event.id);
    });

    test('an attempt settles as PROCESSED, FAILED with its next attempt, or DEAD, and each is kept as settled', async () => {
      const at = (minutes: number) => new Date(Date.UTC(2026, 10, 5) + minutes * 60_000);
      const { event } = await store.recordWebhookEvent({
        source: 'increff',
        dedupeKey: 'settle-1',
        type: 'pack',
        body: '{}',
        receivedAt: at(0),
      });
      assert.deepEqual(
        [event.status, event.attempts, event.nextAttemptAt, event.lastError, event.processedAt],
        ['RECEIVED', 0, at(0), null, null],
        'due at once on arrival',
      );
      const settled = async (outcome: WebhookAttemptOutcome) => {
        await store.settleWebhookEvent(event.id, outcome);
        const stored = await store.findWebhookEvent(event.id);
        return [stored?.status, stored?.attempts, stored?.nextAttemptAt, stored?.lastError, stored?.processedAt];
      };
      assert.deepEqual(await settled({ status: 'FAILED', error: 'order unknown', nextAttemptAt: at(2) }), [
        'FAILED',
        1,
        at(2),
        'order unknown',
        null,
      ]);
      assert.deepEqual(await settled({ status: 'PROCESSED', at: at(3) }), ['PROCESSED', 2, null, null, at(3)]);
      // A later attempt (a replay, say) that fails keeps the moment of the earlier success.
      assert.deepEqual(await settled({ status: 'FAILED', error: 'again', nextAttemptAt: at(5) }), [
        'FAILED',
        3,
        at(5),
        'again',
        at(3),
      ]);
      assert.deepEqual(await settled({ status: 'DEAD', error: 'for good' }), ['DEAD', 4, null, 'for good', at(3)]);
      const dead = await store.listWebhookEvents({ source: 'increff', status: 'DEAD' }, undefined, 10);
      assert.deepEqual(
        dead.map((listed) => listed.id),
        [event.id],
      );
    });

    test('what is due: every RECEIVED event first, oldest first, then FAILED ones whose time has come, earliest due first', async () => {
      // Older than anything the other tests store, so these lead the RECEIVED ones and the limits below see them first.
      const at = (minutes: number) => new Date(Date.UTC(2020, 0, 1) + minutes * 60_000);
      const record = async (key: string, minute: number) =>
        (
          await store.recordWebhookEvent({
            source: 'increff',
            dedupeKey: `due-${key}`,
            type: 'pack',
            body: '{}',
            receivedAt: at(minute),
          })
        ).event.id;
      const failedLate = await record('failed-late', 1);
      const failedSoon = await record('failed-soon', 2);
      const processed = await record('processed', 3);
      const dead = await record('dead', 4);
      await record('fresh', 5);
      const freshOlder = await record('fresh-older', 0);
      await store.settleWebhookEvent(failedLate, { status: 'FAILED', error: 'x', nextAttemptAt: at(30) });
      await store.settleWebhookEvent(failedSoon, { status: 'FAILED', error: 'x', nextAttemptAt: at(10) });
      await store.settleWebhookEvent(processed, { status: 'PROCESSED', at: at(6) });
      await store.settleWebhookEvent(dead, { status: 'DEAD', error: 'x' });
      const due = async (minute: number, limit = 1000) =>
        (await store.dueWebhookEvents(at(minute), limit))
          .filter((event) => event.dedupeKey.startsWith('due-'))
          .map((event) => event.dedupeKey.slice('due-'.length));

      assert.deepEqual(await due(9), ['fresh-older', 'fresh'], 'no FAILED one before its time');
      assert.deepEqual(await due(10), ['fresh-older', 'fresh', 'failed-soon'], 'due at exactly its time');
      assert.deepEqual(
        await due(60),
        ['fresh-older', 'fresh', 'failed-soon', 'failed-late'],
        'received first, whatever the due times',
      );
      assert.deepEqual(await due(60, 2), ['fresh-older', 'fresh'], 'the limit is filled with RECEIVED ones first');
      assert.deepEqual(
        (await store.dueWebhookEvents(at(60), 1)).map((event) => event.id),
        [freshOlder],
        'the oldest RECEIVED of the whole store',
      );
    });

    test('webhook events list newest first, filtered by source and status, in pages after an id', async () => {
      const at = (seconds: number) => new Date(Date.UTC(2026, 10, 6) + seconds * 1000);
      const ids: string[] = [];
      for (let n = 0; n < 5; n++) {
        const { event } = await store.recordWebhookEvent({
          source: 'marketplacer',
          dedupeKey: `list-${n}`,
          type: 'Invoice',
          body: '{}',
          receivedAt: at(n),
        });
        ids.push(event.id);
      }
      await store.settleWebhookEvent(ids[1]!, { status: 'FAILED', error: 'boom', nextAttemptAt: at(9) });
      const first = await store.listWebhookEvents({ source: 'marketplacer' }, undefined, 2);
      assert.deepEqual(
        first.map((event) => event.dedupeKey),
        ['list-4', 'list-3'],
      );
      const second = await store.listWebhookEvents({ source: 'marketplacer' }, first[1]!.id, 2);
      assert.deepEqual(
        second.map((event) => event.dedupeKey),
        ['list-2', 'list-1'],
      );
      const failed = await store.listWebhookEvents({ source: 'marketplacer', status: 'FAILED' }, undefined, 10);
      assert.deepEqual(
        failed.map((event) => [event.dedupeKey, event.lastError]),
        [['list-1', 'boom']],
      );
      assert.deepEqual(await store.listWebhookEvents({ source: 'marketplacer' }, 'no-such-id', 10), []);
      assert.equal((await store.findWebhookEvent(ids[2]!))?.dedupeKey, 'list-2');
      assert.equal(await store.findWebhookEvent('no-such-id'), undefined);
    });

    test('a processed or DEAD webhook event is reopened for a replay: RECEIVED, due at once, its attempts from 0', async () => {
      const at = (hours: number) => new Date(Date.UTC(2026, 10, 7, hours));
      const record = async (key: string) =>
        (
          await store.recordWebhookEvent({
            source: 'noon',
            dedupeKey: key,
            type: 'FBPI::ORDER_SYNC',
            body: '{}',
            receivedAt: at(0),
          })
        ).event;
      const processed = await record('reopen-processed');
      const dead = await record('reopen-dead');
      await store.settleWebhookEvent(processed.id, { status: 'PROCESSED', at: at(1) });
      await store.settleWebhookEvent(dead.id, { status: 'FAILED', error: 'noon down', nextAttemptAt: at(2) });
      await store.settleWebhookEvent(dead.id, { status: 'DEAD', error: 'noon still down' });
      for (const event of [processed, dead]) {
        const reopened = await store.reopenWebhookEvent(event.id, at(5));
        assert.deepEqual(
          [reopened?.status, reopened?.attempts, reopened?.nextAttemptAt, reopened?.processedAt],
          ['RECEIVED', 0, at(5), null],
        );
        assert.deepEqual(await store.findWebhookEvent(event.id), reopened);
        assert.ok((await store.dueWebhookEvents(at(0), 1000)).some((owed) => owed.id === event.id));
      }
      assert.equal(
        (await store.findWebhookEvent(dead.id))?.lastError,
        'noon still down',
        'the last error stays until the next attempt settles',
      );
      assert.equal(await store.reopenWebhookEvent('no-such-id', at(5)), undefined);
    });

    test('the backlog counts the events not applied by sender and status, with when the oldest of each was received', async () => {
      // Older than anything the other tests store, so these are the oldest of their sender and status.
      const at = (minute: number) => new Date(Date.UTC(1990, 0, 1) + minute * 60_000);
      const backlogOf = async () => {
        const entries = await store.webhookBacklog();
        assert.ok(
          entries.every((entry) => entry.count > 0 && entry.status !== ('PROCESSED' as string)),
          'only what is owed',
        );
        return (source: string, status: string) => entries.find((e) => e.source === source && e.status === status);
      };
      const before = await backlogOf();
      const record = async (source: 'noon' | 'fruugo', key: string, minute: number) =>
        (
          await store.recordWebhookEvent({
            source,
            dedupeKey: `backlog-${key}`,
            type: 'any',
            body: '{}',
            receivedAt: at(minute),
          })
        ).event.id;
      await record('noon', 'received-later', 2);
      await record('noon', 'received-first', 1);
      const failed = await record('noon', 'failed', 3);
      const dead = await record('fruugo', 'dead', 4);
      const applied = await record('fruugo', 'applied', 0);
      await store.settleWebhookEvent(failed, { status: 'FAILED', error: 'x', nextAttemptAt: at(10) });
      await store.settleWebhookEvent(dead, { status: 'DEAD', error: 'x' });
      await store.settleWebhookEvent(applied, { status: 'PROCESSED', at: at(5) });

      const after = await backlogOf();
      const grown = (source: string, status: string) =>
        (after(source, status)?.count ?? 0) - (before(source, status)?.count ?? 0);
      assert.deepEqual(
        [grown('noon', 'RECEIVED'), grown('noon', 'FAILED'), grown('fruugo', 'DEAD'), grown('fruugo', 'RECEIVED')],
        [2, 1, 1, 0],
        'the applied one is not counted',
      );
      assert.deepEqual(
        [
          after('noon', 'RECEIVED')?.oldestReceivedAt,
          after('noon', 'FAILED')?.oldestReceivedAt,
          after('fruugo', 'DEAD')?.oldestReceivedAt,
        ],
        [at(1), at(3), at(4)],
      );

      await store.reopenWebhookEvent(applied, at(6));
      assert.deepEqual((await backlogOf())('fruugo', 'RECEIVED')?.oldestReceivedAt, at(0), 'a replay is owed again');
    });

    test('order events get increasing cursors and versions, are stored once per key, and replay after a cursor with filters', async () => {
      const change = (key: string, marketplace: Marketplace, external: string, minute: number): NewOrderEvent => ({
        key,
        orderId: orderId(marketplace, external),
        marketplace,
        type: OrderEventType.STATUS_CHANGED,
        status: OrderStatus.ACKNOWLEDGED,
        origin: OrderEventOrigin.WEBHOOK,
        webhookEventId: 'w-1',
        message: null,
        occurredAt: new Date(Date.UTC(2026, 10, 8, 0, minute)),
      });
      const commit = async (event: NewOrderEvent) => {
        const committed = await store.commitOrderChange({
          basedOn: (await store.orderState(event.orderId)).version,
          event,
        });
        assert.equal(committed.outcome, 'COMMITTED');
        return committed.event;
      };
      const a = await commit(change('ev-a', Marketplace.FRUUGO, 'EV-1', 1));
      const b = await commit(change('ev-b', Marketplace.NOON, 'EV-2', 2));
      const c = await commit(change('ev-c', Marketplace.FRUUGO, 'EV-3', 3));
      assert.ok(a.cursor < b.cursor && b.cursor < c.cursor);
      assert.deepEqual(
        { ...a, cursor: 0 },
        { ...change('ev-a', Marketplace.FRUUGO, 'EV-1', 1), cursor: 0, version: 1 },
      );

      const again = await store.commitOrderChange({
        basedOn: 1,
        event: { ...change('ev-b', Marketplace.NOON, 'EV-2', 9), message: 'second copy' },
      });
      assert.equal(again.outcome, 'DUPLICATE');
      assert.equal(again.outcome === 'DUPLICATE' && again.event.cursor, b.cursor);
      assert.equal(again.outcome === 'DUPLICATE' && again.event.message, null, 'the first copy is the one kept');

      const after = (cursor: number, filter = {}, limit = 100) =>
        store
          .orderEventsAfter(cursor, filter, limit)
          .then((events) => events.map((event) => event.key).filter((key) => key.startsWith('ev-')));
      assert.deepEqual(await after(a.cursor - 1), ['ev-a', 'ev-b', 'ev-c']);
      assert.deepEqual(await after(a.cursor), ['ev-b', 'ev-c']);
      assert.deepEqual(await after(a.cursor - 1, { marketplaces: [Marketplace.FRUUGO] }), ['ev-a', 'ev-c']);
      assert.deepEqual(await after(a.cursor - 1, { orderId: 'NOON:EV-2' }), ['ev-b']);
      assert.deepEqual(await after(a.cursor - 1, {}, 1), ['ev-a']);
      assert.deepEqual(await after(c.cursor), []);
    });

    test('an order’s state: its version, the last status announced and the order kept, changed by compare-and-set', async () => {
      const order = sampleOrder(Marketplace.FRUUGO, 'CAS-1', 3);
      assert.deepEqual(await store.orderState(order.id), { version: 0, status: undefined, order: undefined });

      const created = await store.commitOrderChange({
        basedOn: 0,
        order,
        event: eventOf(order, { type: OrderEventType.CREATED }),
      });
      assert.equal(created.outcome, 'COMMITTED');
      assert.deepEqual(await store.orderState(order.id), { version: 1, status: OrderStatus.PENDING, order });

      // An event that names no status (an error reported) moves the version and leaves the status announced.
      const error = await store.commitOrderChange({
        basedOn: 1,
        event: eventOf(order, { type: OrderEventType.ERROR_REPORTED, status: null }),
      });
      assert.equal(error.outcome === 'COMMITTED' && error.event.version, 2);
      assert.deepEqual(await store.orderState(order.id), { version: 2, status: OrderStatus.PENDING, order });

      // Decided on version 1 while version 2 was committed: refused, and nothing of it is kept.
      const shipped = { ...order, status: OrderStatus.SHIPPED, updatedAt: new Date(order.updatedAt.getTime() + 1) };
      const stale = await store.commitOrderChange({ basedOn: 1, order: shipped, event: eventOf(shipped) });
      assert.deepEqual(stale, { outcome: 'CONFLICT' });
      assert.deepEqual(await store.orderState(order.id), { version: 2, status: OrderStatus.PENDING, order });

      const decidedAgain = await store.commitOrderChange({ basedOn: 2, order: shipped, event: eventOf(shipped) });
      assert.equal(decidedAgain.outcome, 'COMMITTED');
      assert.deepEqual(await store.orderState(order.id), { version: 3, status: OrderStatus.SHIPPED, order: shipped });
      assert.deepEqual(await store.findOrder(order.id), shipped);
    });

    test('cursors are dense: each event takes the next one, a change recorded again takes none, at once or not', async () => {
      // What a subscriber relies on to tell a missed event from a number never given (docs/store.md).
      const change = (key: string): NewOrderEvent => ({
        key,
        orderId: 'FRUUGO:DENSE-1',
        marketplace: Marketplace.FRUUGO,
        type: OrderEventType.UPDATED,
        status: null,
        origin: OrderEventOrigin.WEBHOOK,
        webhookEventId: null,
        message: null,
        occurredAt: new Date(Date.UTC(2026, 10, 11)),
      });
      const before = await store.latestOrderEventCursor();
      await recordChange(store, change('dense-0'));
      await recordChange(store, change('dense-0'));
      await recordChange(store, change('dense-1'));
      // Writers at one moment, half of them repeating a change another one records.
      await Promise.all(
        Array.from({ length: 12 }, (_, n) => recordChange(store, change(`dense-${2 + Math.floor(n / 2)}`))),
      );
      const stored = await store.orderEventsAfter(before, {}, 100);
      assert.deepEqual(
        stored.map((event) => event.cursor),
        Array.from({ length: 8 }, (_, n) => before + 1 + n),
      );
      assert.deepEqual(
        stored.map((event) => event.key).sort(),
        Array.from({ length: 8 }, (_, n) => `dense-${n}`),
      );
      assert.equal(await store.latestOrderEventCursor(), before + 8);
    });

    /**
     * Seven audit entries a minute apart over two subjects (`<label>-alice`, `<label>-bob`), three of them at one
     * moment, newest first. The three tied are the second to fourth: a page of two ends inside the tie.
     */
    async function appendAuditTrail(label: string, day: number): Promise<{ trail: AuditEntry[]; tie: Date }> {
      const minute = (n: number) => new Date(Date.UTC(2026, 11, day, 0, n));
      const moments = [minute(1), minute(2), minute(3), minute(4), minute(4), minute(4), minute(5)];
      const trail: AuditEntry[] = [];
      for (const [n, at] of moments.entries()) {
        const principal = {
          kind: 'API_KEY' as const,
          subject: `${label}-${n % 2 === 0 ? 'alice' : 'bob'}`,
          name: null,
        };
        trail.push(await store.appendAuditEntry(auditEntry({ principal, requestId: `${label}-${n}`, at })));
      }
      return { trail: trail.sort(newestAuditFirst), tie: minute(4) };
    }

    /** Every audit entry the filter lists, read in pages of two, each after the last entry of the one before. */
    async function everyAuditPage(filter: AuditFilter): Promise<AuditEntry[]> {
      const listed: AuditEntry[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.listAuditEntries(filter, after, 2);
        listed.push(...page);
        if (page.length < 2) return listed;
        after = page[1]!.id;
      }
    }

    test('an audit entry reads back exactly as appended, nested arguments included', async () => {
      const entries: NewAuditEntry[] = [
        auditEntry({
          principal: { kind: 'API_KEY', subject: 'audit-exact', name: 'Operations key' },
          field: 'updatePrice',
          arguments: {
            input: {
              items: [{ sku: 'PSKU-1', price: { amount: '12.50', currency: 'GBP' } }],
              note: null,
              dryRun: false,
            },
            // Keys a document store could take for operators or paths are a caller's words like any other.
            $set: 1,
            'a.b': ['x', 2],
          },
          requestId: 'req-exact-1',
          at: new Date(Date.UTC(2026, 11, 2, 10)),
        }),
        auditEntry({
          principal: { kind: 'ANONYMOUS', subject: 'audit-exact', name: null },
          operationName: null,
          arguments: {},
          requestId: 'req-exact-2',
          outcome: 'FORBIDDEN',
          transport: 'websocket',
          at: new Date(Date.UTC(2026, 11, 2, 11)),
        }),
      ];
      const appended: AuditEntry[] = [];
      for (const entry of entries) appended.push(await store.appendAuditEntry(entry));
      entries.forEach((entry, n) => assert.deepEqual(appended[n], { ...entry, id: appended[n]!.id }));
      assert.notEqual(appended[0]!.id, appended[1]!.id);
      assert.deepEqual(await store.listAuditEntries({ subject: 'audit-exact' }, undefined, 10), [
        appended[1],
        appended[0],
      ]);
      assert.deepEqual(await store.findAuditEntry(appended[0]!.id), appended[0], 'found by its id as appended');
      assert.equal(await store.findAuditEntry('no-such-id'), undefined);
    });

    test('audit entries list newest first, a tie broken by id, in pages that never repeat or skip one, by subject', async () => {
      const { trail } = await appendAuditTrail('paged', 10);
      const listed = await everyAuditPage({});
      const ids = listed.map((entry) => entry.id);
      assert.equal(new Set(ids).size, ids.length, 'no entry on two pages');
      assert.deepEqual(
        listed.filter((entry) => entry.requestId.startsWith('paged-')),
        trail,
      );
      assert.deepEqual([...listed].sort(newestAuditFirst), listed, 'the whole log newest first');

      assert.deepEqual(
        await everyAuditPage({ subject: 'paged-bob' }),
        trail.filter((entry) => entry.principal.subject === 'paged-bob'),
      );
      assert.deepEqual(
        await store.listAuditEntries({ subject: 'paged' }, undefined, 10),
        [],
        'the subject matches exactly',
      );
      // Like webhook events: after an id the store does not know, nothing follows.
      assert.deepEqual(await store.listAuditEntries({}, 'no-such-id', 10), []);
    });

    test('audit entries since a moment include that moment, alone and with a subject, in pages', async () => {
      const { trail, tie } = await appendAuditTrail('since', 12);
      const fromTie = trail.filter((entry) => entry.at >= tie);
      assert.equal(fromTie.length, 4, 'the newest and the three at the tie');
      const listed = await everyAuditPage({ since: tie });
      assert.ok(listed.every((entry) => entry.at >= tie));
      assert.deepEqual(
        listed.filter((entry) => entry.requestId.startsWith('since-')),
        fromTie,
      );

      for (const subject of ['since-alice', 'since-bob']) {
        assert.deepEqual(
          await everyAuditPage({ subject, since: tie }),
          fromTie.filter((entry) => entry.principal.subject === subject),
        );
      }
      const justAfterTie = new Date(tie.getTime() + 1);
      assert.deepEqual(await everyAuditPage({ subject: 'since-alice', since: justAfterTie }), trail.slice(0, 1));
    });

    test('simultaneous deliveries of one webhook, and simultaneous records of one change, store it once', async () => {
      // What two gateway instances (or one, twice) do when a marketplace redelivers at once: the store decides.
      const delivery = {
        source: 'noon' as const,
        dedupeKey: 'race-1',
        type: 'FBPI::ORDER_SYNC',
        body: '{}',
        receivedAt: new Date(Date.UTC(2026, 10, 9)),
      };
      const deliveries = await Promise.all(Array.from({ length: 5 }, () => store.recordWebhookEvent(delivery)));
      assert.equal(deliveries.filter((recorded) => !recorded.duplicate).length, 1);
      assert.equal(new Set(deliveries.map((recorded) => recorded.event.id)).size, 1);
      // One body replayed at once under five delivery keys: its content key keeps it once too.
      const replays = await Promise.all(
        Array.from({ length: 5 }, (_, index) =>
          store.recordWebhookEvent({ ...delivery, dedupeKey: `race-replay-${index}`, contentKey: 'race-body' }),
        ),
      );
      assert.equal(replays.filter((recorded) => !recorded.duplicate).length, 1);
      assert.equal(new Set(replays.map((recorded) => recorded.event.id)).size, 1);

      const change: NewOrderEvent = {
        key: 'race-1',
        orderId: 'NOON:RACE-1',
        marketplace: Marketplace.NOON,
        type: OrderEventType.CREATED,
        status: OrderStatus.PENDING,
        origin: OrderEventOrigin.WEBHOOK,
        webhookEventId: deliveries[0]!.event.id,
        message: null,
        occurredAt: new Date(Date.UTC(2026, 10, 9)),
      };
      const records = await Promise.all(
        Array.from({ length: 5 }, () => store.commitOrderChange({ basedOn: 0, event: change })),
      );
      assert.deepEqual(records.map((recorded) => recorded.outcome).sort(), [
        'COMMITTED',
        'DUPLICATE',
        'DUPLICATE',
        'DUPLICATE',
        'DUPLICATE',
      ]);
      const cursors = records.map((recorded) => (recorded.outcome === 'CONFLICT' ? 0 : recorded.event.cursor));
      assert.equal(new Set(cursors).size, 1);
      const history = await store.orderEventsAfter(0, { orderId: 'NOON:RACE-1' }, 100);
      assert.deepEqual(
        history.map((event) => event.key),
        ['race-1'],
      );
    });

    test('simultaneous changes of different orders each get a cursor of their own; of one order, one commits', async () => {
      // Many writers at one moment (several instances, or one busy one): every order's change is stored, none shares
      // a cursor.
      const changes = Array.from({ length: 20 }, (_, n): NewOrderEvent => ({
        key: `burst-${n}`,
        orderId: `NOON:BURST-${n}`,
        marketplace: Marketplace.NOON,
        type: OrderEventType.STATUS_CHANGED,
        status: OrderStatus.PENDING,
        origin: OrderEventOrigin.WEBHOOK,
        webhookEventId: null,
        message: null,
        occurredAt: new Date(Date.UTC(2026, 10, 10)),
      }));
      const records = await Promise.all(changes.map((event) => store.commitOrderChange({ basedOn: 0, event })));
      const cursors = records.map((recorded) => (recorded.outcome === 'COMMITTED' ? recorded.event.cursor : 0));
      assert.equal(new Set(cursors.filter((cursor) => cursor > 0)).size, changes.length);

      // Five different changes of one order decided on the same state (a mutation racing its own webhook, two
      // instances): one commits, the others are told to decide again; the kept order is the committed one's.
      const order = sampleOrder(Marketplace.FRUUGO, 'BURST-ONE', 5);
      const versions = Array.from({ length: 5 }, (_, n) => ({ ...order, marketplaceStatus: `attempt-${n}` }));
      const outcomes = await Promise.all(
        versions.map((each) => store.commitOrderChange({ basedOn: 0, order: each, event: eventOf(each) })),
      );
      const committed = outcomes.findIndex((outcome) => outcome.outcome === 'COMMITTED');
      assert.deepEqual(outcomes.map((outcome) => outcome.outcome).sort(), [
        'COMMITTED',
        'CONFLICT',
        'CONFLICT',
        'CONFLICT',
        'CONFLICT',
      ]);
      assert.deepEqual(await store.findOrder(order.id), versions[committed]);
      assert.equal((await store.orderEventsAfter(0, { orderId: order.id }, 100)).length, 1);

      // Errors added to one order at once (a refused mutation and a callback, or two instances) are all kept, and
      // each call's errors stay in their order.
      const reported = (message: string): OrderError => ({
        type: OrderErrorType.ORDER_SHIP,
        message,
        field: null,
        correlationId: null,
        createdAt: new Date(Date.UTC(2026, 10, 10)),
      });
      await Promise.all(
        Array.from({ length: 10 }, (_, n) =>
          store.addOrderErrors('NOON:BURST-3', [reported(`${n}-first`), reported(`${n}-second`)]),
        ),
      );
      const kept = (await store.orderErrors(['NOON:BURST-3'])).get('NOON:BURST-3')!.map((error) => error.message);
      assert.equal(kept.length, 20);
      for (let n = 0; n < 10; n++) assert.ok(kept.indexOf(`${n}-first`) < kept.indexOf(`${n}-second`));
    });
  });
}
