import type { Writable } from 'node:stream';

/**
 * Makes what is written to a socket within one turn of the event loop leave in one write.
 *
 * ws writes every message with a system call of its own. Order events become durable, and are published, in groups
 * (one flush of the store for the writers of that moment), so a subscriber is sent several messages in one turn: at
 * 500 events a second to 100 subscribers those writes were a third of the gateway's CPU (bench/README.md, "Webhook →
 * subscriber"). A socket held here is corked at its first message of the turn and uncorked, with everything sent to
 * it meanwhile, once the turn's I/O is done (setImmediate): later by a fraction of a turn, never by a timer.
 */
export class CoalescedWrites {
  private readonly held = new Set<Writable>();

  /** Holds `socket`'s writes until the end of this turn of the event loop. */
  hold(socket: Writable): void {
    if (this.held.has(socket)) return;
    socket.cork();
    this.held.add(socket);
    if (this.held.size === 1) setImmediate(this.release);
  }

  private readonly release = (): void => {
    for (const socket of this.held) socket.uncork();
    this.held.clear();
  };
}
