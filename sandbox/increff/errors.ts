import { MAX_ITEMS_PER_ORDER, type ErrorBody, type ErrorEntry, type IncreffErrorCode } from './wire.js';
import { CodedRefusal, ErrorCodes } from '../shared/error-codes.js';

/**
 * Every code the simulated Increff answers with, its HTTP status and usual sentence (docs/increff.md, "Errors").
 * Increff documents none of this (NOT FOUND); kept in one table so the docs, the simulator and the injected faults
 * agree. Order matters: an injected status takes the first code that carries it (INTERNAL_ERROR when none does).
 */
const CODES = new ErrorCodes<IncreffErrorCode>(
  {
    BAD_DATA: { status: 400, message: 'The request is not valid' },
    UNAUTHORIZED: {
      status: 401,
      message: 'authUsername, authPassword and authDomainName must name a valid client and channel',
    },
    NOT_FOUND: { status: 404, message: 'No such resource' },
    ORDER_NOT_FOUND: { status: 404, message: 'No order with this code' },
    ORDER_ALREADY_EXISTS: { status: 409, message: 'An order with this orderCode already exists' },
    DUPLICATE_CHANNEL_SKU: { status: 400, message: 'Each channelSkuCode may appear only once in an order' },
    ITEM_LIMIT_EXCEEDED: { status: 400, message: `An order takes at most ${MAX_ITEMS_PER_ORDER} items` },
    CHANNEL_SKU_NOT_FOUND: { status: 400, message: 'Unknown channelSkuCode' },
    LOCATION_NOT_FOUND: { status: 400, message: 'Unknown locationCode' },
    INSUFFICIENT_INVENTORY: { status: 409, message: 'Not enough inventory to fulfil the order' },
    ORDER_ITEM_NOT_FOUND: { status: 400, message: 'The order has no such item' },
    INVALID_CANCELLED_QUANTITY: {
      status: 400,
      message: 'cancelledQuantity must lie between the quantity already cancelled and the quantity ordered',
    },
    CANCELLATION_NOT_ALLOWED: { status: 409, message: 'The order is invoiced and can no longer be cancelled' },
    RETURN_ORDER_ALREADY_EXISTS: { status: 409, message: 'A return order with this returnOrderCode already exists' },
    RETURN_NOT_ALLOWED: { status: 409, message: 'Only an order that was handed over can be returned' },
    RETURN_QUANTITY_EXCEEDED: { status: 400, message: 'More units returned than the order shipped' },
    RATE_LIMIT_EXCEEDED: { status: 429, message: 'Too many requests; retry later' },
    INTERNAL_ERROR: { status: 500, message: 'An unexpected error occurred; please try again' },
    SERVICE_UNAVAILABLE: { status: 503, message: 'The service is unavailable; please try again' },
  },
  () => 'INTERNAL_ERROR',
);

/** A refusal in the chosen Increff shape; the app answers it with `status` and `body`. */
export class IncreffError extends CodedRefusal<IncreffErrorCode, ErrorEntry, ErrorBody> {
  constructor(code: IncreffErrorCode, message?: string, errors?: ErrorEntry[]) {
    super(CODES, errorBody, code, message, errors);
  }
}

/** A refusal naming each entry at fault; the first entry's sentence leads, so the message alone says something. */
export function refusal(code: IncreffErrorCode, errors: ErrorEntry[]): IncreffError {
  const [first] = errors;
  const lead =
    first === undefined ? CODES.describe(code) : first.field ? `${first.field}: ${first.message}` : first.message;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new IncreffError(code, `${lead}${more}`, errors);
}

export function errorBody(code: string, message: string, errors?: ErrorEntry[]): ErrorBody {
  return errors === undefined ? { code, message } : { code, message, errors };
}

/** The body of injected faults and rate-limit refusals (the shared TrafficControl's FaultBody). */
export const increffFaultBody = CODES.faultBody(errorBody);
