import type { ErrorBody, FieldError, GeneralError } from './wire.js';
import { ErrorCodes } from '../shared/error-codes.js';

/**
 * Refusals that Fruugo documents only by status (401, 429, 5xx): our code and wording, in the same array shape
 * as its 400 field errors (docs/fruugo.md). Another status is a BAD_REQUEST, or an INTERNAL_ERROR from 500 up.
 */
const GENERAL = new ErrorCodes(
  {
    BAD_REQUEST: { status: 400, message: 'The request could not be read' },
    UNAUTHORIZED: { status: 401, message: 'Full authentication is required to access this resource' },
    FORBIDDEN: { status: 403, message: 'Access is denied' },
    NOT_FOUND: { status: 404, message: 'No such resource' },
    RATE_LIMIT_EXCEEDED: { status: 429, message: 'Request has been rejected due to exceeding rate limit' },
    INTERNAL_ERROR: { status: 500, message: 'An unexpected error occurred' },
    BAD_GATEWAY: { status: 502, message: 'Bad gateway' },
    SERVICE_UNAVAILABLE: { status: 503, message: 'The service is temporarily unavailable' },
    GATEWAY_TIMEOUT: { status: 504, message: 'Gateway timeout' },
  },
  (status) => (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST'),
);

/** A refusal in Fruugo's terms; the HTTP layer answers it with `status`, `body` and `headers`. */
export class FruugoRefusal extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.map((entry) => entry.message).join('; '));
    this.name = 'FruugoRefusal';
  }
}

/** 400 with one `{type:"field", field, message}` per problem, as in seed 004. */
export function fieldErrors(problems: ReadonlyArray<{ field: string; message: string }>): FruugoRefusal {
  return new FruugoRefusal(
    400,
    problems.map((problem): FieldError => ({ type: 'field', field: problem.field, message: problem.message })),
  );
}

/** The status's own code and wording, unless named: a named code keeps the status's wording. */
export function generalError(status: number, code?: string, message?: string): GeneralError {
  const known = GENERAL.forStatus(status);
  return { type: 'error', code: code ?? known, message: message ?? GENERAL.describe(known) };
}

/** Seed 004's example of a 400 body. */
export const SEED_400_BODY: FieldError[] = [
  { type: 'field', field: 'productId', message: 'must not be null' },
  { type: 'field', field: 'skuIds', message: 'size must be between 1 and 200' },
];

/**
 * Injected faults and rate-limit refusals, in the same shape as every other refusal; an injected 400 that names
 * no code answers the seed's example body, so the client's handling of field errors can be tried on any call.
 */
export function fruugoFaultBody(status: number, code: string | undefined): ErrorBody {
  if (status === 400 && code === undefined) return SEED_400_BODY.map((entry) => ({ ...entry }));
  return [generalError(status, code)];
}
