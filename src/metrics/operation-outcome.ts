import type { GraphQLFormattedError } from 'graphql';

/**
 * How an operation ended, from its answer as the client gets it:
 * - `ok`: no error;
 * - `partial`: errors beside data (a marketplace failed, the others answered);
 * - `client_error`: errors only, each one standing for a 4xx (`extensions.httpStatus`): the request, its caller or a
 *   marketplace refused what was asked (validation, limits, BAD_USER_INPUT, ORDER_NOT_FOUND, a 429);
 * - `server_error`: errors only, one of them a 5xx or without a status: a marketplace down, a fault of the gateway.
 */
export type OperationOutcome = 'ok' | 'partial' | 'client_error' | 'server_error';

/** From better to worse: a subscription's outcome is the worst of its results. */
const SEVERITY: readonly OperationOutcome[] = ['ok', 'partial', 'client_error', 'server_error'];

/** A result as it is sent: `data` (absent or null when nothing ran) and the formatted errors. */
export interface SentResult {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

export function outcomeOf({ data, errors }: SentResult): OperationOutcome {
  if (errors === undefined || errors.length === 0) return 'ok';
  // `{ order: null }` with its error answered nothing: a root field with a value is what makes an answer partial.
  if (data != null && Object.values(data).some((value) => value !== null)) return 'partial';
  const refusedAll = errors.every((error) => {
    const status = error.extensions?.httpStatus;
    return typeof status === 'number' && status < 500;
  });
  return refusedAll ? 'client_error' : 'server_error';
}

/** The worse of two outcomes. */
export function worse(a: OperationOutcome, b: OperationOutcome): OperationOutcome {
  return SEVERITY.indexOf(a) >= SEVERITY.indexOf(b) ? a : b;
}
