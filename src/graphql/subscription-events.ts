import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from './context.js';

/**
 * Resolves each event of a subscription as an operation of its own. A subscription is one operation, with one
 * context for as long as it is open, hours perhaps; its events are resolved one after the other, each starting at
 * the root field. Starting the event there (`GatewayContext.startEvent`) gives what it reads (its order, from the
 * marketplace) the whole REQUEST_DEADLINE_MS, as a query would have, fresh loaders (the stock of the previous event
 * is not this one's) and errors of its own, and lets subscribers of the same order event share its reads.
 */
export function eachEventAfresh(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.SUBSCRIPTION_ROOT_FIELD]: (field) => {
      const resolve: GraphQLFieldResolver<unknown, GatewayContext> = field.resolve ?? defaultFieldResolver;
      const started: GraphQLFieldResolver<unknown, GatewayContext> = (source, args, context, info) => {
        context.startEvent(source);
        return resolve(source, args, context, info);
      };
      return { ...field, resolve: started };
    },
  });
}
