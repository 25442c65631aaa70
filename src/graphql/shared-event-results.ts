import { isAsyncIterable, mapAsyncIterator } from '@graphql-tools/utils';
import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Principal } from '../auth/principal.js';
import type { GatewayContext } from './context.js';
import type { TracedExecution } from './socket-operation-spans.js';

/**
 * What makes two subscribers' results of one event the same: the operation (its text, name and variables) and what
 * the caller may see (roles decide which fields answer, marketplaces which orders and stock). Nothing else of the
 * caller is read by the fields a subscription reaches; a field that reads more of the principal (its subject, say)
 * must add it here. Undefined (no sharing) for a document parsed without its text.
 */
export function sharingKey(args: ExecutionArgs, principal: Principal): string | undefined {
  const text = args.document.loc?.source.body;
  if (text === undefined) return undefined;
  return JSON.stringify([
    text,
    args.operationName ?? null,
    args.variableValues ?? null,
    [...principal.roles].sort(),
    principal.marketplaces === undefined ? null : [...principal.marketplaces].sort(),
  ]);
}

/** One event executed on `context`, with the marketplaces that failed inside it among its errors. */
async function executeEvent(args: ExecutionArgs, event: unknown, context: GatewayContext): Promise<ExecutionResult> {
  const result = await execute({ ...args, rootValue: event });
  // Taken into the result here, not by the transport from the context: the subscribers sharing this result never
  // executed it, so their contexts hold none of its failures.
  const failures = context.partialFailures.take();
  return failures.length === 0 ? result : { ...result, errors: [...(result.errors ?? []), ...failures] };
}

/**
 * graphql-ws's `subscribe`: graphql-js's own, except that each event is executed once for all the subscribers
 * sharing its key (src/events/shared-event-work.ts) rather than once each. Every subscriber still has its own source
 * stream (its filter, its `since` replay, its queue) and its own context, which the shared result reaches only
 * through the transport (each subscriber's request id on its errors). `traced` runs each execution in its span.
 */
export async function subscribeSharingResults(
  args: ExecutionArgs,
  traced: TracedExecution = (_args, run) => run(),
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const stream = await createSourceEventStream(args);
  if (!isAsyncIterable(stream)) return stream;
  const context = args.contextValue as GatewayContext;
  const key = sharingKey(args, context.principal);
  return mapAsyncIterator(stream, (event: unknown) =>
    context.resultOfEvent(event, key, () => traced(args, () => executeEvent(args, event, context), event)),
  );
}
