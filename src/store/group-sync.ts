import { deferred, type Deferred } from './deferred.js';

/**
 * Shares one flush to disk (an fdatasync) between everyone who wrote meanwhile, off the event loop: `synced()`
 * resolves once a flush that began after the call has completed, so whatever was written before the call is on disk.
 * One flush runs at a time; callers arriving during it wait for the next, which then serves all of them at once.
 */
export class GroupSync {
  private running: Promise<void> | undefined;
  /** Those waiting for the flush after the running one. */
  private next: Deferred | undefined;

  constructor(private readonly flush: () => Promise<void>) {}

  /** Resolves when everything written before this call is on disk; rejects with the flush's error. */
  synced(): Promise<void> {
    this.next ??= deferred();
    const { promise } = this.next;
    if (this.running === undefined) this.start();
    return promise;
  }

  /** Resolves once no flush is running or owed (for closing the file after the last one). */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  private start(): void {
    const batch = this.next!;
    this.next = undefined;
    this.running = this.flush()
      .then(batch.resolve, batch.reject)
      .finally(() => {
        this.running = undefined;
        if (this.next !== undefined) this.start();
      });
  }
}
