import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { eventually } from './eventually.js';

/** One result of a subscription as graphql-ws delivered it. */
export interface SubscriptionResult<Data = Record<string, any>> {
  data?: Data | null;
  errors?: Array<{ message: string; extensions?: Record<string, any> }>;
}

/** A live subscription whose results are queued until a test takes them. */
export interface LiveSubscription<Data = Record<string, any>> {
  /** The next result not taken yet, waiting up to `timeoutMs` for it. */
  next(timeoutMs?: number): Promise<SubscriptionResult<Data>>;
  /** The results that arrive within `ms`: for asserting that nothing (more) arrives. */
  drain(ms: number): Promise<Array<SubscriptionResult<Data>>>;
  /** Resolves once the server has acknowledged the connection and the subscription is sent. */
  started: Promise<void>;
  /** Set when the server ended the subscription with an error (e.g. bad arguments). */
  error(): unknown;
  /** Resolves with the close code and reason once the socket has closed, whoever closed it. */
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

/** One graphql-ws socket, on which a test runs several operations at once. */
export interface SubscriptionSocket {
  /** Starts an operation on this socket; its `close()` completes that operation alone, the socket stays. */
  subscribe<Data = Record<string, any>>(query: string, variables?: Record<string, unknown>): LiveSubscription<Data>;
  /** Resolves once the server has acknowledged the connection. */
  started: Promise<void>;
  /** Resolves with the close code and reason once the socket has closed, whoever closed it. */
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

/**
 * Opens a graphql-ws socket to `url` (http:// or ws://, the gateway's /graphql), at once rather than at its first
 * operation, so that a refusal of the socket itself is seen without one.
 */
export function openSocket(
  url: string,
  /** What `connection_init` carries, e.g. `{ authorization: 'Bearer …' }`. */
  connectionParams?: Record<string, unknown>,
): SubscriptionSocket {
  let closeFailure: unknown;
  const client: Client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    // A close reaches `closed` (and each operation's `error()`); graphql-ws would also print it to stderr.
    onNonLazyError: (error) => {
      closeFailure = error;
    },
    ...(connectionParams ? { connectionParams } : {}),
  });
  const started = new Promise<void>((resolve) => {
    client.on('connected', () => resolve());
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    client.on('closed', (event) => {
      const { code, reason } = event as { code: number; reason: string };
      resolve({ code, reason });
    });
  });
  const close = () => client.dispose() as Promise<void>;
  return {
    started,
    closed,
    close,
    subscribe<Data>(query: string, variables: Record<string, unknown> = {}): LiveSubscription<Data> {
      const queue: Array<SubscriptionResult<Data>> = [];
      const waiters: Array<() => void> = [];
      let failure: unknown;
      const wake = () => waiters.splice(0).forEach((resolve) => resolve());
      const unsubscribe = client.subscribe<Data>(
        { query, variables },
        {
          next: (result) => {
            queue.push(result as SubscriptionResult<Data>);
            wake();
          },
          error: (error) => {
            failure = error;
            wake();
          },
          complete: wake,
        },
      );
      const waitForMore = (ms: number) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ms);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      return {
        started,
        async next(timeoutMs = 5000) {
          const deadline = Date.now() + timeoutMs;
          while (queue.length === 0) {
            if (failure !== undefined) throw new Error(`subscription failed: ${JSON.stringify(failure)}`);
            const left = deadline - Date.now();
            if (left <= 0) throw new Error(`no subscription result within ${timeoutMs} ms`);
            await waitForMore(left);
          }
          return queue.shift()!;
        },
        async drain(ms) {
          const deadline = Date.now() + ms;
          for (let left = ms; left > 0; left = deadline - Date.now()) await waitForMore(left);
          return queue.splice(0);
        },
        error: () => failure ?? closeFailure,
        closed,
        close: async () => unsubscribe(),
      };
    },
  };
}

/**
 * Subscribes over graphql-ws to `url` (http:// or ws://, the gateway's /graphql), on a socket of its own. The
 * subscription is only live once the server has run its `subscribe` (which is after `started`); tests that publish
 * right away should wait for a first event or use `since`.
 */
export function subscribe<Data = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  /** What `connection_init` carries, e.g. `{ authorization: 'Bearer …' }`. */
  connectionParams?: Record<string, unknown>,
): LiveSubscription<Data> {
  const socket = openSocket(url, connectionParams);
  return { ...socket.subscribe<Data>(query, variables), close: socket.close };
}

/**
 * Live-only subscriptions have no cursor to replay from, so a test first makes sure the server is listening: it
 * repeats a harmless `poke` until the subscription sees one, then acts.
 */
export async function whenListening(subscription: LiveSubscription, poke: () => unknown): Promise<void> {
  await eventually('the subscription to be live', async () => {
    await poke();
    return (await subscription.drain(100)).length > 0 ? true : undefined;
  });
}

/**
 * The first outcome of an operation over graphql-ws: a result, or the GraphQL errors it was ended with (validation,
 * a refused subscription). A socket closed without GraphQL errors fails the test with its close event.
 */
export async function firstOutcome(subscription: LiveSubscription): Promise<SubscriptionResult> {
  return eventually(
    'a result or an error over graphql-ws',
    async () => {
      const [result] = await subscription.drain(25);
      if (result) return result;
      const failure = subscription.error();
      if (failure === undefined) return undefined;
      if (Array.isArray(failure)) return { errors: failure };
      throw new Error(`the operation failed without GraphQL errors: ${JSON.stringify(failure)}`);
    },
    10_000,
  );
}

/** Runs one query or mutation over graphql-ws with `connectionParams`, answers its first outcome, and closes the socket. */
export async function overSocket(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  connectionParams: Record<string, unknown>,
): Promise<SubscriptionResult> {
  const operation = subscribe(url, query, variables, connectionParams);
  try {
    return await firstOutcome(operation);
  } finally {
    await operation.close();
  }
}
