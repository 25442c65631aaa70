import { Schema } from 'mongoose';
import { OrderErrorType, type OrderError } from '../../domain/order-error.js';
import { textAllowingEmpty } from './text-path.js';

/**
 * One error a marketplace reported about an order: a document per error, numbered per order from 1. The unique
 * (orderId, position) index makes an insert claim its position, so errors added at the same moment, on one instance
 * or several, are all kept and read back in the order they were stored. (One array per order appended with `$push`
 * did that on MongoDB, but FerretDB 1.24 runs `$push` as a read then a write, and lost errors added at once.)
 */
export interface OrderErrorDocument extends OrderError {
  /** The order's global id. */
  orderId: string;
  position: number;
}

export const orderErrorSchema = new Schema<OrderErrorDocument>(
  {
    orderId: { type: String, required: true },
    position: { type: Number, required: true, min: 1 },
    type: { type: String, enum: Object.values(OrderErrorType), required: true },
    message: textAllowingEmpty('message'),
    field: { type: String, default: null },
    correlationId: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'orderErrorEntries', versionKey: false },
);
/** An order's errors in the order they were stored; unique, which is what makes an insert claim its position. */
orderErrorSchema.index({ orderId: 1, position: 1 }, { unique: true, name: 'position' });
/** What a callback applied again looks for (`hasOrderError`): one lookup, however many errors the order has. */
orderErrorSchema.index({ orderId: 1, correlationId: 1 }, { name: 'byCall' });

export function toOrderError(stored: OrderError): OrderError {
  return {
    type: stored.type,
    message: stored.message,
    field: stored.field ?? null,
    correlationId: stored.correlationId ?? null,
    createdAt: stored.createdAt,
  };
}
