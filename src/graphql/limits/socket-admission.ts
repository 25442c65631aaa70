import { getOperationAST, GraphQLError, parse, type DocumentNode, type ExecutionArgs } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import type { Caller, OperationGate } from './operation-gate.js';

/**
 * The gate on websockets, as graphql-ws's `onSubscribe`: parses the operation with the same token limit as HTTP,
 * validates it with `validate` (the same rules), and admits it; the errors answer that operation alone, the socket and
 * its other operations going on. A document that does not parse is such an error too (graphql-ws itself would close
 * the socket).
 */
export async function admitOverSocket(
  gate: OperationGate,
  payload: SubscribePayload,
  caller: Caller,
  validate: (document: DocumentNode) => readonly GraphQLError[],
): Promise<ExecutionArgs | readonly GraphQLError[]> {
  let document: DocumentNode;
  try {
    document = parse(payload.query, gate.parseOptions);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return [
      new GraphQLError(error.message, {
        ...(error.source ? { source: error.source } : {}),
        ...(error.positions ? { positions: error.positions } : {}),
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      }),
    ];
  }
  const errors = validate(document);
  if (errors.length > 0) return errors;
  const args: ExecutionArgs = {
    schema: gate.schema,
    document,
    operationName: payload.operationName,
    variableValues: payload.variables,
  };
  const operation = getOperationAST(document, payload.operationName);
  // graphql-ws answers an operation it cannot identify itself.
  if (!operation) return args;
  const refusal = await gate.admit(document, operation, payload.variables, caller);
  return refusal === undefined ? args : [new GraphQLError(refusal.message, { extensions: refusal.extensions })];
}
