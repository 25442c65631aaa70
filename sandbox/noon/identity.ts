import { randomBytes } from 'node:crypto';
import { decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import type { LoginRequest } from './wire.js';
import type { SandboxClock } from '../shared/clock.js';
import { NoonError } from './errors.js';
import type { Partner } from './partners.js';

/** How far a login token's `iat` may be from the current time, either way (docs/noon-inbound.md). */
const IAT_TOLERANCE_SECONDS = 5 * 60;

export interface LoginResult {
  /** Value of the `_npsid` cookie. */
  sessionId: string;
  /** Value of the `_nprt` cookie. noon documents no refresh call, so the sandbox only hands it out. */
  refreshToken: string;
}

interface Session {
  partner: Partner;
  expiresAt: number;
}

function refuse(reason: string): NoonError {
  return new NoonError('UNAUTHORIZED', `Missing or invalid authentication token: ${reason}`);
}

function randomToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * noon's identity service: JWT login against the partners' public keys, and the sessions it opens. Sessions live
 * by the sandbox clock, so advancing it past their lifetime forces a new login.
 */
export class IdentityService {
  private readonly sessions = new Map<string, Session>();
  /** A jti is accepted once; a replayed login token is refused even while its iat is fresh. */
  private readonly usedJtis = new Set<string>();

  constructor(
    private readonly partners: ReadonlyMap<string, Partner>,
    private readonly clock: SandboxClock,
    private readonly sessionTtlSeconds: number,
  ) {}

  async login(request: LoginRequest): Promise<LoginResult> {
    const partner = this.partners.get(this.subjectOf(request.token));
    if (partner === undefined) throw refuse('unknown key_id');

    // The token's times are judged by the wall clock, the one the signer shares: against the sandbox clock, every
    // login after advanceClock would look stale and the gateway could never log in again.
    const { iat, jti } = await this.verify(request.token, partner);
    if (iat === undefined || Math.abs(Date.now() / 1000 - iat) > IAT_TOLERANCE_SECONDS) {
      throw refuse('iat is more than 5 minutes away from the current time');
    }
    if (jti === undefined || this.usedJtis.has(jti)) throw refuse('jti has already been used');
    if (request.default_project_code !== partner.projectCode) {
      throw refuse('default_project_code does not belong to this key');
    }

    this.usedJtis.add(jti);
    const sessionId = randomToken();
    const expiresAt = this.clock.now().getTime() + this.sessionTtlSeconds * 1000;
    this.sessions.set(sessionId, { partner, expiresAt });
    return { sessionId, refreshToken: randomToken() };
  }

  /** The partner behind a `_npsid` cookie; 401 when there is none, or it is unknown or expired. */
  partnerForSession(sessionId: string | undefined): Partner {
    if (sessionId === undefined) throw refuse('no session cookie');
    const session = this.sessions.get(sessionId);
    if (session === undefined) throw refuse('unknown session');
    if (session.expiresAt <= this.clock.now().getTime()) {
      this.sessions.delete(sessionId);
      throw refuse('session expired');
    }
    return session.partner;
  }

  expireAllSessions(): void {
    this.sessions.clear();
  }

  private async verify(token: string, partner: Partner): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, partner.publicKey, {
        algorithms: ['RS256'],
        requiredClaims: ['iat', 'jti'],
      });
      return payload;
    } catch (error) {
      throw refuse(error instanceof Error ? error.message : 'token verification failed');
    }
  }

  /** The key is found by `sub` before the signature can be checked, so `sub` is read unverified first. */
  private subjectOf(token: string): string {
    try {
      const { sub } = decodeJwt(token);
      if (sub !== undefined) return sub;
    } catch {
      // a token that is not a JWT is refused below like one without a subject
    }
    throw refuse('token is not a JWT with a sub claim');
  }
}
