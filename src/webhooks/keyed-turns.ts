/**
 * Runs work one at a time per key, in the order it was asked for, while different keys run side by side: two
 * events about the same order are applied one after the other, so the second sees what the first recorded.
 */
export class KeyedTurns {
  /** The end of the last work queued per key; it never rejects. */
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
