import type { ApiKeyRing } from './api-keys.js';
import { AuthenticationError } from './authentication-error.js';
import type { JwtVerifier } from './jwt-verifier.js';
import { UNAUTHENTICATED_CALLER, type Principal } from './principal.js';

/** Three base64url parts: what a compact JWS looks like (an API key could, but keys are looked up first). */
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * Turns the credential a caller sends (`Authorization: Bearer …` on HTTP, the same in graphql-ws's
 * `connection_init` payload) into a Principal. The same code serves both transports, so a rule cannot hold on one
 * and not the other.
 */
export class Authenticator {
  constructor(
    private readonly keys: ApiKeyRing,
    private readonly jwt: JwtVerifier | undefined,
  ) {}

  /** False when no API key and no JWKS is configured: every caller is then UNAUTHENTICATED_CALLER. */
  get required(): boolean {
    return this.keys.size > 0 || this.jwt !== undefined;
  }

  /** The caller behind an `Authorization` value; throws AuthenticationError when it proves no one. */
  async authenticate(authorization: unknown): Promise<Principal> {
    if (!this.required) return UNAUTHENTICATED_CALLER;
    if (authorization === undefined || authorization === null || authorization === '') {
      throw new AuthenticationError('no credentials: send `Authorization: Bearer <API key or token>`');
    }
    const credential = typeof authorization === 'string' ? /^Bearer +(\S+) *$/i.exec(authorization)?.[1] : undefined;
    if (credential === undefined)
      throw new AuthenticationError('the credentials must read `Bearer <API key or token>`');
    const holder = this.keys.principalFor(credential);
    if (holder) return holder;
    if (this.jwt && JWT_SHAPE.test(credential)) return this.jwt.principalFor(credential);
    throw new AuthenticationError('the API key or token is not valid here');
  }
}
