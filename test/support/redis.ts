import { Redis } from 'ioredis';

/** Where the tests look for Redis: TEST_REDIS_URL, else the one the build machines run on loopback. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether a Redis answers PING at `url` within a second. A suite that needs one asks first and, when none answers,
 * prints one `SKIPPED: no Redis at …` line instead of failing (or passing silently).
 */
export async function redisAnswers(url = TEST_REDIS_URL): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined); // the answer is the boolean; a refused connection is not a test failure
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
