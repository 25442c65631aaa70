import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Logger } from '../../src/logger.js';
import type { HttpClient } from '../../src/http/http-client.js';
import { UpstreamError } from '../../src/http/upstream-error.js';
import { LOGIN_PATH, type LoginRequest, type ServiceAccountKey } from './identity-wire.js';

/**
 * A noon session, as "Authenticating Your Requests" describes it: an RS256 JWT (sub = key_id, iat, jti) exchanged
 * at the login endpoint for session cookies, which every later call sends. One login serves every concurrent call,
 * and a session noon refuses (401) is replaced once, however many calls saw the refusal.
 */
export class NoonSession {
  private readonly http: HttpClient;
  private readonly key: ServiceAccountKey;
  private readonly signingKey: KeyObject;
  private current: Promise<string> | undefined;

  constructor(http: HttpClient, key: ServiceAccountKey) {
    this.http = http;
    this.key = key;
    // createPrivateKey reads both PKCS#8 and PKCS#1 PEM, whichever the downloaded key holds.
    this.signingKey = createPrivateKey(key.private_key);
  }

  /** The `Cookie` header of the live session, logging in first when there is none. */
  cookieHeader(log: Logger): Promise<string> {
    this.current ??= this.login(log);
    return this.current;
  }

  /** Replaces a session noon refused; a caller holding an already replaced one gets the newer session. */
  async renew(refused: string, log: Logger): Promise<string> {
    const live = await this.current?.catch(() => undefined);
    if (live === undefined || live === refused) this.current = this.login(log);
    return this.cookieHeader(log);
  }

  private login(log: Logger): Promise<string> {
    const attempt = this.exchange(log);
    // A failed login must not stick: the next call tries again.
    attempt.catch(() => {
      if (this.current === attempt) this.current = undefined;
    });
    return attempt;
  }

  private async exchange(log: Logger): Promise<string> {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setSubject(this.key.key_id)
      .setIssuedAt()
      .setJti(randomUUID())
      .sign(this.signingKey);
    const body: LoginRequest = { token, default_project_code: this.key.project_code };
    // Not repeated after a 5xx: a repeat would resend the same jti, which noon may have consumed already.
    const response = await this.http.request(
      { operation: 'identity.Login', method: 'POST', path: LOGIN_PATH, body, idempotent: false },
      log,
    );
    const cookies = response.headers.getSetCookie().map((header) => header.split(';', 1)[0]!.trim());
    if (cookies.length === 0) {
      throw new UpstreamError({
        marketplace: this.http.marketplace,
        kind: 'http',
        code: 'UNAUTHORIZED',
        httpStatus: response.status,
        message: 'noon accepted the login but set no session cookie',
        body: response.body,
      });
    }
    log.info({ marketplace: this.http.marketplace, keyId: this.key.key_id }, 'logged in to noon');
    return cookies.join('; ');
  }
}
