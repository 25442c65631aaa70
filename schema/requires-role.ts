import { DirectiveLocation, GraphQLDirective, GraphQLEnumType, GraphQLNonNull } from 'graphql';
import { Authorized, Directive } from 'type-graphql';
import { ROLES, type Role } from '../src/auth/role.js';

/** The roles as the SDL names them: `VIEWER`, `OPERATOR`, `ADMIN`. */
const RoleEnum = new GraphQLEnumType({
  name: 'Role',
  description: 'What a caller may do; each role includes the ones before it.',
  values: Object.fromEntries(ROLES.map((role) => [role.toUpperCase(), { value: role }])),
});

/**
 * `@requiresRole(role: OPERATOR)` on a field of the SDL: who may call it, readable by anyone who reads the schema
 * (as Apollo Router's `@requiresScopes` is). The gateway enforces it through type-graphql's `@Authorized`; the
 * directive documents that one rule, it does not add a second.
 */
export const requiresRoleDirective = new GraphQLDirective({
  name: 'requiresRole',
  description: 'The least role a caller needs for this field.',
  locations: [DirectiveLocation.FIELD_DEFINITION],
  args: { role: { type: new GraphQLNonNull(RoleEnum) } },
});

/** Declares the least role a root field needs: enforced by the auth checker, shown in the SDL and the field's description. */
export function RequiresRole(role: Role): MethodDecorator & PropertyDecorator {
  const authorized = Authorized<Role>(role);
  const directive = Directive(`@requiresRole(role: ${role.toUpperCase()})`);
  return (prototype: object, propertyKey: string | symbol, descriptor?: PropertyDescriptor) => {
    authorized(prototype, propertyKey, descriptor!);
    directive(prototype, propertyKey, descriptor!);
  };
}
