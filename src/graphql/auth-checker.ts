import type { AuthCheckerFn } from 'type-graphql';
import type { Principal } from '../auth/principal.js';
import { grants, type Role } from '../auth/role.js';
import { Forbidden } from '../domain/errors.js';
import type { GatewayContext } from './context.js';

/**
 * FORBIDDEN, naming the role `what` needs, unless `principal` holds one of `roles`: for a root field (`@RequiresRole`,
 * below), and for what one field answers about objects of several kinds (`node(id:)`: a webhook event is an admin's).
 */
export function requireRole(principal: Principal, roles: readonly Role[], what: string): void {
  if (roles.some((role) => grants(principal.roles, role))) return;
  const held = principal.roles.length > 0 ? principal.roles.join(', ') : 'no role';
  throw new Forbidden(`${what} needs the ${roles.join(' or ')} role; ${principal.subject} has ${held}`);
}

/**
 * type-graphql's check of `@RequiresRole`: the field answers FORBIDDEN (not type-graphql's generic refusal), naming
 * the role it needs, and the rest of the operation still answers.
 */
export const authChecker: AuthCheckerFn<GatewayContext, Role> = ({ context, info }, roles) => {
  requireRole(context.principal, roles, info.fieldName);
  return true;
};
