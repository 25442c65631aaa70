import type { Order, OrderShipment } from '../../src/domain/order.js';
import { OrderStatus } from '../../src/domain/order-status.js';
import { STATUS, itemStates, withCancellation, withTotals } from './mapping.js';
import type { CancelledItem, OutwardOrderStatus } from './wire.js';

// What Increff's calls to the channel do to a stored INCREFF order (docs/increff.md, "Webhooks"). Each function
// answers the very same object when the call changes nothing (a step reported twice or late), so a caller can tell.

/** The warehouse's forward steps, in order; CANCELLED stands aside. */
const STEPS: readonly OutwardOrderStatus[] = ['CREATED', 'PACKED', 'INVOICED', 'HANDED_OVER'];

/**
 * The order once the warehouse reached `step`: its live lines move there. Steps move forward only, so one reported
 * late (a handover applied before its pack) or again, or one about a wholly cancelled order, changes nothing.
 */
export function withStep(order: Order, step: Exclude<OutwardOrderStatus, 'CREATED' | 'CANCELLED'>, at: Date): Order {
  const from = STEPS.indexOf(order.marketplaceStatus as OutwardOrderStatus);
  if (order.marketplaceStatus === 'CANCELLED' || STEPS.indexOf(step) <= from) return order;
  const lines = order.lines.map((line) =>
    line.status === OrderStatus.CANCELLED ? line : { ...line, status: STATUS[step], marketplaceStatus: step },
  );
  return withTotals({ ...order, lines, marketplaceStatus: step, updatedAt: at });
}

/** A shipment as Increff names it: its integer `shipmentId`, as text. */
function shipmentOf(order: Order, shipmentId: number): OrderShipment | undefined {
  return order.shipments.find((shipment) => shipment.id === String(shipmentId));
}

function newShipment(order: Order, shipmentId: number, at: Date): OrderShipment {
  return {
    id: String(shipmentId),
    carrier: null,
    trackingNumber: null,
    trackingUrl: null,
    // A pack update does not list its items; a B2C shipment carries every live line of its location, and the
    // gateway does not know which location holds which line, so it names every live line.
    lineIds: order.lines.filter((line) => line.status !== OrderStatus.CANCELLED).map((line) => line.id),
    createdAt: at,
  };
}

/** Pack Order: the shipment joins the order (once per `shipmentId`), and the order is PACKED. */
export function withPackedShipment(order: Order, shipmentId: number, at: Date): Order {
  const shipped =
    shipmentOf(order, shipmentId) === undefined
      ? { ...order, shipments: [...order.shipments, newShipment(order, shipmentId, at)], updatedAt: at }
      : order;
  return withStep(shipped, 'PACKED', at);
}

/**
 * Get Shipping Label: the shipment carries the AWB and transporter the channel answered, and the order is
 * INVOICED (SHIPPED: a shipment with tracking exists). A label asked before its pack was applied adds the shipment.
 */
export function withShippingLabel(
  order: Order,
  shipmentId: number,
  label: { awbNumber: string; transporter: string },
  at: Date,
): Order {
  const known = shipmentOf(order, shipmentId);
  const labelled = (shipment: OrderShipment): OrderShipment => ({
    ...shipment,
    carrier: label.transporter,
    trackingNumber: label.awbNumber,
  });
  let updated = order;
  if (known === undefined) {
    updated = {
      ...order,
      shipments: [...order.shipments, labelled(newShipment(order, shipmentId, at))],
      updatedAt: at,
    };
  } else if (known.trackingNumber !== label.awbNumber || known.carrier !== label.transporter) {
    updated = {
      ...order,
      shipments: order.shipments.map((each) => (each === known ? labelled(each) : each)),
      updatedAt: at,
    };
  }
  return withStep(updated, 'INVOICED', at);
}

/** What a seller cancellation did: the order after it, and the items it named that the order does not have. */
export interface SellerCancellationEffect {
  order: Order;
  unknownItems: CancelledItem[];
}

/**
 * Seller Cancellation, in absolute quantities like the customer's. Quantities never go down: a cancellation
 * applied late (after a larger one) changes nothing. Items the stored order does not have are left out and named.
 */
export function withSellerCancellation(
  order: Order,
  items: readonly CancelledItem[],
  at: Date,
): SellerCancellationEffect {
  const states = itemStates(order);
  const unknownItems = items.filter((item) => states.get(item.orderItemCode)?.sku !== item.channelSkuCode);
  const raised = items.filter((item) => {
    const state = states.get(item.orderItemCode);
    return state !== undefined && state.sku === item.channelSkuCode && item.cancelledQuantity > state.cancelled;
  });
  const capped = raised.map((item) => ({
    ...item,
    cancelledQuantity: Math.min(item.cancelledQuantity, states.get(item.orderItemCode)!.ordered),
  }));
  return { order: capped.length === 0 ? order : withCancellation(order, capped, at), unknownItems };
}
