import { Schema } from 'mongoose';
import { Marketplace } from '../../domain/marketplace.js';
import type { Order } from '../../domain/order.js';
import { OrderStatus } from '../../domain/order-status.js';
import { decodeOrder, encodeOrder } from '../order-codec.js';

/**
 * A stored order: the whole order as the codec writes it (so it reads back exactly as saved), beside the few
 * fields the listing filters and sorts on.
 */
export interface OrderDocument {
  /** The order's global id, e.g. `FRUUGO:9164260001000444`. */
  _id: string;
  marketplace: Marketplace;
  status: OrderStatus;
  createdAt: Date;
  updatedAt: Date;
  document: string;
  /** The version of the order event this document was brought up to; absent on a document from before versions. */
  version?: number;
}

export const orderSchema = new Schema<OrderDocument>(
  {
    _id: { type: String, required: true },
    marketplace: { type: String, enum: Object.values(Marketplace), required: true },
    status: { type: String, enum: Object.values(OrderStatus), required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    document: { type: String, required: true },
    version: { type: Number, min: 1 },
  },
  { collection: 'orders', versionKey: false },
);
/** One marketplace's orders newest first, the id breaking ties: the listing's sort and keyset. */
orderSchema.index({ marketplace: 1, createdAt: -1, _id: -1 }, { name: 'newest' });
/** The same, for a status filter (merged across the statuses asked for). */
orderSchema.index({ marketplace: 1, status: 1, createdAt: -1, _id: -1 }, { name: 'newestByStatus' });
/** Orders changed since a moment. */
orderSchema.index({ marketplace: 1, updatedAt: 1 }, { name: 'updatedSince' });

export function toOrderDocument(order: Order): OrderDocument {
  return {
    _id: order.id,
    marketplace: order.marketplace,
    status: order.status,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    document: encodeOrder(order),
  };
}

export function fromOrderDocument(stored: Pick<OrderDocument, 'document'>): Order {
  return decodeOrder(stored.document);
}
