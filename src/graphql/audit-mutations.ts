import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { NewAuditEntry } from '../store/callback-store.js';
import type { GatewayContext } from './context.js';
import { errorCode } from './errors.js';

/** Argument names whose values never reach the audit log. */
const SECRET = /pass(word)?|secret|token|authorization|api_?key|credential/i;

/** Lists longer than this are cut in the log (a 2,500-item ASN update), keeping the first items and a count. */
const LONGEST_LIST = 100;

/** What the audit log keeps of an argument value: JSON, secrets replaced, long lists cut. */
export function recordable(value: unknown, key = ''): unknown {
  if (SECRET.test(key)) return '[redacted]';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const kept = value.slice(0, LONGEST_LIST).map((item) => recordable(item));
    return value.length > LONGEST_LIST ? [...kept, `… ${value.length - LONGEST_LIST} more`] : kept;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, recordable(item, name)]));
  }
  return value;
}

/**
 * Records every root mutation field in the audit log: who, what, when, the request id and the outcome (SUCCESS,
 * or the code the caller got, FORBIDDEN included). It wraps the schema's mutation resolvers, so HTTP and
 * websockets are audited alike and no mutation added later can be forgotten.
 *
 * The entry is written after the mutation: a marketplace that has made the change must not see it reported as
 * failed because the log could not be written, so such a failure is logged (with the whole entry) instead.
 */
export function auditMutations(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.MUTATION_ROOT_FIELD]: (field, fieldName) => {
      const resolve: GraphQLFieldResolver<unknown, GatewayContext> = field.resolve ?? defaultFieldResolver;
      const audited: GraphQLFieldResolver<unknown, GatewayContext> = async (source, args, context, info) => {
        const record = (outcome: string) => {
          const entry: NewAuditEntry = {
            principal: {
              kind: context.principal.kind,
              subject: context.principal.subject,
              name: context.principal.name,
            },
            operationName: info.operation.name?.value ?? null,
            field: fieldName,
            arguments: recordable(args) as Record<string, unknown>,
            requestId: context.requestId,
            outcome,
            transport: context.transport,
            at: new Date(),
          };
          return context.store.appendAuditEntry(entry).then(
            () => undefined,
            (error: unknown) => context.log.error({ err: error, audit: entry }, 'audit entry not recorded'),
          );
        };
        try {
          const result: unknown = await resolve(source, args, context, info);
          await record('SUCCESS');
          return result;
        } catch (error) {
          await record(errorCode(error));
          throw error;
        }
      };
      return { ...field, resolve: audited };
    },
  });
}
