/**
 * Time as the gateway's own timers and schedules see it (the webhook retry sweep, jobs such as Fruugo's order
 * download, how often the JWKS may be fetched again): the system's in production; in tests one that moves only when
 * told, so a test of a retry or a refetch waits for no real interval.
 */
export interface Clock {
  now(): Date;
  /** Calls `task` every `ms` until the returned function is called; the task never keeps the process alive. */
  every(ms: number, task: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => new Date(),
  every(ms, task) {
    const timer = setInterval(task, ms).unref();
    return () => clearInterval(timer);
  },
};
