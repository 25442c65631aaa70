import type { CircuitState } from 'cockatiel';
import type { Logger } from '../../src/logger.js';
import type { Deadline } from '../../src/http/deadline.js';
import type { HttpClient, HttpRequest } from '../../src/http/http-client.js';
import { AUTH_HEADERS } from './wire.js';

/** Sends one Increff API call for one GraphQL operation (its logger, its deadline) and resolves with the answer's body. */
export type IncreffCall = <T>(request: HttpRequest) => Promise<T>;

/** The credentials Increff issues per client and channel (config: INCREFF_USERNAME, _PASSWORD, _DOMAIN_NAME). */
export interface IncreffCredentials {
  username: string;
  password: string;
  domainName: string;
}

/**
 * Every Increff API call goes through here: it adds the three credential headers. There is no session to renew;
 * a 401 means the credentials are wrong and is passed up as it is.
 */
export class IncreffClient {
  private readonly headers: Record<string, string>;

  constructor(
    private readonly http: HttpClient,
    credentials: IncreffCredentials,
  ) {
    this.headers = {
      [AUTH_HEADERS.username]: credentials.username,
      [AUTH_HEADERS.password]: credentials.password,
      [AUTH_HEADERS.domainName]: credentials.domainName,
    };
  }

  /** Its circuit breaker's state, for `/readyz`. */
  get circuitState(): CircuitState {
    return this.http.circuitState;
  }

  /**
   * Calls bound to one operation's logger, so every upstream log line carries the request id, and to its deadline
   * (none for webhooks).
   */
  caller(log: Logger, deadline?: Deadline): IncreffCall {
    return async <T>(request: HttpRequest) => {
      const response = await this.http.request<T>(
        { ...request, headers: { ...request.headers, ...this.headers } },
        log,
        deadline,
      );
      return response.body;
    };
  }
}
