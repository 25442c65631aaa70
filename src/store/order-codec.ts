import type { Order, OrderShipment } from '../domain/order.js';

/**
 * Orders are kept as JSON documents (both adapters): the unified model is the record, so a stored order reads back
 * exactly as a marketplace's datasource produced it. JSON has no dates, so the moments travel as ISO strings.
 */
export function encodeOrder(order: Order): string {
  return JSON.stringify(order);
}

type Serialized<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
type SerializedOrder = Omit<Serialized<Order>, 'shipments'> & { shipments: Array<Serialized<OrderShipment>> };

export function decodeOrder(json: string): Order {
  const stored = JSON.parse(json) as SerializedOrder;
  return {
    ...stored,
    createdAt: new Date(stored.createdAt),
    updatedAt: new Date(stored.updatedAt),
    shipments: stored.shipments.map((shipment) => ({
      ...shipment,
      createdAt: shipment.createdAt === null ? null : new Date(shipment.createdAt),
    })),
  };
}
