import type { Tracer } from '@opentelemetry/api';
import {
  execute,
  type FormattedExecutionResult,
  type GraphQLError,
  type GraphQLSchema,
  type ParseOptions,
  type validate,
} from 'graphql';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ServerOptions } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import { AuthenticationError } from '../auth/authentication-error.js';
import { callerOf } from '../auth/caller.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { Principal } from '../auth/principal.js';
import type { GatewayContext } from './context.js';
import type { Caller } from './limits/operation-gate.js';
import { formatGraphQLError, type ErrorFormatter } from './client-errors.js';
import { logUnexpected, withRequestId } from './unexpected-errors.js';
import type { SocketLimits } from './socket-limits.js';
import { subscribeSharingResults } from './shared-event-results.js';
import { socketOperationSpans } from './socket-operation-spans.js';
import { readOperation, refuseServerMessages, type ReadOperation } from './socket-input.js';
import { textOverSocket, type TrustedDocuments } from './trusted-documents.js';

/** graphql-ws close codes the gateway uses beyond the protocol's own. */
export const CloseCode = {
  /** No or bad credentials in `connection_init`, or a token that expired while the socket was open. */
  Unauthorized: 4401,
  /** The identity provider's keys could not be fetched; the client may try again. */
  TryAgainLater: 1013,
} as const;

/** What the gateway keeps on each socket. */
interface SocketState {
  principal: Principal;
  /** Stops waiting to close the socket at the caller's token expiry. */
  stopExpiry: () => void;
  /** Who holds the socket, once SocketLimits has counted it. */
  caller: string;
}

export interface SubscriptionSocketOptions {
  schema: GraphQLSchema;
  authenticator: Authenticator;
  /** The same validation rules as over HTTP (introspection off in production). */
  validate: typeof validate;
  /** Sockets per caller and in all, operations per socket. */
  limits: SocketLimits;
  /** How documents are parsed, as over HTTP: at most OPERATION_MAX_TOKENS tokens. */
  parseOptions: ParseOptions;
  /**
   * The operation's own limits and its caller's budgets (README, Limits), once it reads as an operation: undefined to
   * run it, or the errors that answer it alone.
   */
  admit(operation: ReadOperation, caller: Caller): Promise<readonly GraphQLError[] | undefined>;
  /** The same error formatter as over HTTP. */
  formatError: ErrorFormatter;
  /** With TRUSTED_DOCUMENTS_FILE: the only documents a caller who is not an admin may run, as over HTTP. */
  trustedDocuments: TrustedDocuments | undefined;
  /** The context of one operation on a socket. */
  context(principal: Principal, requestId: string, address: string): GatewayContext;
  /** Last touches to each result before it is sent (the partial failures of its marketplaces). */
  onResult(result: FormattedExecutionResult, context: GatewayContext): FormattedExecutionResult;
  /** Wraps the hooks to count sockets, subscriptions and operations (the gateway's metrics); answers unchanged. */
  watcher?: SocketWatcher;
  /** Where each operation's span goes, and each subscription event's (src/graphql/socket-operation-spans.ts). */
  tracer: Tracer;
}

/** Where a socket's caller connects from: who an unauthenticated caller is, to the limits. */
function addressOf(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? 'unknown';
}

/** setTimeout's longest wait; a token valid for longer is checked again then. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** What counts a socket server's sockets and operations by wrapping its hooks (src/metrics/socket-metrics.ts). */
export interface SocketWatcher {
  watch<E>(options: ServerOptions<Record<string, unknown>, E>): ServerOptions<Record<string, unknown>, E>;
}

/** Where the credential travels: `{ "authorization": "Bearer …" }`, as Apollo Sandbox and GraphQLWsLink send it. */
function authorizationOf(params: Readonly<Record<string, unknown>> | undefined): unknown {
  const key = Object.keys(params ?? {}).find((name) => name.toLowerCase() === 'authorization');
  return key === undefined ? undefined : params![key];
}

/**
 * Closes `socket` with 4401 when the credential expires; answers how to stop waiting (the socket closed first). A
 * token valid for longer than a timer can wait is waited for in steps.
 */
