import type { DestinationErrorCode, ErrorBody, ErrorDetail, FbpiErrorCode, InboundErrorCode } from './wire.js';
import { CodedRefusal, ErrorCodes } from '../shared/error-codes.js';

/**
 * Every code the simulated noon answers with: Appendix B of seed 001, then the FBPI and destination codes of
 * docs/noon-fbpi.md.
 */
export type NoonErrorCode = InboundErrorCode | FbpiErrorCode | DestinationErrorCode;

/**
 * Appendix B of the seed: the HTTP status and description of every code. Kept in the appendix's order because an
 * injected status takes the first code that carries it.
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

/** The FBPI refusals (docs/noon-fbpi.md); after Appendix B so an injected status keeps Appendix B's code. */
const FBPI_CODES: Record<FbpiErrorCode, { status: number; message: string }> = {
  ORDER_NOT_FOUND: { status: 404, message: 'FBPI order does not exist' },
  ORDER_ITEM_NOT_FOUND: { status: 400, message: 'One or more items are not part of the order' },
  INVALID_ITEM_STATUS: { status: 409, message: 'One or more items are not in the required status for this operation' },
  INVALID_ORDER_STATUS: { status: 409, message: 'The order has no item this operation can change' },
  WAREHOUSE_NOT_FOUND: { status: 404, message: 'Warehouse does not exist' },
  SHIPMENT_NOT_FOUND: { status: 404, message: 'Shipment does not exist in this warehouse' },
  SHIPMENT_ALREADY_EXISTS: { status: 409, message: 'integration_shipment_nr is already used by another shipment' },
  INVALID_SHIPMENT_STATUS: { status: 409, message: 'The shipment is cancelled' },
  INVALID_AWB: { status: 400, message: 'One or more AWBs cannot be used' },
};

/** The destination API's refusals (docs/noon-fbpi.md, "Webhooks"). */
const DESTINATION_CODES: Record<DestinationErrorCode, { status: number; message: string }> = {
  DESTINATION_NOT_FOUND: { status: 404, message: 'Destination does not exist' },
  DESTINATION_LIMIT_EXCEEDED: { status: 409, message: 'The project already has the most destinations allowed' },
};

/** A status no code carries is answered as INTERNAL_ERROR. */
const CODES = new ErrorCodes<NoonErrorCode>(
  { ...APPENDIX_B, ...FBPI_CODES, ...DESTINATION_CODES },
  () => 'INTERNAL_ERROR',
);

/** A refusal in noon's terms; the HTTP layer answers it with `status` and `body`. */
export class NoonError extends CodedRefusal<NoonErrorCode, ErrorDetail, ErrorBody> {
  constructor(code: NoonErrorCode, message?: string, details?: ErrorDetail[]) {
    super(CODES, errorBody, code, message, details);
  }
}

/** Appendix C: the first field error doubles as the top-level message (`"message": "field required"`). */
export function validationError(details: Array<{ field: string; message: string }>): NoonError {
  return new NoonError('VALIDATION_ERROR', details[0]?.message, details);
}

export function errorBody(code: string, message: string, details?: ErrorDetail[]): ErrorBody {
  return { detail: details === undefined ? { code, message } : { code, message, details } };
}

/** Injected faults and rate-limit refusals in noon's shape; a fault naming only a status gets Appendix B's code for it. */
export const noonFaultBody = CODES.faultBody(errorBody);
