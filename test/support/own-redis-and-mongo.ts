import { testMongo, type TestMongo } from './mongodb.js';
import { TestRedisServer } from './redis-server.js';

/** What a suite needs to run instances that share a Redis and a store, or why it is skipped. */
export interface OwnRedisAndMongo {
  redis: TestRedisServer | undefined;
  mongo: TestMongo | undefined;
  /** The reason to skip the suite (its SKIPPED line is printed), or false when both are there. */
  skip: string | false;
}

/**
 * A Redis of the suite's own (which it may kill: an outage) and a MongoDB-protocol store (FerretDB unless MONGODB_URI
 * is set): REDIS_URL needs MONGODB_URI. Prints one SKIPPED line when either cannot be had. Both belong in the suite's
 * `after`: `redis?.kill()`, `mongo?.release()`.
 */
export async function ownRedisAndMongo(): Promise<OwnRedisAndMongo> {
  const redis = await TestRedisServer.start();
  const mongo = redis ? await testMongo() : undefined;
  if (!redis) console.log('SKIPPED: no redis-server binary (install Redis, or set REDIS_SERVER_BIN)');
  else if (mongo === undefined) console.log('SKIPPED: no MongoDB available');
  return {
    redis,
    mongo,
    skip: !redis ? 'no redis-server binary' : mongo === undefined ? 'no MongoDB available' : false,
  };
}
