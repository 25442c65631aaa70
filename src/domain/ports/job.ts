/**
 * Work the process does on its own schedule (Fruugo's order download, the webhook retry sweep), started with the
 * server and stopped with it, so that a stopped gateway leaves no timer behind. With REDIS_URL one instance at a time
 * runs each job (src/leases/): it may be started and stopped again several times in a process's life.
 */
export interface Job {
  /** What it does, for logs and for its lease: `fruugo-order-download`. */
  readonly name: string;
  /** Runs it now, then on its schedule. */
  start(): void;
  /** Stops the schedule (a run under way finishes); resolves once the job is stopped, its lease given back. */
  stop(): void | Promise<void>;
}
