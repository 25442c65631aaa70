import { GraphQLError } from 'graphql';
import { ErrorCodes } from '../shared/error-codes.js';

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

/** The codes of refusals at the HTTP level; another 5xx is an INTERNAL_SERVER_ERROR, another 4xx `HTTP_<status>`. */
/** A request the simulator cannot read: the app answers it 400 BAD_REQUEST with this message, GraphQL-shaped. */
export class BadRequest extends Error {
  override readonly name = 'BadRequest';
  readonly statusCode = 400;
}

const CODES = new ErrorCodes(
  {
    UNAUTHORIZED: { status: 401, message: 'Unauthorized' },
    RATE_LIMIT_EXCEEDED: { status: 429, message: 'Too many requests; retry after the time in Retry-After' },
    INTERNAL_SERVER_ERROR: { status: 500, message: 'Internal server error' },
    SERVICE_UNAVAILABLE: { status: 503, message: 'Service unavailable; retry after the time in Retry-After' },
  },
  (status) => (status >= 500 ? 'INTERNAL_SERVER_ERROR' : `HTTP_${status}`),
);

/** Injected faults and rate-limit refusals; a fault naming only a status gets the code usual for it. */
export const marketplacerFaultBody = CODES.faultBody((code, message) => errorBody(message, code));

/** The key lacks the scope a field needs; the field answers null with this error. */
export function missingScope(scope: string): GraphQLError {
  return new GraphQLError(`This API key does not have the ${scope} scope`, { extensions: { code: 'MISSING_SCOPE' } });
}

/** An argument the schema accepts by type but the API does not (a negative `first`, a foreign cursor). */
export function argumentError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'ARGUMENT_ERROR' } });
}
