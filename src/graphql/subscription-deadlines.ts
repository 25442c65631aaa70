import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from './context.js';

/**
 * Gives each event of a subscription a deadline of its own. A subscription is one operation, with one context (and
 * one deadline) for as long as it is open, hours perhaps; its events are resolved one after the other, each
 * starting at the root field. Restarting the deadline there gives what the event reads (its order, from the
 * marketplace) the whole REQUEST_DEADLINE_MS, as a query would have.
 */
export function deadlinePerEvent(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.SUBSCRIPTION_ROOT_FIELD]: (field) => {
      const resolve: GraphQLFieldResolver<unknown, GatewayContext> = field.resolve ?? defaultFieldResolver;
      const restarted: GraphQLFieldResolver<unknown, GatewayContext> = (source, args, context, info) => {
        context.deadline.restart();
        return resolve(source, args, context, info);
      };
      return { ...field, resolve: restarted };
    },
  });
}
