/**
 * The simulator's own time. Expiry, slot starts, session lifetimes and the rate-limit window read it, so tests can
 * jump days ahead without waiting. Login tokens are not judged by it (see identity.ts).
 */
export class SandboxClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Negative seconds rewind, so a test can put the clock back after jumping ahead; state already changed stays. */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds)) throw new RangeError(`cannot advance the sandbox clock by ${seconds} s`);
    this.offsetMs += seconds * 1000;
  }
}

/** noon writes timestamps as ISO-8601 UTC without milliseconds (`2026-03-09T14:30:00Z`). */
export function isoSeconds(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
