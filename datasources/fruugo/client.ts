import { randomUUID } from 'node:crypto';
import type { CircuitState } from 'cockatiel';
import type { FruugoConfig } from './config.js';
import type { Deadline } from '../../src/http/deadline.js';
import type { HttpClient, HttpRequest } from '../../src/http/http-client.js';
import type { Logger } from '../../src/logger.js';
import { CORRELATION_HEADER } from './wire.js';

/** One Fruugo call: its answer is only "accepted"; the result comes later by callback. */
export interface FruugoRequest extends Omit<HttpRequest, 'headers'> {
  /** The id that ties the call to its callback; a new UUID when omitted. */
  correlationId?: string;
}

/** Fruugo took the call (202); its callback will carry this correlation id. */
export interface Accepted {
  correlationId: string;
}

/** Sends one Fruugo call for one GraphQL request (its logger, its deadline). */
export type FruugoCall = (request: FruugoRequest) => Promise<Accepted>;

/**
 * Every Fruugo call goes through here: HTTP Basic with the Retailer Portal credentials, and an X-Correlation-ID
 * we choose, so the call can be recorded as pending under the id its callback will carry. Ours is kept even if
 * an answer named another: Fruugo echoes the id it was sent (reference 3).
 */
export class FruugoClient {
  private readonly authorization: string;

  constructor(
    private readonly http: HttpClient,
    credentials: Pick<FruugoConfig, 'username' | 'password'>,
  ) {
    this.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  }

  /** Its circuit breaker's state, for `/readyz`. */
  get circuitState(): CircuitState {
    return this.http.circuitState;
  }

  /**
   * Calls bound to one request's logger, so every upstream log line carries the request id, and to its deadline
   * (none for the periodic download).
   */
  caller(log: Logger, deadline?: Deadline): FruugoCall {
    return (request) => this.call(request, log, deadline);
  }

  private async call(request: FruugoRequest, log: Logger, deadline: Deadline | undefined): Promise<Accepted> {
    const { correlationId = randomUUID(), ...rest } = request;
    const callLog = log.child({ correlationId });
    // The same headers on every retry: a 429 repeated after Retry-After is the same call to Fruugo.
    const response = await this.http.request<unknown>(
      { ...rest, headers: { authorization: this.authorization, [CORRELATION_HEADER]: correlationId } },
      callLog,
      deadline,
    );
    const echoed = response.headers.get(CORRELATION_HEADER);
    if (echoed !== null && echoed !== correlationId) {
      callLog.warn(
        { operation: request.operation, echoed },
        'Fruugo answered with another correlation id; keeping ours',
      );
    }
    return { correlationId };
  }
}
