import { createHash, timingSafeEqual } from 'node:crypto';
import type { Marketplace } from '../domain/marketplace.js';
import type { CallerLimitsOverride } from './caller-limits.js';
import type { Principal } from './principal.js';
import type { Role } from './role.js';

/** One entry of AUTH_API_KEYS: a secret (or its SHA-256) and what its holder may do. */
export interface ApiKeyEntry {
  /** Who holds it, e.g. `erp-sync`; entries sharing a name are rotations of one caller. */
  name: string;
  /** SHA-256 of the key's UTF-8 bytes: entries given as `key` are hashed at start, so only digests stay in memory. */
  sha256: Buffer;
  roles: readonly Role[];
  /** Undefined: every marketplace. */
  marketplaces: readonly Marketplace[] | undefined;
  /** The limits its holder has instead of the defaults (README, Limits); undefined: the defaults. */
  limits?: CallerLimitsOverride;
}

/** The shortest key accepted: 24 random characters are beyond guessing, a short one is a password. */
export const MIN_API_KEY_LENGTH = 24;

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * The configured API keys. A presented key is hashed and compared with every entry's digest in constant time, and
 * every entry is compared whatever matched, so neither the time taken nor the order of entries tells an attacker
 * how close a guess came or which entry exists.
 */
export class ApiKeyRing {
  constructor(private readonly entries: readonly ApiKeyEntry[]) {}

  get size(): number {
    return this.entries.length;
  }

  /** The caller holding `key`, or undefined when no entry has it. */
  principalFor(key: string): Principal | undefined {
    const digest = sha256(key);
    let found: ApiKeyEntry | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.sha256, digest) && found === undefined) found = entry;
    }
    if (found === undefined) return undefined;
    return {
      kind: 'API_KEY',
      subject: found.name,
      name: found.name,
      roles: found.roles,
      marketplaces: found.marketplaces,
      expiresAt: undefined,
      ...(found.limits === undefined ? {} : { limits: found.limits }),
    };
  }
}
