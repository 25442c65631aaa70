import type { Marketplace } from '../domain/marketplace.js';
import type { PrincipalKind } from '../store/callback-store.js';
import type { CallerLimitsOverride } from './caller-limits.js';
import { ROLES, type Role } from './role.js';

/** Who is calling, as established once per HTTP request or websocket connection, and what they may touch. */
export interface Principal {
  kind: PrincipalKind;
  /** Stable identity: an API key's name (shared by its rotations), or a JWT's `sub`. */
  subject: string;
  /** For people reading the audit log: the JWT's `name` claim; null when there is none. */
  name: string | null;
  roles: readonly Role[];
  /** The marketplaces this caller may see and change; undefined: all of them. */
  marketplaces: readonly Marketplace[] | undefined;
  /** When the credential stops being valid (a JWT's `exp`); a websocket is closed then. */
  expiresAt: Date | undefined;
  /** Limits of its own instead of the defaults (an API key's `limits`); absent: the defaults (README, Limits). */
  limits?: CallerLimitsOverride;
}

/**
 * The caller of a gateway that authenticates nobody itself: development with no authentication configured, or
 * `AUTH=none` behind a proxy that does. It may do everything.
 */
export const UNAUTHENTICATED_CALLER: Principal = {
  kind: 'ANONYMOUS',
  subject: 'anonymous',
  name: null,
  roles: ROLES,
  marketplaces: undefined,
  expiresAt: undefined,
};
