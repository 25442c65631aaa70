/**
 * What a caller may do. Each role includes the ones before it: an operator may do everything a viewer may, an admin
 * everything an operator may.
 * - `viewer`: every query and subscription.
 * - `operator`: also every order, inbound, stock and price mutation.
 * - `admin`: also raw webhook events, their replay, and the audit log.
 */
export const ROLES = ['viewer', 'operator', 'admin'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether roles held grant `needed` (the highest held counts). */
export function grants(held: readonly Role[], needed: Role): boolean {
  const rank = ROLES.indexOf(needed);
  return held.some((role) => ROLES.indexOf(role) >= rank);
}
