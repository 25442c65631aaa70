import type { AuthCheckerFn } from 'type-graphql';
import { grants, type Role } from '../auth/role.js';
import { Forbidden } from '../domain/errors.js';
import type { GatewayContext } from './context.js';

/**
 * type-graphql's check of `@RequiresRole`: the field answers FORBIDDEN (not type-graphql's generic refusal), naming
 * the role it needs, and the rest of the operation still answers.
 */
export const authChecker: AuthCheckerFn<GatewayContext, Role> = ({ context, info }, roles) => {
  const { principal } = context;
  if (roles.some((role) => grants(principal.roles, role))) return true;
  const held = principal.roles.length > 0 ? principal.roles.join(', ') : 'no role';
  throw new Forbidden(`${info.fieldName} needs the ${roles.join(' or ')} role; ${principal.subject} has ${held}`);
};
