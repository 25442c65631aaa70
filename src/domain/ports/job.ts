/**
 * Work the process does on its own schedule (Fruugo's order download), started with the server and stopped with
 * it, so that a stopped gateway leaves no timer behind.
 */
export interface Job {
  start(): void;
  stop(): void;
}
