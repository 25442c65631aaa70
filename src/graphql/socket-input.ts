import { GraphQLError, parse, type DocumentNode, type GraphQLSchema, type ParseOptions, type validate } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';

/** What graphql-ws needs to run an operation that reads as a GraphQL operation of this schema. */
export interface ReadOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: string | null | undefined;
  variableValues: Record<string, unknown> | null | undefined;
}

/**
 * A `subscribe` message's operation, parsed and validated, or the errors that make it no operation: a syntax error
 * (GRAPHQL_PARSE_FAILED, as over HTTP) or validation errors. graphql-ws sends these as an `error` message for that
 * operation alone. Left to graphql-ws, a syntax error escaped its handler and closed the socket with 4500, every
 * other subscription on it included.
 */
export function readOperation(
  schema: GraphQLSchema,
  validateWith: typeof validate,
  payload: SubscribePayload,
  /** As over HTTP: the token limit. */
  parseOptions: ParseOptions,
): ReadOperation | GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(payload.query, parseOptions);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const { source, positions } = error;
    return [new GraphQLError(error.message, { source, positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
  }
  const invalid = validateWith(schema, document);
  if (invalid.length > 0) return [...invalid];
  return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
}

/** Messages only a server sends (graphql-transport-ws); the protocol has clients send none of them. */
const SERVER_MESSAGES: ReadonlySet<unknown> = new Set(['connection_ack', 'next', 'error']);

/**
 * graphql-ws's JSON reviver, which JSON.parse calls last with the key "" for the whole message: a message of a type
 * only a server sends is refused as the protocol prescribes for a message it does not specify, 4400 (graphql-ws
 * closes the socket with it when parsing throws). graphql-ws itself accepted these as messages and then failed on
 * them with 4500, as if the gateway were at fault. (An object inside a message under the key "" is seen here too;
 * one whose `type` reads as a server's message would be refused as well, which no GraphQL client sends.)
 */
export function refuseServerMessages(key: string, value: unknown): unknown {
  const root = key === '' && typeof value === 'object' && value !== null;
  if (root && SERVER_MESSAGES.has((value as { type?: unknown }).type)) {
    throw new Error(`a client does not send "${String((value as { type: unknown }).type)}" messages`);
  }
  return value;
}
