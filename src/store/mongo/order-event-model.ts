import { Schema } from 'mongoose';
import { Marketplace } from '../../domain/marketplace.js';
import { OrderEventOrigin, OrderEventType } from '../../domain/order-event.js';
import { OrderStatus } from '../../domain/order-status.js';
import type { OrderEvent } from '../callback-store.js';

/**
 * A stored order event, as the port records it; its cursor one more than the largest stored before it. A versioned
 * event's `_id` is `<order id>#<version>`, so the primary key itself makes a version committed once (an event from
 * before versions keeps its ObjectId). For an order the store keeps, `order` holds the order after the change, as
 * the codec writes it: the event is the commit, and the `orders` document is brought up to it.
 */
export interface OrderEventDocument extends OrderEvent {
  _id: unknown;
  order?: string;
}

/** The `_id` of an order's event at this version. */
export function versionId(orderId: string, version: number): string {
  return `${orderId}#${version}`;
}

export const orderEventSchema = new Schema<OrderEventDocument>(
  {
    _id: { type: Schema.Types.Mixed, required: true },
    key: { type: String, required: true },
    cursor: { type: Number, required: true, min: 1 },
    orderId: { type: String, required: true },
    marketplace: { type: String, enum: Object.values(Marketplace), required: true },
    type: { type: String, enum: Object.values(OrderEventType), required: true },
    status: { type: String, enum: Object.values(OrderStatus), default: null },
    origin: { type: String, enum: Object.values(OrderEventOrigin), required: true },
    webhookEventId: { type: String, default: null },
    message: { type: String, default: null },
    occurredAt: { type: Date, required: true },
    version: { type: Number, min: 1, default: null },
    order: { type: String },
  },
  { collection: 'orderEvents', versionKey: false },
);
/** The same change recorded twice is recognised by this index refusing the second insert. */
orderEventSchema.index({ key: 1 }, { unique: true, name: 'key' });
/** Replay after a cursor; unique, which is what makes an insert claim its cursor (MongoStore.commitOrderChange). */
orderEventSchema.index({ cursor: 1 }, { unique: true, name: 'cursor' });
/** One order's history. */
orderEventSchema.index({ orderId: 1, cursor: 1 }, { name: 'byOrder' });

export function toOrderEvent(stored: OrderEventDocument): OrderEvent {
  return {
    key: stored.key,
    orderId: stored.orderId,
    marketplace: stored.marketplace,
    type: stored.type,
    status: stored.status ?? null,
    origin: stored.origin,
    webhookEventId: stored.webhookEventId ?? null,
    message: stored.message ?? null,
    occurredAt: stored.occurredAt,
    cursor: stored.cursor,
    version: stored.version ?? null,
  };
}
