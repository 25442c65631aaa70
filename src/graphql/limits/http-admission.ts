import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.js';
import type { OperationGate } from './operation-gate.js';
import type { Refusal } from './refusal.js';

/** The refusal as Apollo Server answers it: the error, its HTTP status, and `Retry-After` when rate limited. */
function httpError(refusal: Refusal): GraphQLError {
  const headers = new HeaderMap();
  if (refusal.retryAfterSeconds !== undefined) headers.set('retry-after', String(refusal.retryAfterSeconds));
  return new GraphQLError(refusal.message, {
    extensions: { ...refusal.extensions, http: { status: refusal.httpStatus, headers } },
  });
}

/**
 * The gate on HTTP: Apollo Server's `didResolveOperation`, the first hook that has the parsed and validated document
 * and the variables, and the last before execution; an error thrown there is the whole answer.
 */
export function httpAdmission(gate: OperationGate): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, contextValue }) {
          // No operation to run: Apollo Server answers that itself.
          if (operation === undefined) return;
          const caller = { principal: contextValue.principal, address: contextValue.address };
          const refusal = await gate.admit(document, operation, request.variables, caller);
          if (refusal !== undefined) throw httpError(refusal);
        },
      };
    },
  };
}