function closeAtExpiry(socket: Extra['socket'], expiresAt: Date | undefined): () => void {
  let timer: NodeJS.Timeout | undefined;
  const wait = () => {
    const left = expiresAt!.getTime() - Date.now();
    if (left <= 0) return socket.close(CloseCode.Unauthorized, 'Unauthorized: the token has expired');
    timer = setTimeout(wait, Math.min(left, LONGEST_TIMER_MS)).unref();
  };
  if (expiresAt !== undefined) wait();
  return () => clearTimeout(timer);
}

/**
 * graphql-ws's server options for the gateway: the caller is authenticated once, from `connection_init`, before any
 * operation; each operation then runs with its own context, as an HTTP request would, and its errors are formatted
 * and logged as over HTTP.
 */
export function subscriptionSockets(
  options: SubscriptionSocketOptions,
): ServerOptions<Record<string, unknown>, Extra & Partial<SocketState>> {
  const spans = socketOperationSpans(options.tracer, options.formatError);
  const server: ServerOptions<Record<string, unknown>, Extra & Partial<SocketState>> = {
    schema: options.schema,
    jsonMessageReviver: refuseServerMessages,
    execute: (args) => spans.operation(args, async () => execute(args)),
    subscribe: (args) => subscribeSharingResults(args, spans.event),
    onConnect: async (ctx) => {
      try {
        ctx.extra.principal = await options.authenticator.authenticate(authorizationOf(ctx.connectionParams));
      } catch (error) {
        if (!(error instanceof AuthenticationError)) throw error;
        // Closed here with the code that says why; graphql-ws's own 4403 after `false` then finds it closing.
        const code = error.unavailable ? CloseCode.TryAgainLater : CloseCode.Unauthorized;
        ctx.extra.socket.close(code, `Unauthorized: ${error.message}`.slice(0, 123));
        return false;
      }
      // A socket that went while its credentials were checked is not counted: its onClose has run already.
      if (ctx.extra.socket.readyState !== ctx.extra.socket.OPEN) return false;
      const caller = callerOf(ctx.extra.principal, addressOf(ctx.extra.request));
      const refusal = options.limits.admit(caller);
      if (refusal !== undefined) {
        ctx.extra.socket.close(refusal.code, refusal.reason);
        return false;
      }
      ctx.extra.caller = caller;
      ctx.extra.stopExpiry = closeAtExpiry(ctx.extra.socket, ctx.extra.principal.expiresAt);
      return true;
    },
    onClose: (ctx) => {
      ctx.extra.stopExpiry?.();
      if (ctx.extra.caller !== undefined) options.limits.release(ctx.extra.caller);
    },
    // graphql-ws counts this operation among the socket's from here on.
    onSubscribe: async (ctx, _id, payload) => {
      const refusal = options.limits.refuseOperation(Object.keys(ctx.subscriptions).length);
      if (refusal) return [refusal];
      const query = textOverSocket(options.trustedDocuments, payload, ctx.extra.principal!);
      if (Array.isArray(query)) return query;
      const operation = readOperation(options.schema, options.validate, { ...payload, query }, options.parseOptions);
      if (Array.isArray(operation)) return operation;
      const caller = { principal: ctx.extra.principal!, address: addressOf(ctx.extra.request) };
      return (await options.admit(operation, caller)) ?? operation;
    },
    context: (ctx) => options.context(ctx.extra.principal!, randomUUID(), addressOf(ctx.extra.request)),
    onNext: (_ctx, _id, _payload, args, result) => {
      const context = args.contextValue as GatewayContext;
      const { errors, ...rest } = result;
      logUnexpected(errors ?? [], context);
      const formatted = errors?.map((error) => formatGraphQLError(options.formatError, error));
      const final = options.onResult({ ...rest, ...(formatted ? { errors: formatted } : {}) }, context);
      return final.errors ? { ...final, errors: withRequestId(final.errors, context) } : final;
    },
    // What onSubscribe refused reaches here (a syntax error, validation, a limit); errors of execution arrive in
    // results (onNext).
    onError: (_ctx, _id, _payload, errors: readonly GraphQLError[]) =>
      errors.map((error) =>
        options.formatError(
          { ...error.toJSON(), extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...error.extensions } },
          error,
        ),
      ),
  };
  return options.watcher?.watch(server) ?? server;
}
