import { Schema } from 'mongoose';
import { OrderOperationStatus, OrderOperationType, type PendingOperation } from '../../domain/pending-operation.js';
import type { StoredOperation } from '../callback-store.js';

/** A call a marketplace accepted and answers by callback, as the port records it. */
export type OperationDocument = StoredOperation;

export const operationSchema = new Schema<OperationDocument>(
  {
    correlationId: { type: String, required: true },
    orderId: { type: String, required: true },
    type: { type: String, enum: Object.values(OrderOperationType), required: true },
    status: { type: String, enum: Object.values(OrderOperationStatus), required: true },
    requestedAt: { type: Date, required: true },
    completedAt: { type: Date, default: null },
  },
  { collection: 'operations', versionKey: false },
);
/** The callback names the operation by its correlation id; a second operation with the same one is refused. */
operationSchema.index({ correlationId: 1 }, { unique: true, name: 'correlationId' });
/** Each order's operations, oldest first. */
operationSchema.index({ orderId: 1, requestedAt: 1, correlationId: 1 }, { name: 'byOrder' });

export function toStoredOperation(stored: OperationDocument): StoredOperation {
  return { orderId: stored.orderId, ...toPendingOperation(stored) };
}

export function toPendingOperation(stored: OperationDocument): PendingOperation {
  return {
    correlationId: stored.correlationId,
    type: stored.type,
    status: stored.status,
    requestedAt: stored.requestedAt,
    completedAt: stored.completedAt ?? null,
  };
}
