import { createHmac } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { CredentialHeaders } from '../wire.js';
import { secretMatches } from '../../../src/webhooks/secret.js';

/** Who issues the credential and for what: a token of another purpose signed with the same key is refused. */
const ISSUER = 'marketplace-gateway';
const AUDIENCE = 'increff-channel-calls';

/**
 * The credentials of Increff's calls to the channel. Increff fetches them itself: when a call is answered 401 it
 * calls Get Credential (with the static INCREFF_WEBHOOK_TOKEN header) and sends the header pairs it gets on every
 * later call. The pair handed out is `Authorization: Bearer <JWT>`, signed (HS256) with a key derived from the
 * token and valid for a limited time, so:
 * - a leaked credential stops working by itself, and Increff renews it unattended (401 → Get Credential);
 * - nothing is stored: every gateway instance that shares the token verifies every credential;
 * - changing the token revokes every credential at once.
 */
export class ChannelCredentials {
  private readonly key: Uint8Array;

  constructor(
    private readonly token: string,
    private readonly ttlSeconds: number,
    /** The moment credentials are issued and judged; a test may fix it. */
    private readonly now: () => Date = () => new Date(),
  ) {
    // Derived, so the token sent on Get Credential is never itself the signing key.
    this.key = createHmac('sha256', token).update('increff channel credential v1').digest();
  }

  /** Whether Get Credential's static header carries the token. */
  tokenMatches(given: string | undefined): boolean {
    return secretMatches(given, this.token);
  }

  /** A fresh credential, as the header pairs Get Credential answers. */
  async issue(): Promise<CredentialHeaders> {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.ttlSeconds)
      .sign(this.key);
    return { Authorization: `Bearer ${jwt}` };
  }

  /** Whether an `Authorization` header carries a credential issued here and not expired. */
  async verify(authorization: string | undefined): Promise<boolean> {
    const match = authorization === undefined ? null : /^Bearer\s+(\S+)$/i.exec(authorization);
    if (match === null) return false;
    try {
      await jwtVerify(match[1]!, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: this.now(),
      });
      return true;
    } catch {
      return false;
    }
  }
}
