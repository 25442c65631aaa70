import { createHash } from 'node:crypto';

/** API keys of the test gateways' callers, one per role and scope (each at least 24 characters). */
export const KEYS = {
  viewer: 'viewer-key-0000000000000000001',
  operator: 'operator-key-00000000000000001',
  /** The operator's rotated key: the same name, configured by its SHA-256 only. */
  operatorRotated: 'operator-key-00000000000000002',
  admin: 'admin-key-000000000000000000001',
  /** An operator limited to noon. */
  noonOperator: 'noon-operator-key-000000000001',
  /** An admin limited to Fruugo. */
  fruugoAdmin: 'fruugo-admin-key-0000000000001',
} as const;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** AUTH_API_KEYS for those keys, as a user would write it. */
export const AUTH_API_KEYS = JSON.stringify([
  { name: 'viewer', key: KEYS.viewer, roles: ['viewer'] },
  { name: 'erp-sync', key: KEYS.operator, roles: ['operator'] },
  { name: 'erp-sync', sha256: sha256(KEYS.operatorRotated), roles: ['operator'] },
  { name: 'admin', key: KEYS.admin, roles: ['admin'] },
  { name: 'noon-ops', key: KEYS.noonOperator, roles: ['operator'], marketplaces: ['NOON'] },
  { name: 'fruugo-admin', key: KEYS.fruugoAdmin, roles: ['admin'], marketplaces: ['FRUUGO'] },
]);

/** The header that presents `credential`. */
export function bearer(credential: string): Record<string, string> {
  return { authorization: `Bearer ${credential}` };
}
