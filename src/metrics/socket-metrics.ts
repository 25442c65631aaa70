import { getOperationAST, type GraphQLError } from 'graphql';
import type { Context, ServerOptions } from 'graphql-ws';
import { Gauge, type Registry } from 'prom-client';
import type { ObservedOperation, OperationMetrics } from './operation-metrics.js';
import { outcomeOf, worse, type OperationOutcome } from './operation-outcome.js';

/** An operation open on a socket, from its `subscribe` message. */
interface OpenOperation extends ObservedOperation {
  started: number;
  /** The worst of what it sent so far. */
  outcome: OperationOutcome;
  /** Refused before it ran (its `error` message is all it gets: graphql-ws completes nothing). */
  refused: boolean;
}

/**
 * graphql-ws's side: the websockets this instance holds and the subscriptions streaming on them, read from graphql-ws
 * itself at each scrape (so nothing can drift), and each operation over a socket timed as over HTTP.
 */
export class SocketMetrics {
  /** Acknowledged sockets, until they close. */
  private readonly open = new Set<Context<Record<string, unknown>, unknown>>();
  /** The operations of each socket, by the id its client gave them. */
  private readonly operations = new WeakMap<object, Map<string, OpenOperation>>();

  constructor(
    registry: Registry,
    private readonly timed: OperationMetrics,
  ) {
    const sockets: Gauge = new Gauge({
      name: 'gateway_websockets_active',
      help: 'graphql-ws sockets open and acknowledged (their connection_init accepted) on this instance',
      registers: [registry],
      collect: () => sockets.set(this.open.size),
    });
    const subscriptions: Gauge = new Gauge({
      name: 'gateway_subscriptions_active',
      help: 'Subscriptions streaming events on the websockets of this instance',
      registers: [registry],
      collect: () => {
        let streaming = 0;
        // graphql-ws keeps every operation of a socket here: null while it prepares or runs to a single result, the
        // event stream once it is a subscription that streams.
        for (const socket of this.open) {
          for (const operation of Object.values(socket.subscriptions)) if (operation !== null) streaming += 1;
        }
        subscriptions.set(streaming);
      },
    });
  }

  /** The gateway's graphql-ws options with the counting around each of its hooks; what they answer is unchanged. */
  watch<E>(options: ServerOptions<Record<string, unknown>, E>): ServerOptions<Record<string, unknown>, E> {
    return {
      ...options,
      onConnect: async (ctx) => {
        const permitted = await options.onConnect?.(ctx);
        if (permitted !== false) this.open.add(ctx);
        return permitted;
      },
      onClose: async (ctx, code, reason) => {
        this.open.delete(ctx);
        await options.onClose?.(ctx, code, reason);
      },
      onSubscribe: async (ctx, id, payload) => {
        const started = performance.now();
        const answer = await options.onSubscribe?.(ctx, id, payload);
        const refused = Array.isArray(answer);
        const args = refused ? undefined : (answer as Exclude<typeof answer, readonly GraphQLError[]>);
        const operation = args ? getOperationAST(args.document, args.operationName) : undefined;
        this.of(ctx).set(id, {
          started,
          name: operation?.name?.value ?? payload.operationName,
          type: operation?.operation,
          outcome: 'ok',
          refused,
        });
        return answer;
      },
      onNext: async (ctx, id, payload, args, result) => {
        const sent = await options.onNext?.(ctx, id, payload, args, result);
        this.sent(ctx, id, outcomeOf(sent ?? result));
        return sent;
      },
      onError: async (ctx, id, payload, errors) => {
        const sent = await options.onError?.(ctx, id, payload, errors);
        this.sent(ctx, id, outcomeOf({ errors: sent ?? errors.map((error) => error.toJSON()) }));
        if (this.of(ctx).get(id)?.refused) this.ended(ctx, id);
        return sent;
      },
      onComplete: async (ctx, id, payload) => {
        this.ended(ctx, id);
        await options.onComplete?.(ctx, id, payload);
      },
    };
  }

  private of(ctx: object): Map<string, OpenOperation> {
    let operations = this.operations.get(ctx);
    if (operations === undefined) this.operations.set(ctx, (operations = new Map()));
    return operations;
  }

  private sent(ctx: object, id: string, outcome: OperationOutcome): void {
    const operation = this.of(ctx).get(id);
    if (operation !== undefined) operation.outcome = worse(operation.outcome, outcome);
  }

  private ended(ctx: object, id: string): void {
    const operation = this.of(ctx).get(id);
    if (operation === undefined) return;
    this.of(ctx).delete(id);
    this.timed.observe(operation, operation.outcome, (performance.now() - operation.started) / 1000);
  }
}
