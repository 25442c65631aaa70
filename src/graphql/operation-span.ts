import type { ApolloServerPlugin } from '@apollo/server';
import { SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import type { GraphQLFormattedError } from 'graphql';

// OpenTelemetry's GraphQL attributes are still incubating: written here rather than imported from a module that may
// rename them.
const GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
const GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';

/** An operation's span name as OpenTelemetry names a GraphQL operation: `query Orders` (`query` when anonymous). */
export function operationSpanName(type: string, name: string | undefined): string {
  return name ? `${type} ${name}` : type;
}

/** An operation span's type and name. */
export function operationAttributes(type: string, name: string | undefined): Attributes {
  return { [GRAPHQL_OPERATION_TYPE]: type, ...(name ? { [GRAPHQL_OPERATION_NAME]: name } : {}) };
}

/**
 * Marks an operation's span failed when its answer carries an error that stands for a 5xx (the gateway's own fault, a
 * marketplace that failed or did not answer), naming the codes; a client's mistake (4xx) does not.
 */
export function markServerFailures(span: Span, errors: readonly GraphQLFormattedError[]): void {
  const failures = errors.filter((error) => Number(error.extensions?.httpStatus) >= 500);
  if (failures.length === 0) return;
  const codes = [...new Set(failures.map((error) => String(error.extensions?.code)))];
  span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(', ') });
}

/**
 * Names the span of the HTTP request that carries the operation (src/tracing/route-spans.ts, active while Apollo
 * Server runs it) as an operation's (`operationSpanName`), with its type and name, and marks it failed as
 * `markServerFailures` says. Operations over websockets have spans of their own (socket-operation-spans.ts).
 */
export function operationSpanPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const span = trace.getActiveSpan();
      if (span === undefined) return undefined;
      return {
        async didResolveOperation({ operation, operationName }) {
          // Resolved: Apollo Server calls this hook once it has found the operation to run.
          const type = operation?.operation ?? 'unknown';
          span.updateName(operationSpanName(type, operationName ?? undefined));
          span.setAttributes(operationAttributes(type, operationName ?? undefined));
        },
        async willSendResponse({ response }) {
          markServerFailures(span, response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : []);
        },
      };
    },
  };
}
