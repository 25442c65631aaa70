import { GraphQLError } from 'graphql';
import type { FaultBody } from '../shared/traffic.js';

/**
 * Marketplacer's refusals are GraphQL-shaped: `{errors:[{message, extensions:{code}}]}`, at the HTTP level (401,
 * 429, 503) and inside a 200 answer alike. The codes and messages beyond "Unauthorized", "API Token has expired"
 * and MISSING_SCOPE are our choice (docs/marketplacer.md).
 */
export interface ErrorBody {
  errors: Array<{ message: string; extensions: { code: string } }>;
}

export function errorBody(message: string, code: string): ErrorBody {
  return { errors: [{ message, extensions: { code } }] };
}

const MESSAGES: Record<string, string> = {
  UNAUTHORIZED: 'Unauthorized',
  RATE_LIMIT_EXCEEDED: 'Too many requests; retry after the time in Retry-After',
  INTERNAL_SERVER_ERROR: 'Internal server error',
  SERVICE_UNAVAILABLE: 'Service unavailable; retry after the time in Retry-After',
};

function codeForStatus(status: number): string {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 429) return 'RATE_LIMIT_EXCEEDED';
  if (status === 503) return 'SERVICE_UNAVAILABLE';
  return status >= 500 ? 'INTERNAL_SERVER_ERROR' : `HTTP_${status}`;
}

/** Injected faults and rate-limit refusals; a fault naming only a status gets the code usual for it. */
export const marketplacerFaultBody: FaultBody = (status, code) => {
  const chosen = code ?? codeForStatus(status);
  return errorBody(MESSAGES[chosen] ?? chosen, chosen);
};

/** The key lacks the scope a field needs; the field answers null with this error. */
export function missingScope(scope: string): GraphQLError {
  return new GraphQLError(`This API key does not have the ${scope} scope`, { extensions: { code: 'MISSING_SCOPE' } });
}

/** An argument the schema accepts by type but the API does not (a negative `first`, a foreign cursor). */
export function argumentError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'ARGUMENT_ERROR' } });
}
