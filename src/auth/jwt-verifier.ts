import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { systemClock, type Clock } from '../clock.js';
import { Marketplace } from '../domain/marketplace.js';
import { AuthenticationError } from './authentication-error.js';
import type { Principal } from './principal.js';
import { isRole } from './role.js';

/** How JWTs from the team's identity provider are checked (AUTH_JWKS_URL and its companions). */
export interface JwtConfig {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** The claim holding the caller's roles, e.g. `roles` or `realm_access.roles`. */
  rolesClaim: string;
  /** The claim holding the caller's marketplaces; undefined: tokens are not limited to marketplaces. */
  marketplacesClaim: string | undefined;
  /** A token signed by a key the gateway does not know makes it fetch the keys again at most this often. */
  refetchIntervalMs: number;
}

/**
 * Signatures the gateway accepts: asymmetric only, so nothing that can verify a token (the public JWKS) can also
 * make one.
 */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** How long fetched keys are trusted before they are fetched again, even when every token's key is known. */
const KEYS_MAX_AGE_MS = 10 * 60_000;

/** A claim by its exact name (namespaced claims contain dots), else by a dotted path into nested objects. */
function claim(payload: JWTPayload, name: string): unknown {
  if (name in payload) return payload[name];
  return name
    .split('.')
    .reduce<unknown>(
      (value, part) =>
        value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined,
      payload,
    );
}

/** A list claim as identity providers write them: a JSON array of strings, or one space-separated string. */
function words(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

const MARKETPLACES = new Set<string>(Object.values(Marketplace));

/**
 * Verifies JWTs against the identity provider's JWKS: the keys are fetched once and cached, fetched again when they
 * age or when a token names a key id not seen yet (at most once per `refetchIntervalMs`, so tokens with made-up key
 * ids cannot make the gateway hammer the provider). A failed fetch counts too: while the provider is down it is
 * asked again at most once per interval. The schedule runs on the gateway's Clock (so a test moves it instead of
 * waiting out an interval); a token's own `exp` is checked against real time, as its socket closes at expiry.
 */
export class JwtVerifier {
  /**
   * The provider's keys. jose's own schedule (cooldown, cache age) is switched off, as it reads the system's time:
   * `key` below decides when to `reload`, on the clock.
   */
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;
  /** When the keys were last fetched, and when fetching them last failed (clock time, epoch ms). */
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private failedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly config: JwtConfig,
    private readonly clock: Clock = systemClock,
  ) {
    this.keys = createRemoteJWKSet(new URL(config.jwksUrl), {
      cooldownDuration: Number.POSITIVE_INFINITY,
      cacheMaxAge: Number.POSITIVE_INFINITY,
    });
  }

  async principalFor(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw describe(error);
    }
    const marketplaces =
      this.config.marketplacesClaim === undefined
        ? undefined
        : // A token that should carry marketplaces but does not gets none: missing scope never widens access.
          words(claim(payload, this.config.marketplacesClaim))
            .map((name) => name.toUpperCase())
            .filter((name): name is Marketplace => MARKETPLACES.has(name));
    const name = payload.name ?? payload.preferred_username;
    return {
      kind: 'JWT',
      subject: payload.sub!,
      name: typeof name === 'string' ? name : null,
      roles: words(claim(payload, this.config.rolesClaim)).filter(isRole),
      marketplaces,
      expiresAt: new Date(payload.exp! * 1000),
    };
  }

  /**
   * The key of a token. Within `refetchIntervalMs` of a failed fetch the provider is not asked again: the keys
   * already held (still fresh) serve, and without any the token cannot be checked.
   */
  private readonly key: JWTVerifyGetKey = async (header, token) => {
    const now = this.clock.now().getTime();
    const fresh = now - this.fetchedAt < KEYS_MAX_AGE_MS;
    if (now - this.failedAt < this.config.refetchIntervalMs) {
      if (!fresh)
        throw new AuthenticationError('the identity provider’s keys could not be fetched; try again shortly', true);
      return this.keys(header, token);
    }
    if (!fresh) await this.fetch();
    try {
      return await this.keys(header, token);
    } catch (error) {
      // A key id not seen yet: the provider may have rotated its keys since they were fetched.
      if (!(error instanceof errors.JWKSNoMatchingKey) || now - this.fetchedAt < this.config.refetchIntervalMs)
        throw error;
      await this.fetch();
      return this.keys(header, token);
    }
  };

  /** Fetches the keys now (callers at the same moment share one request), noting when it succeeded or failed. */
  private async fetch(): Promise<void> {
    try {
      await this.keys.reload();
      this.fetchedAt = this.clock.now().getTime();
    } catch (error) {
      if (keysUnavailable(error)) this.failedAt = this.clock.now().getTime();
      throw error;
    }
  }
}

/** Whether `error` says the keys could not be had (the provider is down, slow or answers garbage). */
function keysUnavailable(error: unknown): boolean {
  // jose reports a JWKS answer that is not 200 or not JSON as its generic error; a network failure is no JOSEError.
  return (
    !(error instanceof errors.JOSEError) ||
    error.code === 'ERR_JOSE_GENERIC' ||
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid
  );
}

/** A verification failure in words a client can act on, without echoing the token. */
function describe(error: unknown): AuthenticationError {
  if (error instanceof AuthenticationError) return error;
  if (error instanceof errors.JWTExpired) return new AuthenticationError('the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new AuthenticationError(`the token's "${error.claim}" claim is not accepted here (${error.reason})`);
  }
  if (error instanceof errors.JWKSNoMatchingKey)
    return new AuthenticationError('the token is signed by a key the identity provider does not publish');
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new AuthenticationError('the token’s signature does not verify');
  if (error instanceof errors.JOSEAlgNotAllowed)
    return new AuthenticationError('the token’s signature algorithm is not accepted');
  if (keysUnavailable(error)) {
    // Nothing the caller did.
    return new AuthenticationError('the identity provider’s keys could not be fetched; try again shortly', true);
  }
  return new AuthenticationError('the token is not a valid JWT');
}
