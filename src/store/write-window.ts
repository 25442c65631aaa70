import type Database from 'better-sqlite3';
import { deferred, type Deferred } from './deferred.js';

/**
 * Group commit for every write of one turn of the event loop: the first write opens a transaction, every write until
 * the loop's check phase (`setImmediate`) joins it, and then it is committed once. Applying a webhook makes three
 * writes (its order error, its order event, its settlement) and each commit rewrites the pages it touched, so a
 * transaction of their own each cost three commits per webhook; in one window the webhooks of that moment share one.
 * A write that is itself a transaction (`db.transaction`) becomes a savepoint of the window, so it still stands or
 * falls whole. One connection serves the whole process, so what is written is readable at once; what must be
 * durable waits for `committed()` (and then for the log's flush).
 */
export class WriteWindow {
  private open: Deferred | undefined;

  constructor(private readonly db: Database.Database) {}

  /** Runs `work` (synchronous writes) in the open window, opening one if none is. */
  write<T>(work: () => T): T {
    const window = this.open ?? this.begin();
    try {
      return work();
    } catch (error) {
      // Some errors (SQLITE_FULL, SQLITE_IOERR) end the whole transaction: what the window held is gone with it.
      if (!this.db.inTransaction) this.end(window, error);
      throw error;
    }
  }

  /** Resolves once everything written so far is committed; rejects when it was lost instead. */
  committed(): Promise<void> {
    return this.open?.promise ?? Promise.resolve();
  }

  /** Commits the open window now (closing the store). */
  commit(): void {
    if (this.open !== undefined) this.commitWindow(this.open);
  }

  private begin(): Deferred {
    this.db.exec('BEGIN');
    const window = deferred();
    // Those who wrote without waiting for the commit learn nothing of its failure; no rejection goes unhandled.
    window.promise.catch(() => undefined);
    this.open = window;
    setImmediate(() => this.commitWindow(window));
    return window;
  }

  private commitWindow(window: Deferred): void {
    if (this.open !== window) return;
    try {
      this.db.exec('COMMIT');
      this.end(window);
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.end(window, error);
    }
  }

  private end(window: Deferred, error?: unknown): void {
    if (this.open === window) this.open = undefined;
    if (error === undefined) window.resolve();
    else window.reject(error);
  }
}
