import { GraphQLError } from 'graphql';

/** How many websockets and operations on them this instance takes (README, "Limits"). */
export interface SocketLimitsConfig {
  /** WEBSOCKETS_PER_CALLER: sockets one caller holds open at once. */
  socketsPerCaller: number;
  /** WEBSOCKETS_MAX: sockets every caller together holds open at once. */
  sockets: number;
  /** SUBSCRIPTIONS_PER_SOCKET: operations open at once on one socket. */
  operationsPerSocket: number;
}

/** Why a socket is closed instead of acknowledged. */
export interface SocketRefusal {
  code: number;
  reason: string;
}

/** The close codes of a socket over a limit. */
export const LimitCloseCode = {
  /**
   * The caller holds WEBSOCKETS_PER_CALLER sockets already. graphql-ws's clients take 4429 as final (they do not
   * retry): trying again cannot help until the caller closes one of its own, which is the caller's to do.
   */
  TooManyConnections: 4429,
  /**
   * The instance holds WEBSOCKETS_MAX sockets. Not the caller's doing: 1013 (Try Again Later), which graphql-ws's
   * clients retry with backoff, and which a load balancer may send to another instance.
   */
  TryAgainLater: 1013,
} as const;

/**
 * Counts the websockets this instance holds, in all and per caller (`callerOf`: an API key by its name, a token by
 * its subject, a caller nobody authenticated by its address), and refuses one more past either limit; and
 * refuses an operation past the limit of one socket, for that operation alone. A socket counts from its
 * acknowledgement (the caller is known then) until it closes; one that never sends `connection_init` is closed by
 * graphql-ws after 3 s.
 */
export class SocketLimits {
  private open = 0;
  private readonly held = new Map<string, number>();

  constructor(private readonly config: SocketLimitsConfig) {}

  /** Counts a socket of `caller`, or answers why it is refused (nothing counted then). */
  admit(caller: string): SocketRefusal | undefined {
    if (this.open >= this.config.sockets) {
      return {
        code: LimitCloseCode.TryAgainLater,
        reason: `Try again later: this instance has ${this.config.sockets} websockets open (WEBSOCKETS_MAX)`,
      };
    }
    const held = this.held.get(caller) ?? 0;
    if (held >= this.config.socketsPerCaller) {
      return {
        code: LimitCloseCode.TooManyConnections,
        reason: `Too many connections: at most ${this.config.socketsPerCaller} websockets per caller (WEBSOCKETS_PER_CALLER)`,
      };
    }
    this.open += 1;
    this.held.set(caller, held + 1);
    return undefined;
  }

  /** A socket `admit` counted has closed. */
  release(caller: string): void {
    this.open -= 1;
    const held = (this.held.get(caller) ?? 1) - 1;
    if (held > 0) this.held.set(caller, held);
    else this.held.delete(caller);
  }

  /**
   * The error for an operation that would make `open` (this one included) operations on one socket, past the limit;
   * undefined within it.
   */
  refuseOperation(open: number): GraphQLError | undefined {
    const limit = this.config.operationsPerSocket;
    if (open <= limit) return undefined;
    return new GraphQLError(
      `Too many operations on this websocket: at most ${limit} at once (SUBSCRIPTIONS_PER_SOCKET). Complete one ` +
        'first; the others go on',
      { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit } },
    );
  }
}
