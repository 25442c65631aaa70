import type { Logger } from '../../src/logger.js';
import type { CircuitState } from 'cockatiel';
import type { HttpClient, HttpRequest } from '../../src/http/http-client.js';
import { withinDeadline, type Deadline } from '../../src/http/deadline.js';
import { UpstreamError } from '../../src/http/upstream-error.js';
import type { NoonSession } from './session.js';

/** Sends one noon API call for one GraphQL request (its logger, its deadline) and resolves with the answer's body. */
export type NoonCall = <T>(request: HttpRequest) => Promise<T>;

/**
 * Every noon API call goes through here: it adds the session cookie and, when noon answers 401 (a session that
 * expired or was revoked), logs in again and repeats the call once.
 */
export class NoonClient {
  private readonly http: HttpClient;
  private readonly session: NoonSession;

  constructor(http: HttpClient, session: NoonSession) {
    this.http = http;
    this.session = session;
  }

  /**
   * Calls bound to one request's logger, so every upstream log line carries the request id, and to its deadline
   * (none for webhooks).
   */
  caller(log: Logger, deadline?: Deadline): NoonCall {
    return (request) => this.call(request, log, deadline);
  }

  /** Its circuit breaker's state, for `/readyz`. */
  get circuitState(): CircuitState {
    return this.http.circuitState;
  }

  /** Whether a session can be had: logs in when there is none yet. */
  async ready(log: Logger): Promise<void> {
    await this.session.cookieHeader(log);
  }

  private async call<T>(request: HttpRequest, log: Logger, deadline: Deadline | undefined): Promise<T> {
    // A login serves every call waiting for it, so it runs to its own limits, not this call's deadline; this call
    // waits for it only as long as its deadline allows.
    const session = (login: Promise<string>) =>
      withinDeadline(login, deadline, this.http.marketplace, request.operation);
    const cookie = await session(this.session.cookieHeader(log));
    try {
      return await this.send<T>(request, cookie, log, deadline);
    } catch (error) {
      if (!(error instanceof UpstreamError) || error.httpStatus !== 401) throw error;
      log.info({ operation: request.operation }, 'noon refused the session; logging in again');
      return this.send<T>(request, await session(this.session.renew(cookie, log)), log, deadline);
    }
  }

  private async send<T>(request: HttpRequest, cookie: string, log: Logger, deadline: Deadline | undefined): Promise<T> {
    const response = await this.http.request<T>({ ...request, headers: { ...request.headers, cookie } }, log, deadline);
    return response.body;
  }
}
