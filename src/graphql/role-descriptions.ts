import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import type { GraphQLSchema } from 'graphql';
import { requiresRoleDirective } from '../../schema/requires-role.js';

/**
 * Adds "Requires the `operator` role." to the description of every field marked `@requiresRole`: Apollo Sandbox
 * and other explorers show descriptions, not directives, and a reader should see who may call a field where the
 * field is documented.
 */
export function describeRoles(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.ROOT_FIELD]: (field) => {
      const role = getDirective(schema, field, requiresRoleDirective.name)?.[0]?.role as string | undefined;
      if (role === undefined) return field;
      const note = `Requires the \`${role}\` role.`;
      return { ...field, description: field.description ? `${field.description}\n\n${note}` : note };
    },
  });
}
