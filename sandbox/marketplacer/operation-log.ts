import type { LoggedRequest, RequestDescriber } from '../shared/request-log.js';

/** One request to the GraphQL endpoint, named by its operation so tests can count the calls of each. */
export interface RecordedOperation extends LoggedRequest {
  /** `operationName`, else the name in the document; null for an anonymous operation or an unreadable body. */
  operationName: string | null;
  /** The request's `variables` (a page's `first`, a filter), null when it has none or the body is unreadable. */
  variables: Record<string, unknown> | null;
  /** `extensions.code` of each error in the answer (MISSING_SCOPE, RATE_LIMIT_EXCEEDED...). */
  errorCodes: string[];
}

function operationNameOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const { operationName, query } = body as { operationName?: unknown; query?: unknown };
  if (typeof operationName === 'string' && operationName !== '') return operationName;
  return typeof query === 'string' ? (/\b(?:query|mutation)\s+([_A-Za-z]\w*)/.exec(query)?.[1] ?? null) : null;
}

function variablesOf(body: unknown): Record<string, unknown> | null {
  if (typeof body !== 'object' || body === null) return null;
  const { variables } = body as { variables?: unknown };
  return typeof variables === 'object' && variables !== null && !Array.isArray(variables)
    ? (variables as Record<string, unknown>)
    : null;
}

type ErrorEntry = { message?: unknown; extensions?: { code?: unknown } } | null;

/** `extensions.code` of each error of the answer (an object with a message) that has one. */
function errorCodesOf(payload: unknown): string[] {
  if (typeof payload !== 'string' || !payload.includes('"errors"')) return [];
  let errors: unknown;
  try {
    ({ errors } = (JSON.parse(payload) ?? {}) as { errors?: unknown });
  } catch {
    return [];
  }
  if (!Array.isArray(errors)) return [];
  return (errors as ErrorEntry[]).flatMap((error) => {
    if (typeof error !== 'object' || error === null || typeof error.message !== 'string') return [];
    const code = error.extensions?.code;
    return typeof code === 'string' ? [code] : [];
  });
}

/**
 * A request to the simulated API as the operation log keeps it, named once its body is read (the log runs as a
 * preHandler, before the rate limit and faults so refused calls count too), with the error codes of its answer.
 */
export const graphqlOperation: RequestDescriber<RecordedOperation> = {
  received: (request) => ({
    operationName: operationNameOf(request.body),
    variables: variablesOf(request.body),
    status: 0,
    errorCodes: [],
  }),
  answered: (entry, payload) => {
    entry.errorCodes = errorCodesOf(payload);
  },
};
