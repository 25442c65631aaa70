import type { Principal } from './principal.js';

/**
 * Who is calling, as limits count callers: an API key's name or a token's subject (each rotation of a key is the
 * same caller), and for a caller who did not authenticate (development, or `AUTH=none` behind a proxy) the address
 * the request came from, so that one anonymous client cannot spend what every other one is owed.
 */
export function callerOf(principal: Principal, address: string): string {
  return principal.kind === 'ANONYMOUS' ? `address:${address}` : `${principal.kind.toLowerCase()}:${principal.subject}`;
}
