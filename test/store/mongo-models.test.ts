import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createConnection } from 'mongoose';
import { Marketplace } from '../../schema/marketplace.js';
import { OrderErrorType, OrderOperationStatus, OrderOperationType, OrderStatus } from '../../schema/order.js';
import { OrderEventOrigin, OrderEventType } from '../../schema/order-event.js';
import type { NewAuditEntry } from '../../src/store/callback-store.js';
import { toAuditEntry, toAuditEntryDocument } from '../../src/store/mongo/audit-entry-model.js';
import { storeModels } from '../../src/store/mongo/models.js';
import { fromOrderDocument, toOrderDocument } from '../../src/store/mongo/order-model.js';
import { sampleOrder } from './callback-store-contract.js';

// Models on a connection that never connects: validation and declared indexes need no server.
const connection = createConnection();
const models = storeModels(connection);
after(() => connection.close());

/** The paths a document fails validation on; [] when it is valid. */
async function invalidPaths(doc: { validate(): Promise<void> }): Promise<string[]> {
  try {
    await doc.validate();
    return [];
  } catch (error) {
    return Object.keys((error as { errors?: Record<string, unknown> }).errors ?? {}).sort();
  }
}

/** The declared indexes as `fields -> options`, for comparing. */
function declaredIndexes(model: { schema: { indexes(): Array<[Record<string, unknown>, Record<string, unknown>]> } }) {
  return model.schema.indexes().map(([fields, options]) => ({ fields, unique: options.unique === true }));
}

const webhookEvent = {
  source: 'fruugo',
  dedupeKey: 'ConfirmResponseList:c-1',
  type: 'ConfirmResponseList',
  body: '{}',
  receivedAt: new Date(),
};

const orderEvent = {
  _id: 'FRUUGO:1#1',
  key: 'webhook:w-1:FRUUGO:1:STATUS_CHANGED',
  cursor: 1,
  version: 1,
  orderId: 'FRUUGO:1',
  marketplace: Marketplace.FRUUGO,
  type: OrderEventType.STATUS_CHANGED,
  status: OrderStatus.ACKNOWLEDGED,
  origin: OrderEventOrigin.WEBHOOK,
  webhookEventId: 'w-1',
  message: null,
  occurredAt: new Date(),
};

const auditEntry = {
  principal: { kind: 'API_KEY', subject: 'ops-key', name: null },
  operationName: 'Cancel',
  field: 'cancelOrder',
  arguments: '{"orderId":"FRUUGO:1"}',
  requestId: 'req-1',
  outcome: 'SUCCESS',
  transport: 'http',
  at: new Date(),
};

