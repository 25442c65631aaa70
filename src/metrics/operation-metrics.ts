import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { getOperationAST } from 'graphql';
import { Histogram, type Registry } from 'prom-client';
import { OperationNames } from './operation-names.js';
import { outcomeOf, type OperationOutcome, type SentResult } from './operation-outcome.js';

/** The label of an operation whose type is not known: its document could not be read as one operation. */
export const UNKNOWN_TYPE = 'unknown';

/** One GraphQL operation as the metrics label it. */
export interface ObservedOperation {
  /** Its name (the document's, else the one the client sent); none for an anonymous operation. */
  name: string | null | undefined;
  /** `query`, `mutation` or `subscription`; undefined when the document could not be read as one operation. */
  type: string | undefined;
}

/**
 * GraphQL operations, on both transports: how long each took and how it ended, by operation name (bounded:
 * OperationNames), type and outcome. The histogram's `_count` is the number of operations.
 */
export class OperationMetrics {
  private readonly names = new OperationNames();
  private readonly duration: Histogram<'operation_name' | 'operation_type' | 'outcome'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'gateway_graphql_operation_duration_seconds',
      help:
        'GraphQL operations, HTTP and websocket, from arrival to answer (a subscription: while it was open), by ' +
        'operation name (the first 100 distinct, then "other"), type and outcome (ok, partial, client_error, server_error)',
      labelNames: ['operation_name', 'operation_type', 'outcome'],
      // Up to REQUEST_DEADLINE_MS's largest useful values; a subscription open longer lands in +Inf.
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
      registers: [registry],
    });
  }

  /** One operation ended after `seconds`, with `outcome`. */
  observe(operation: ObservedOperation, outcome: OperationOutcome, seconds: number): void {
    this.duration.observe(
      {
        operation_name: this.names.label(operation.name),
        operation_type: operation.type ?? UNKNOWN_TYPE,
        outcome,
      },
      seconds,
    );
  }

  /**
   * Apollo Server's side (HTTP): from the request's start to its answer, whatever refused it (parsing, validation,
   * the operation gate). Listed after the plugins that change the answer (partial failures), so it sees what is sent.
   * A document that parsed but failed validation is still named and typed from its text. A request refused before
   * Apollo's pipeline (no credentials, an untrusted document, a body over the limit) is no operation: not counted.
   */
  plugin<Context extends BaseContext>(): ApolloServerPlugin<Context> {
    return {
      requestDidStart: async () => {
        const started = performance.now();
        return {
          willSendResponse: async ({ response, request, operation, document }) => {
            const { body } = response;
            const sent: SentResult = body.kind === 'single' ? body.singleResult : body.initialResult;
            // Apollo resolves the operation only once the document is valid.
            const read = operation ?? (document && getOperationAST(document, request.operationName));
            this.observe(
              { name: read?.name?.value ?? request.operationName, type: read?.operation },
              outcomeOf(sent),
              (performance.now() - started) / 1000,
            );
          },
        };
      },
    };
  }
}
