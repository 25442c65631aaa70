import type { CircuitState } from 'cockatiel';
import { ClientError, GraphQLClient } from 'graphql-request';
import type { MarketplacerConfig } from './config.js';
import type { Deadline } from '../../src/http/deadline.js';
import type { HttpClient } from '../../src/http/http-client.js';
import { UpstreamError } from '../../src/http/upstream-error.js';
import type { Logger } from '../../src/logger.js';
import { fromGraphQLErrors, invalidAnswer } from './errors.js';
import { getSdk, type Sdk } from './generated/sdk.js';

/** The body graphql-request posts: the printed document, its variables and the operation's name. */
interface GraphQLRequestBody {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

function isRequestBody(value: unknown): value is GraphQLRequestBody {
  return typeof value === 'object' && value !== null && typeof (value as { query?: unknown }).query === 'string';
}

/**
 * How the key travels (reference 4): `Authorization: Bearer <key>`, or `MARKETPLACER-API-KEY: <key>` for a site
 * behind HTTP Basic auth, which then takes `Authorization: Basic …` as well. Never Bearer with the api-key header:
 * Marketplacer refuses the pair.
 */
export function authHeaders(config: MarketplacerConfig): Record<string, string> {
  if (config.auth === 'bearer') return { authorization: `Bearer ${config.apiKey}` };
  const headers: Record<string, string> = { 'marketplacer-api-key': config.apiKey };
  if (config.basicAuth !== undefined) {
    const { username, password } = config.basicAuth;
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
  }
  return headers;
}

/**
 * The Operator API client: graphql-request with the generated SDK, every call sent through the shared HTTP layer
 * (timeout, retries with `Retry-After`, rate limit, circuit breaker) by handing graphql-request a `fetch` backed by
 * `HttpClient`. Queries are reads, so they are repeated after a 5xx or a timeout; mutations only after a 429.
 */
export class MarketplacerClient {
  private readonly http: HttpClient;
  private readonly endpoint: string;
  private readonly headers: Record<string, string>;
  /**
   * Each SDK operation's type ('query' or 'mutation') by its name, as the generated SDK declares it: the request body
   * carries only the name, and only a query may be repeated. The SDK's operations are few, fixed and uniquely named.
   */
  private readonly operationTypes = new Map<string, string>();

  constructor(http: HttpClient, config: MarketplacerConfig) {
    this.http = http;
    this.endpoint = config.endpoint;
    this.headers = authHeaders(config);
  }

  /** Its circuit breaker's state, for `/readyz`. */
  get circuitState(): CircuitState {
    return this.http.circuitState;
  }

  /** Whether the instance answers this key: the smallest read there is (one carrier). */
  async ready(log: Logger): Promise<void> {
    await this.sdk(log).ShipmentCarriers({ first: 1, after: null });
  }

  /**
   * The SDK for one GraphQL request: its calls log with that request's logger (and request id), and end by its
   * deadline (none for webhooks and readiness).
   */
  sdk(log: Logger, deadline?: Deadline): Sdk {
    const client = new GraphQLClient(this.endpoint, { fetch: this.fetcher(log, deadline) });
    return getSdk(client, (action, operationName, operationType) => {
      if (operationType !== undefined) this.operationTypes.set(operationName, operationType);
      return this.run(action, operationName, log);
    });
  }

  /**
   * Turns what graphql-request throws into UpstreamErrors: GraphQL errors in a 200 answer (MISSING_SCOPE...), and
   * an answer that is no GraphQL result. The HTTP layer's own UpstreamErrors pass untouched.
   */
  private async run<T>(action: () => Promise<T>, operationName: string, log: Logger): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      if (error instanceof ClientError && error.response.errors !== undefined && error.response.errors.length > 0) {
        const { data, errors } = error.response;
        const refusal = fromGraphQLErrors(operationName, errors, { data, errors });
        log.warn(
          { marketplace: refusal.marketplace, operation: operationName, code: refusal.code },
          'upstream GraphQL errors',
        );
        throw refusal;
      }
      throw invalidAnswer(operationName, error);
    }
  }

  private fetcher(log: Logger, deadline: Deadline | undefined): typeof fetch {
    return async (_url, init) => {
      const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      if (!isRequestBody(body)) throw new TypeError('graphql-request sent no GraphQL request body');
      const response = await this.http.request<unknown>(
        {
          operation: `marketplacer.${body.operationName ?? 'anonymous'}`,
          method: 'POST',
          path: '',
          body,
          headers: this.headers,
          idempotent: body.operationName !== undefined && this.operationTypes.get(body.operationName) === 'query',
        },
        log,
        deadline,
      );
      // The body as it came, which graphql-request parses itself (the HTTP layer has not): no parse and serialization
      // of it more.
      return new Response(response.text, { status: response.status, headers: { 'content-type': 'application/json' } });
    };
  }
}
