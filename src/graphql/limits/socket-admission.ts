import { getOperationAST, GraphQLError } from 'graphql';
import type { ReadOperation } from '../socket-input.js';
import type { Caller, OperationGate } from './operation-gate.js';

/**
 * The gate on websockets, from graphql-ws's `onSubscribe` once the operation is parsed (with the same token limit
 * as HTTP) and validated: undefined to run it, or the error that answers that operation alone, the socket and its
 * other operations going on.
 */
export async function admitOverSocket(
  gate: OperationGate,
  { document, operationName, variableValues }: ReadOperation,
  caller: Caller,
): Promise<readonly GraphQLError[] | undefined> {
  const operation = getOperationAST(document, operationName);
  // graphql-ws answers an operation it cannot identify itself.
  if (!operation) return undefined;
  const refusal = await gate.admit(document, operation, variableValues, caller);
  return refusal && [new GraphQLError(refusal.message, { extensions: refusal.extensions })];
}
