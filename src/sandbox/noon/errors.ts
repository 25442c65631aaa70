import type { ErrorBody, ErrorDetail, InboundErrorCode } from '../../../datasources/noon/inbound/wire.js';

/**
 * Appendix B of the seed: the HTTP status and description of every code. Kept in the appendix's order because
 * `codeForStatus` picks the first code that carries a status.
 */
const APPENDIX_B: Record<InboundErrorCode, { status: number; message: string }> = {
  UNAUTHORIZED: { status: 401, message: 'Missing or invalid authentication token' },
  FORBIDDEN: { status: 403, message: 'Partner does not own this ASN or country mismatch' },
  WRONG_COUNTRY: { status: 403, message: 'Country code in request does not match the authenticated country' },
  ASN_NOT_FOUND: { status: 404, message: 'ASN reference does not exist' },
  VALIDATION_ERROR: { status: 422, message: 'Malformed payload' },
  ITEM_VALIDATION_FAILED: { status: 400, message: 'One or more items failed catalog validation' },
  ITEMS_LIMIT_EXCEEDED: { status: 400, message: 'Request exceeds the maximum of 1,000 items per call' },
  INVALID_ASN_STATUS: { status: 409, message: 'ASN is not in the required status for this operation' },
  CAPACITY_EXCEEDED: { status: 400, message: 'No available capacity for the requested date/slot' },
  CANNOT_CANCEL: { status: 409, message: 'ASN is manifested or inbound has started' },
  CANNOT_RESCHEDULE: { status: 409, message: 'Scheduled slot has already started' },
  RATE_LIMIT_EXCEEDED: { status: 429, message: 'Too many requests. Retry with exponential backoff.' },
  INTERNAL_ERROR: { status: 500, message: 'An unexpected error occurred. Please try again later.' },
};

/** A refusal in noon's terms; the HTTP layer answers it with `status` and `body`. */
export class NoonError extends Error {
  readonly status: number;

  constructor(
    readonly code: InboundErrorCode,
    message: string = APPENDIX_B[code].message,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'NoonError';
    this.status = APPENDIX_B[code].status;
  }

  get body(): ErrorBody {
    return errorBody(this.code, this.message, this.details);
  }
}

/** Appendix C: the first field error doubles as the top-level message (`"message": "field required"`). */
export function validationError(details: Array<{ field: string; message: string }>): NoonError {
  return new NoonError('VALIDATION_ERROR', details[0]?.message, details);
}

export function errorBody(code: string, message: string, details?: ErrorDetail[]): ErrorBody {
  return { detail: details === undefined ? { code, message } : { code, message, details } };
}

function isInboundErrorCode(code: string): code is InboundErrorCode {
  return Object.hasOwn(APPENDIX_B, code);
}

export function describeCode(code: string): string {
  return isInboundErrorCode(code) ? APPENDIX_B[code].message : code;
}

/** Injected faults may name only a status; they answer with the Appendix B code noon uses for it. */
export function codeForStatus(status: number): InboundErrorCode {
  const match = Object.entries(APPENDIX_B).find(([, entry]) => entry.status === status)?.[0];
  return match !== undefined && isInboundErrorCode(match) ? match : 'INTERNAL_ERROR';
}

/** Injected faults and rate-limit refusals in noon's shape; a fault naming only a status gets Appendix B's code for it. */
export function noonFaultBody(status: number, code: string | undefined): ErrorBody {
  const chosen = code ?? codeForStatus(status);
  return errorBody(chosen, describeCode(chosen));
}
