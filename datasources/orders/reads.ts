/**
 * How a datasource reads what a marketplace (or the store) answers about an order or a SKU: each time it asks
 * (`readEachTime`, an ordinary operation, whose DataLoaders already ask once per key), or once for every datasource
 * holding the same `SharedReads` (the subscribers resolving one order event, src/events/shared-event-work.ts).
 *
 * What is shared is an answer that does not depend on who asks: an order by its id, one SKU's stock at one
 * marketplace, an order's stored errors or operations. Whether the caller may ask at all (its marketplace scope) is
 * decided by each datasource before it reads, so sharing never widens what a caller sees.
 */
export interface Reads {
  /** What `read` answers for `key`. */
  one<T>(key: string, read: () => Promise<T>): Promise<T>;
  /**
   * What `read` answers for each of `keys`, in their order: `read` is given the keys nobody read yet (in one call, as
   * a batch) and answers one value per key it is given, in the same order.
   */
  many<T>(namespace: string, keys: readonly string[], read: (keys: readonly string[]) => Promise<T[]>): Promise<T[]>;
}

/** No sharing: every read asks. */
export const readEachTime: Reads = {
  one: (_key, read) => read(),
  many: (_namespace, keys, read) => read(keys),
};

/**
 * Each key read once for everyone holding this object: the first asker's read (in flight or settled, a failure
 * included) is every later asker's answer.
 */
export class SharedReads implements Reads {
  // One key holds one type's promise: `namespace` (and the key's own prefix) keeps kinds apart.
  private readonly answers = new Map<string, Promise<unknown>>();

  one<T>(key: string, read: () => Promise<T>): Promise<T> {
    let answer = this.answers.get(key) as Promise<T> | undefined;
    if (answer === undefined) {
      answer = read();
      this.answers.set(key, answer);
    }
    return answer;
  }

  many<T>(namespace: string, keys: readonly string[], read: (keys: readonly string[]) => Promise<T[]>): Promise<T[]> {
    const shared = (key: string) => `${namespace}\u0000${key}`;
    const missing = [...new Set(keys.filter((key) => !this.answers.has(shared(key))))];
    if (missing.length > 0) {
      const batch = read(missing);
      missing.forEach((key, index) =>
        this.answers.set(
          shared(key),
          batch.then((values) => values[index]),
        ),
      );
    }
    return Promise.all(keys.map((key) => this.answers.get(shared(key)) as Promise<T>));
  }
}