describe('MongoDB store models: validation', () => {
  test('a webhook event needs a known source, its dedupe key, type, body and time; the body may be empty', async () => {
    const valid = new models.webhookEvents(webhookEvent);
    assert.deepEqual(await invalidPaths(valid), []);
    assert.equal(valid.status, 'RECEIVED', 'stored as received');
    assert.equal(valid.attempts, 0);
    assert.match(valid._id, /^[0-9a-f-]{36}$/, 'a UUID, like the embedded store');
    assert.deepEqual(await invalidPaths(new models.webhookEvents({ ...webhookEvent, body: '' })), []);

    const { source: _source, ...withoutSource } = webhookEvent;
    assert.deepEqual(await invalidPaths(new models.webhookEvents(withoutSource)), ['source']);
    assert.deepEqual(await invalidPaths(new models.webhookEvents({ ...webhookEvent, source: 'amazon' })), ['source']);
    assert.deepEqual(await invalidPaths(new models.webhookEvents({ ...webhookEvent, status: 'DONE' })), ['status']);
    assert.deepEqual(await invalidPaths(new models.webhookEvents({ ...webhookEvent, status: 'DEAD' })), []);
    assert.deepEqual(await invalidPaths(new models.webhookEvents({ source: 'noon' })), [
      'body',
      'dedupeKey',
      'receivedAt',
      'type',
    ]);
  });

  test('an order event needs a known type, origin and marketplace; its status is a known one or null', async () => {
    assert.deepEqual(await invalidPaths(new models.orderEvents(orderEvent)), []);
    assert.deepEqual(
      await invalidPaths(new models.orderEvents({ ...orderEvent, status: null, webhookEventId: null })),
      [],
    );
    assert.deepEqual(await invalidPaths(new models.orderEvents({ ...orderEvent, type: 'SHIPPED_MAYBE' })), ['type']);
    assert.deepEqual(await invalidPaths(new models.orderEvents({ ...orderEvent, status: 'LOST' })), ['status']);
    assert.deepEqual(await invalidPaths(new models.orderEvents({ ...orderEvent, origin: 'EMAIL' })), ['origin']);
    assert.deepEqual(await invalidPaths(new models.orderEvents({ ...orderEvent, marketplace: 'AMAZON' })), [
      'marketplace',
    ]);
    assert.deepEqual(await invalidPaths(new models.orderEvents({ ...orderEvent, version: 0 })), ['version']);
    const { _id, key: _key, cursor: _cursor, ...withoutIdentity } = orderEvent;
    assert.deepEqual(await invalidPaths(new models.orderEvents(withoutIdentity)), ['_id', 'cursor', 'key']);
  });

  test('an order is stored whole beside its listing fields, and reads back exactly as saved', async () => {
    const order = sampleOrder(Marketplace.INCREFF, 'M-1', 3);
    const stored = toOrderDocument(order);
    assert.deepEqual(await invalidPaths(new models.orders(stored)), []);
    assert.deepEqual(fromOrderDocument(stored), order);
    assert.deepEqual(await invalidPaths(new models.orders({ ...stored, status: 'LOST', marketplace: 'AMAZON' })), [
      'marketplace',
      'status',
    ]);
  });

  test('an operation needs its correlation id, order, and a known type and status', async () => {
    const operation = {
      correlationId: 'c-1',
      orderId: 'FRUUGO:1',
      type: OrderOperationType.CONFIRM,
      status: OrderOperationStatus.PENDING,
      requestedAt: new Date(),
      completedAt: null,
    };
    assert.deepEqual(await invalidPaths(new models.operations(operation)), []);
    assert.deepEqual(
      await invalidPaths(new models.operations({ ...operation, correlationId: undefined, status: 'MAYBE' })),
      ['correlationId', 'status'],
    );
  });

  test('an audit entry needs a known principal kind and transport, its field, arguments, request id, outcome and time', async () => {
    const valid = new models.auditEntries(auditEntry);
    assert.deepEqual(await invalidPaths(valid), []);
    assert.match(valid._id, /^[0-9a-f-]{36}$/, 'a UUID, like the embedded store');
    const anonymous = { ...auditEntry, principal: { kind: 'ANONYMOUS', subject: '', name: null }, operationName: null };
    assert.deepEqual(await invalidPaths(new models.auditEntries(anonymous)), [], 'an empty subject is kept');

    assert.deepEqual(
      await invalidPaths(
        new models.auditEntries({ ...auditEntry, principal: { kind: 'COOKIE', name: null }, transport: 'smtp' }),
      ),
      ['principal.kind', 'principal.subject', 'transport'],
    );
    const { principal: _principal, ...withoutPrincipal } = auditEntry;
    assert.deepEqual(await invalidPaths(new models.auditEntries(withoutPrincipal)), ['principal']);
    assert.deepEqual(
      await invalidPaths(new models.auditEntries({ principal: auditEntry.principal, transport: 'websocket' })),
      ['arguments', 'at', 'field', 'outcome', 'requestId'],
    );
  });

  test("an audit entry's arguments are stored as JSON text, so keys with $ or . cannot break it, and read back the same", async () => {
    const entry: NewAuditEntry = {
      principal: { kind: 'JWT', subject: 'user-7', name: 'Ops' },
      operationName: null,
      field: 'updatePrice',
      arguments: { input: { $set: 1, 'a.b': [{ sku: 'X', price: '1.00' }], note: null } },
      requestId: 'req-2',
      outcome: 'BAD_USER_INPUT',
      transport: 'websocket',
      at: new Date(),
    };
    const stored = toAuditEntryDocument(entry);
    assert.equal(typeof stored.arguments, 'string');
    const document = new models.auditEntries(stored);
    assert.deepEqual(await invalidPaths(document), []);
    assert.deepEqual(toAuditEntry(document.toObject()), { ...entry, id: document._id });
  });

  test('order errors need a known type and a message, which may be empty', async () => {
    const error = {
      type: OrderErrorType.ORDER_SHIP,
      message: '',
      field: null,
      correlationId: null,
      createdAt: new Date(),
    };
    assert.deepEqual(await invalidPaths(new models.orderErrors({ ...error, orderId: 'FRUUGO:1', position: 1 })), []);
    assert.deepEqual(
      await invalidPaths(
        new models.orderErrors({ ...error, orderId: 'FRUUGO:1', position: 0, type: 'ORDER_LOST', message: null }),
      ),
      ['message', 'position', 'type'],
    );
  });
});

