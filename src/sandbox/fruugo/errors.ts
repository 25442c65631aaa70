import type { ErrorBody, FieldError, GeneralError } from '../../../datasources/fruugo/wire.js';

/**
 * Refusals that Fruugo documents only by status (401, 429, 5xx): our code and wording, in the same array shape
 * as its 400 field errors (docs/fruugo.md).
 */
const GENERAL: Record<number, { code: string; message: string }> = {
  400: { code: 'BAD_REQUEST', message: 'The request could not be read' },
  401: { code: 'UNAUTHORIZED', message: 'Full authentication is required to access this resource' },
  403: { code: 'FORBIDDEN', message: 'Access is denied' },
  404: { code: 'NOT_FOUND', message: 'No such resource' },
  429: { code: 'RATE_LIMIT_EXCEEDED', message: 'Request has been rejected due to exceeding rate limit' },
  500: { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' },
  502: { code: 'BAD_GATEWAY', message: 'Bad gateway' },
  503: { code: 'SERVICE_UNAVAILABLE', message: 'The service is temporarily unavailable' },
  504: { code: 'GATEWAY_TIMEOUT', message: 'Gateway timeout' },
};

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

export function generalError(status: number, code?: string, message?: string): GeneralError {
  const known = GENERAL[status] ?? GENERAL[status >= 500 ? 500 : 400]!;
  return { type: 'error', code: code ?? known.code, message: message ?? known.message };
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
