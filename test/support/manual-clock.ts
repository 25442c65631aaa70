import type { Clock } from '../../src/clock.js';

/** A clock that moves only when a test says: the gateway's sweeps and jobs run exactly when the test advances it. */
export class ManualClock implements Clock {
  private current: number;
  private readonly tasks = new Set<{ every: number; due: number; task: () => void }>();

  constructor(start = Date.now()) {
    this.current = start;
  }

  now(): Date {
    return new Date(this.current);
  }

  every(ms: number, task: () => void): () => void {
    const entry = { every: ms, due: this.current + ms, task };
    this.tasks.add(entry);
    return () => this.tasks.delete(entry);
  }

  /** Moves time on by `ms`, running each task as often as it came due, in the order they came due. */
  advance(ms: number): void {
    const until = this.current + ms;
    for (;;) {
      const next = [...this.tasks].filter((entry) => entry.due <= until).sort((a, b) => a.due - b.due)[0];
      if (next === undefined) break;
      this.current = next.due;
      next.due += next.every;
      next.task();
    }
    this.current = until;
  }
}
