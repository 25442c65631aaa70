import { Schema } from 'mongoose';
import { OrderErrorType, type OrderError } from '../../domain/order-error.js';
import { textAllowingEmpty } from './text-path.js';

/**
 * The errors marketplaces reported about one order, in one document per order. Appending with `$push` keeps them
 * in the order they were added whichever instance adds them, with no sequence to allocate.
 */
export interface OrderErrorsDocument {
  /** The order's global id. */
  _id: string;
  reported: OrderError[];
}

const orderErrorSchema = new Schema<OrderError>(
  {
    type: { type: String, enum: Object.values(OrderErrorType), required: true },
    message: textAllowingEmpty('message'),
    field: { type: String, default: null },
    correlationId: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { _id: false },
);

export const orderErrorsSchema = new Schema<OrderErrorsDocument>(
  {
    _id: { type: String, required: true },
    reported: [orderErrorSchema],
  },
  { collection: 'orderErrors', versionKey: false },
);

export function toOrderError(stored: OrderError): OrderError {
  return {
    type: stored.type,
    message: stored.message,
    field: stored.field ?? null,
    correlationId: stored.correlationId ?? null,
    createdAt: stored.createdAt,
  };
}
