import type { CallbackStore } from './callback-store.js';

/** The name of one of the store's calls, e.g. `recordWebhookEvent`: a bounded label for metrics and spans. */
export type StoreCall = Exclude<keyof CallbackStore, 'close'>;

/**
 * Runs one store call: whatever watches the store (a latency histogram, a span) starts before `run` and ends when
 * its promise settles, and must hand back what `run` resolved or rejected with, untouched.
 */
export type AroundStoreCall = <T>(call: StoreCall, run: () => Promise<T>) => Promise<T>;

/**
 * The store with every call but `close` passed through `around`. One wrapper serves every observer (metrics and
 * traces each give their own `around`; wrapping twice nests them), so the adapters know nothing of either.
 */
export function observedStore(store: CallbackStore, around: AroundStoreCall): CallbackStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close' || typeof property !== 'string') return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      return (...args: unknown[]) => around(property as StoreCall, () => method.apply(target, args));
    },
  });
}
