import type { ApolloServerPlugin } from '@apollo/server';
import { SpanStatusCode, trace } from '@opentelemetry/api';

// OpenTelemetry's GraphQL attributes are still incubating: written here rather than imported from a module that may
// rename them.
const GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
const GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';

/**
 * Names the span of the HTTP request that carries the operation (src/tracing/route-spans.ts, active while Apollo
 * Server runs it) as OpenTelemetry names a GraphQL operation, `query Orders` (`query` when anonymous), with its type
 * and name. An answer with an error that stands for a 5xx (the gateway's own fault, a marketplace that failed or did
 * not answer) marks the span failed, naming the codes; a client's mistake (4xx) does not.
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
          span.updateName(operationName ? `${type} ${operationName}` : type);
          span.setAttributes({
            [GRAPHQL_OPERATION_TYPE]: type,
            ...(operationName ? { [GRAPHQL_OPERATION_NAME]: operationName } : {}),
          });
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const failures = errors.filter((error) => Number(error.extensions?.httpStatus) >= 500);
          if (failures.length === 0) return;
          const codes = [...new Set(failures.map((error) => String(error.extensions?.code)))];
          span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(', ') });
        },
      };
    },
  };
}
