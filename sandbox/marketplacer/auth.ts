import type { IncomingHttpHeaders } from 'node:http';

/**
 * Scopes of an API key: resource × read/write (reference 4). The simulator's choice of names, one per thing the
 * gateway does; docs/marketplacer.md lists which field needs which.
 */
export type Scope = 'products:read' | 'orders:read' | 'orders:write' | 'refunds:write';

export const ALL_SCOPES: readonly Scope[] = ['products:read', 'orders:read', 'orders:write', 'refunds:write'];

export interface ApiKey {
  key: string;
  scopes: ReadonlySet<Scope>;
  /** Refused with 401 "API Token has expired". */
  expired: boolean;
}

export interface AuthSettings {
  keys: ReadonlyMap<string, ApiKey>;
  /** When set, the site sits behind HTTP Basic auth (a staging site): the key then travels in MARKETPLACER-API-KEY. */
  basicAuth: { username: string; password: string } | undefined;
}

export type AuthOutcome =
  { ok: true; key: ApiKey } | { ok: false; message: 'Unauthorized' | 'API Token has expired'; basicChallenge: boolean };

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const unauthorized = (basicChallenge = false): AuthOutcome => ({ ok: false, message: 'Unauthorized', basicChallenge });

/**
 * Who is calling (reference 4): `Authorization: Bearer <key>` or `MARKETPLACER-API-KEY: <key>`, never both; behind
 * Basic auth, `Authorization: Basic …` plus the api-key header.
 */
export function authenticate(headers: IncomingHttpHeaders, settings: AuthSettings): AuthOutcome {
  const authorization = header(headers, 'authorization') ?? '';
  const apiKeyHeader = header(headers, 'marketplacer-api-key');
  let presented: string | undefined;
  if (settings.basicAuth !== undefined) {
    const { username, password } = settings.basicAuth;
    const expected = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
    if (authorization !== expected) return unauthorized(true);
    presented = apiKeyHeader;
  } else {
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    if (bearer !== undefined && apiKeyHeader !== undefined) return unauthorized();
    presented = bearer ?? apiKeyHeader;
  }
  const key = presented === undefined ? undefined : settings.keys.get(presented);
  if (key === undefined) return unauthorized();
  if (key.expired) return { ok: false, message: 'API Token has expired', basicChallenge: false };
  return { ok: true, key };
}
