import { createConnection } from 'mongoose';
import { MongoStore } from './mongo-store.js';
import { storeModels } from './models.js';

export interface MongoStoreOptions {
  /** The database to use instead of the one the URI names (tests use a fresh one per run). */
  dbName?: string;
}

/**
 * Connects to MongoDB and ensures the store's indexes before the first write: the unique ones are what makes a
 * redelivered webhook or a repeated order event be stored once, so the store must not run without them. Indexes
 * that already exist are left as they are; none is ever dropped.
 */
export async function openMongoStore(uri: string, options: MongoStoreOptions = {}): Promise<MongoStore> {
  const connection = createConnection(uri, {
    // Collections and indexes are made below, once and awaited, not in the background where a failure would go
    // unnoticed.
    autoIndex: false,
    autoCreate: false,
    // The connection is open before the store is used: a command on a lost one fails at once instead of waiting.
    bufferCommands: false,
    ...(options.dbName === undefined ? {} : { dbName: options.dbName }),
  });
  try {
    await connection.asPromise();
    const models = storeModels(connection);
    for (const model of Object.values(models)) await model.createIndexes();
    return new MongoStore(connection, models);
  } catch (error) {
    await connection.close();
    throw error;
  }
}