describe('MongoDB store models: the indexes the queries need', () => {
  test('webhook events: unique per sender and dedupe key, and per content key where there is one; the sweep (received, then failed by due time), newest first', () => {
    assert.deepEqual(declaredIndexes(models.webhookEvents), [
      { fields: { source: 1, dedupeKey: 1 }, unique: true },
      { fields: { contentKey: 1 }, unique: true },
      { fields: { status: 1, receivedAt: 1, _id: 1 }, unique: false },
      { fields: { status: 1, nextAttemptAt: 1, _id: 1 }, unique: false },
      { fields: { receivedAt: -1, _id: -1 }, unique: false },
      { fields: { source: 1, receivedAt: -1, _id: -1 }, unique: false },
    ]);
    const [, content] = models.webhookEvents.schema.indexes().find(([fields]) => 'contentKey' in fields)!;
    assert.equal(content.sparse, true, 'events without a content key are left out, not all kept under null');
  });

  test('order events: unique key, unique cursor, each order by cursor', () => {
    assert.deepEqual(declaredIndexes(models.orderEvents), [
      { fields: { key: 1 }, unique: true },
      { fields: { cursor: 1 }, unique: true },
      { fields: { orderId: 1, cursor: 1 }, unique: false },
    ]);
  });

  test('orders: a marketplace newest first (id breaking ties), by status, by update time', () => {
    assert.deepEqual(declaredIndexes(models.orders), [
      { fields: { marketplace: 1, createdAt: -1, _id: -1 }, unique: false },
      { fields: { marketplace: 1, status: 1, createdAt: -1, _id: -1 }, unique: false },
      { fields: { marketplace: 1, updatedAt: 1 }, unique: false },
    ]);
  });

  test('operations: unique correlation id, each order oldest first', () => {
    assert.deepEqual(declaredIndexes(models.operations), [
      { fields: { correlationId: 1 }, unique: true },
      { fields: { orderId: 1, requestedAt: 1, correlationId: 1 }, unique: false },
    ]);
  });

  test('audit entries: newest first (id breaking ties), and the same per principal subject', () => {
    assert.deepEqual(declaredIndexes(models.auditEntries), [
      { fields: { at: -1, _id: -1 }, unique: false },
      { fields: { 'principal.subject': 1, at: -1, _id: -1 }, unique: false },
    ]);
  });

  test('order errors: one per position of an order, unique; an order’s by correlation id (a callback applied again)', () => {
    assert.deepEqual(declaredIndexes(models.orderErrors), [
      { fields: { orderId: 1, position: 1 }, unique: true },
      { fields: { orderId: 1, correlationId: 1 }, unique: false },
    ]);
  });
});
