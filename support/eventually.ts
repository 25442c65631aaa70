import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Asks `probe` again until it returns a value (not undefined), for what happens after an answer: a webhook
 * applied, a callback delivered. Fails naming `what` when it has not happened within `timeoutMs`.
 */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}
