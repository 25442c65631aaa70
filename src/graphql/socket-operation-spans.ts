import { ROOT_CONTEXT, SpanKind, type Tracer } from '@opentelemetry/api';
import { getOperationAST, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { publicationOf } from '../tracing/event-publications.js';
import { inSpan } from '../tracing/spans.js';
import { formatGraphQLError, type ErrorFormatter } from './client-errors.js';
import type { GatewayContext } from './context.js';
import { markServerFailures, operationAttributes, operationSpanName } from './operation-span.js';

// Incubating in OpenTelemetry's conventions, as the GraphQL attributes are: written here.
const NETWORK_PROTOCOL_NAME = 'network.protocol.name';

/**
 * What runs an execution of `args` inside its span: a query, a mutation, or one `event` of a subscription, whose span
 * links to the one it was published in.
 */
export type TracedExecution = (
  args: ExecutionArgs,
  run: () => Promise<ExecutionResult>,
  event?: unknown,
) => Promise<ExecutionResult>;

/**
 * The spans of GraphQL over websockets, named as over HTTP (`query Orders`, src/graphql/operation-span.ts) with
 * `network.protocol.name` websocket: a query or a mutation is one server span; each event of a subscription, executed
 * once for the subscribers sharing it, one consumer span `subscription OrderEvents`. A websocket message carries no
 * `traceparent`, so each begins a trace of its own; the marketplace and store calls it makes are its children. An
 * event's span links to the span it was published in (a webhook's application, a mutation), on whichever instance. A span is failed as over HTTP: an error of its answer that stands for a 5xx, the marketplaces that failed
 * inside it included.
 */
export function socketOperationSpans(
  tracer: Tracer,
  formatError: ErrorFormatter,
): Record<'operation' | 'event', TracedExecution> {
  const traced =
    (kind: SpanKind): TracedExecution =>
    (args, run, event) => {
      const operation = getOperationAST(args.document, args.operationName);
      const type = operation?.operation ?? 'unknown';
      const name = operation?.name?.value;
      const attributes = { ...operationAttributes(type, name), [NETWORK_PROTOCOL_NAME]: 'websocket' };
      const published = publicationOf(event);
      const links = published === undefined ? [] : [{ context: published }];
      return inSpan(tracer, operationSpanName(type, name), { kind, attributes, links }, ROOT_CONTEXT, async (span) => {
        const result = await run();
        if (span.isRecording()) {
          // The failures still on the context are a query's (the transport adds them to its answer after this); an
          // event's were taken into its result.
          const pending = (args.contextValue as GatewayContext).partialFailures.errors();
          const errors = [...(result.errors ?? []), ...pending];
          markServerFailures(
            span,
            errors.map((error) => formatGraphQLError(formatError, error)),
          );
        }
        return result;
      });
    };
  return { operation: traced(SpanKind.SERVER), event: traced(SpanKind.CONSUMER) };
}
