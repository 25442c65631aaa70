import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createConnection } from 'mongoose';
import { openMongoStore } from '../../src/store/mongo/open.js';
import { testMongo } from '../support/mongodb.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import { OrderStatus } from '../../src/domain/order-status.js';
import { toOrderDocument } from '../../src/store/mongo/order-model.js';
import { keepOrder } from '../support/kept-orders.js';
import { callbackStoreContract, sampleOrder } from './callback-store-contract.js';

const mongo = await testMongo();

if (mongo === undefined) {
  console.log('SKIPPED: no MongoDB available');
  test(
    'CallbackStore contract: MongoDB',
    { skip: 'no MongoDB available: set MONGODB_URI, or run scripts/install-ferretdb.sh' },
    () => {},
  );
} else {
  const { uri, dbName } = mongo;
  after(() => mongo.release());

  callbackStoreContract(`MongoDB (${mongo.description})`, () => openMongoStore(uri, { dbName }));

  describe('MongoDB store', () => {
    test('the indexes are built on the server when the store opens', async () => {
      const store = await openMongoStore(uri, { dbName });
      await store.close();
      const connection = await createConnection(uri, { dbName }).asPromise();
      try {
        const names = async (collection: string) =>
          (await connection.collection(collection).indexes()).map((index) => index.name).sort();
        assert.deepEqual(await names('webhookEvents'), [
          '_id_',
          'due',
          'newest',
          'newestBySource',
          'redelivery',
          'sameContent',
          'unprocessed',
        ]);
        assert.deepEqual(await names('orderEvents'), ['_id_', 'byOrder', 'cursor', 'key']);
        assert.deepEqual(await names('orders'), ['_id_', 'newest', 'newestByStatus', 'updatedSince']);
        assert.deepEqual(await names('operations'), ['_id_', 'byOrder', 'correlationId']);
        assert.deepEqual(await names('auditEntries'), ['_id_', 'newest', 'newestBySubject']);
        assert.deepEqual(await names('orderErrorEntries'), ['_id_', 'byCall', 'position']);
      } finally {
        await connection.close();
      }
    });

    test('an order document a crash left behind its committed change is brought up to it when the order is read', async () => {
      const store = await openMongoStore(uri, { dbName });
      const connection = await createConnection(uri, { dbName }).asPromise();
      try {
        const order = sampleOrder(Marketplace.FRUUGO, 'REPAIR-1', 2);
        await keepOrder(store, order);
        const shipped = { ...order, status: OrderStatus.SHIPPED, updatedAt: new Date(order.updatedAt.getTime() + 1) };
        await keepOrder(store, shipped);
        // What a gateway stopped between the event's insert and the document's update leaves: the event says
        // SHIPPED, the document still PENDING at version 1. A new order's document may be missing altogether.
        await connection
          .collection('orders')
          .updateOne({ _id: order.id as never }, { $set: { ...toOrderDocument(order), version: 1 } });
        const created = sampleOrder(Marketplace.FRUUGO, 'REPAIR-2', 1);
        await keepOrder(store, created);
        await connection.collection('orders').deleteOne({ _id: created.id as never });

        assert.deepEqual(await store.findOrder(order.id), shipped);
        assert.deepEqual((await store.orderState(created.id)).order, created);
        const listed = await store.listOrders(Marketplace.FRUUGO, {}, undefined, 100);
        assert.deepEqual(
          listed.orders.filter((each) => each.externalId.startsWith('REPAIR-')),
          [created, shipped],
          'the documents themselves were repaired, so the listing agrees',
        );
      } finally {
        await connection.close();
        await store.close();
      }
    });

    test('a FAILED event an earlier version wrote, without nextAttemptAt, is due at once', async () => {
      const legacyDb = `${dbName}-legacy`;
      const connection = await createConnection(uri, { dbName: legacyDb }).asPromise();
      try {
        const receivedAt = new Date(Date.UTC(2026, 10, 1));
        await connection.collection('webhookEvents').insertMany(
          [
            { _id: 'legacy-failed' as never, source: 'noon', dedupeKey: 'k-1', type: 't', body: '{}', receivedAt },
            { _id: 'legacy-processed' as never, source: 'noon', dedupeKey: 'k-2', type: 't', body: '{}', receivedAt },
          ].map((event, index) => ({ ...event, status: index === 0 ? 'FAILED' : 'PROCESSED', attempts: 3 })),
        );
        const store = await openMongoStore(uri, { dbName: legacyDb });
        try {
          const due = await store.dueWebhookEvents(new Date(0), 10);
          assert.deepEqual(
            due.map((event) => [event.id, event.status, event.attempts, event.nextAttemptAt]),
            [['legacy-failed', 'FAILED', 3, null]],
          );
        } finally {
          await store.close();
        }
      } finally {
        await connection.dropDatabase();
        await connection.close();
      }
    });

    test('a store whose unique index cannot be built refuses to open, rather than store duplicates', async () => {
      const brokenDb = `${dbName}-broken`;
      const connection = await createConnection(uri, { dbName: brokenDb }).asPromise();
      try {
        const duplicate = {
          source: 'noon',
          dedupeKey: 'same',
          type: 't',
          body: '{}',
          receivedAt: new Date(),
          status: 'RECEIVED',
          attempts: 0,
        };
        await connection.collection('webhookEvents').insertMany([{ ...duplicate }, { ...duplicate }]);
        // MongoDB refuses with E11000. FerretDB 1.24 refuses too, but as an InternalError (code 1) carrying
        // PostgreSQL's or SQLite's unique-constraint failure (docs/store.md, "FerretDB").
        await assert.rejects(
          openMongoStore(uri, { dbName: brokenDb }),
          (error: Error & { code?: number }) =>
            error.code === 11000 || /could not create unique index|UNIQUE constraint failed/.test(error.message),
        );
      } finally {
        await connection.dropDatabase();
        await connection.close();
      }
    });
  });
}
