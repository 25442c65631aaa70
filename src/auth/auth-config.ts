import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Marketplace } from '../domain/marketplace.js';
import { MIN_API_KEY_LENGTH, sha256, type ApiKeyEntry } from './api-keys.js';
import { callerLimitsOverride } from './caller-limits.js';
import type { JwtConfig } from './jwt-verifier.js';
import { ROLES } from './role.js';

/** How callers are authenticated; the parts are checked against each other by `readAuthConfig`. */
export interface AuthConfig {
  apiKeys: ApiKeyEntry[];
  jwt: JwtConfig | undefined;
  /** AUTH=none: a proxy in front authenticates every request, so the gateway lets every caller through. */
  delegatedToProxy: boolean;
}

/** The authentication variables (documented in the README's Security section). */
export const authEnvironment = z.object({
  /** `none`: a trusted proxy in front authenticates; the only way to start in production without keys or JWTs. */
  AUTH: z.literal('none', { error: 'may only be `none` (a trusted proxy authenticates)' }).optional(),
  /** A JSON array of `{ name, key | sha256, roles, marketplaces?, limits? }`. */
  AUTH_API_KEYS: z.string().min(1).optional(),
  /** A file holding the same JSON array (for secret stores that mount files). */
  AUTH_API_KEYS_FILE: z.string().min(1).optional(),
  /** The identity provider's JSON Web Key Set, e.g. https://idp.example/.well-known/jwks.json. */
  AUTH_JWKS_URL: z.url().optional(),
  /** The `iss` every token must carry. */
  AUTH_JWT_ISSUER: z.string().min(1).optional(),
  /** The `aud` every token must carry: this gateway's identifier at the provider. */
  AUTH_JWT_AUDIENCE: z.string().min(1).optional(),
  /** The claim with the caller's roles (`viewer`, `operator`, `admin`); a dotted path reaches into objects. */
  AUTH_JWT_ROLES_CLAIM: z.string().min(1).default('roles'),
  /** The claim with the caller's marketplaces; unset: tokens reach every marketplace. */
  AUTH_JWT_MARKETPLACES_CLAIM: z.string().min(1).optional(),
  /** A token signed by an unknown key id makes the gateway fetch the JWKS again at most this often. */
  AUTH_JWKS_REFETCH_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
});

type AuthEnvironment = z.infer<typeof authEnvironment>;

const apiKeyEntries = z.array(
  z
    .object({
      name: z.string().trim().min(1).max(100),
      key: z
        .string()
        .min(MIN_API_KEY_LENGTH, { error: `must be at least ${MIN_API_KEY_LENGTH} characters` })
        .optional(),
      sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/i, { error: 'must be 64 hex digits (the SHA-256 of the key)' })
        .optional(),
      roles: z.array(z.enum(ROLES)).min(1, { error: 'must name at least one role' }),
      marketplaces: z.array(z.enum(Marketplace)).optional(),
      /** Limits of this key's own instead of the defaults (README, Limits), e.g. `{ "maxCost": 50000 }`. */
      limits: callerLimitsOverride.optional(),
    })
    .strict()
    .refine((entry) => (entry.key === undefined) !== (entry.sha256 === undefined), {
      error: 'needs either `key` or `sha256`, not both',
    }),
);

/**
 * The authentication part of the configuration, with its problems added to `problems` (never a key's value).
 * Production refuses to start open: some authentication must be configured, or AUTH=none must say on purpose that
 * a proxy does it.
 */
export function readAuthConfig(env: AuthEnvironment, production: boolean, problems: string[]): AuthConfig {
  const apiKeys = readApiKeys(env, problems);
  const jwt = readJwt(env, problems);
  const configured = apiKeys.length > 0 || jwt !== undefined;
  if (env.AUTH === 'none' && configured) {
    problems.push('AUTH=none turns authentication off, yet AUTH_API_KEYS or AUTH_JWKS_URL is set: choose one');
  }
  // Keys or a JWKS that were set but refused are reported already; this is for none set at all.
  const attempted = env.AUTH_API_KEYS || env.AUTH_API_KEYS_FILE || env.AUTH_JWKS_URL;
  if (production && !configured && !attempted && env.AUTH !== 'none') {
    problems.push(
      'NODE_ENV=production needs authentication: set AUTH_API_KEYS (or AUTH_API_KEYS_FILE), or AUTH_JWKS_URL with ' +
        'AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE; or AUTH=none if a trusted proxy in front authenticates every request',
    );
  }
  return { apiKeys, jwt, delegatedToProxy: env.AUTH === 'none' };
}

/** `[2].key` for the path [2, 'key']. */
function step(part: PropertyKey): string {
  return typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
}

function readApiKeys(env: AuthEnvironment, problems: string[]): ApiKeyEntry[] {
  if (env.AUTH_API_KEYS && env.AUTH_API_KEYS_FILE) {
    problems.push('AUTH_API_KEYS and AUTH_API_KEYS_FILE: set one, not both');
    return [];
  }
  const source = env.AUTH_API_KEYS_FILE ? 'AUTH_API_KEYS_FILE' : 'AUTH_API_KEYS';
  let text = env.AUTH_API_KEYS;
  if (env.AUTH_API_KEYS_FILE) {
    try {
      text = readFileSync(env.AUTH_API_KEYS_FILE, 'utf8');
    } catch (error) {
      problems.push(`AUTH_API_KEYS_FILE: cannot read ${env.AUTH_API_KEYS_FILE} (${(error as Error).message})`);
      return [];
    }
  }
  if (text === undefined) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    problems.push(
      `${source}: not JSON; expected an array of { "name", "key" or "sha256", "roles", "marketplaces"?, "limits"? }`,
    );
    return [];
  }
  const parsed = apiKeyEntries.safeParse(json);
  if (!parsed.success) {
    // Paths and messages only: zod's messages never repeat the value, so no key reaches the log.
    problems.push(...parsed.error.issues.map((issue) => `${source}${issue.path.map(step).join('')}: ${issue.message}`));
    return [];
  }
  if (parsed.data.length === 0) problems.push(`${source}: the array is empty; name at least one key`);
  return parsed.data.map((entry) => ({
    name: entry.name,
    sha256: entry.key === undefined ? Buffer.from(entry.sha256!, 'hex') : sha256(entry.key),
    roles: entry.roles,
    marketplaces: entry.marketplaces,
    ...(entry.limits === undefined ? {} : { limits: entry.limits }),
  }));
}

function readJwt(env: AuthEnvironment, problems: string[]): JwtConfig | undefined {
  const set = (['AUTH_JWKS_URL', 'AUTH_JWT_ISSUER', 'AUTH_JWT_AUDIENCE'] as const).filter(
    (name) => env[name] !== undefined,
  );
  if (set.length === 0) {
    if (env.AUTH_JWT_MARKETPLACES_CLAIM) problems.push('AUTH_JWT_MARKETPLACES_CLAIM is set but AUTH_JWKS_URL is not');
    return undefined;
  }
  if (set.length < 3) {
    // A token checked without its issuer or audience could be one minted for another application.
    problems.push('JWTs need AUTH_JWKS_URL, AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE together');
    return undefined;
  }
  return {
    jwksUrl: env.AUTH_JWKS_URL!,
    issuer: env.AUTH_JWT_ISSUER!,
    audience: env.AUTH_JWT_AUDIENCE!,
    rolesClaim: env.AUTH_JWT_ROLES_CLAIM,
    marketplacesClaim: env.AUTH_JWT_MARKETPLACES_CLAIM,
    refetchIntervalMs: env.AUTH_JWKS_REFETCH_SECONDS * 1000,
  };
}
