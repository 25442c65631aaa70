import type { ShipmentCreateMutationInput } from './wire.js';
import { openUnits } from './book.js';
import { FieldErrors, type Payload } from './field-errors.js';
import type { LineItem, Shipment } from './model.js';
import { findNodeOf, type SimulatedMarketplace } from './nodes.js';

/** shipmentCreate: units of the invoice's own line items, at most those neither dispatched nor refunded yet. */
export function shipmentCreate(
  marketplace: SimulatedMarketplace,
  input: ShipmentCreateMutationInput,
  now: Date,
): Payload<'shipment', Shipment> {
  const errors = new FieldErrors();
  const clientMutationId = input.clientMutationId ?? null;
  const invoice = findNodeOf(marketplace, input.invoiceId, 'Invoice');
  if (invoice === undefined) {
    errors.add('invoiceId', 'is not the id of an invoice');
    return { clientMutationId, shipment: null, errors: errors.list() };
  }
  if (input.shippedItems.length === 0) errors.add('shippedItems', 'must contain at least one item');
  const items: Array<{ lineItem: LineItem; quantity: number }> = [];
  const wanted = new Map<LineItem, number>();
  input.shippedItems.forEach((item, index) => {
    const lineItem = findNodeOf(marketplace, item.lineItemId, 'LineItem');
    if (lineItem === undefined || lineItem.invoice !== invoice) {
      errors.add(`shippedItems[${index}].lineItemId`, 'is not a line item of this invoice');
      return;
    }
    if (item.quantity < 1) errors.add(`shippedItems[${index}].quantity`, 'must be at least 1');
    const total = (wanted.get(lineItem) ?? 0) + item.quantity;
    wanted.set(lineItem, total);
    if (total > openUnits(lineItem)) {
      errors.add(`shippedItems[${index}].quantity`, `only ${openUnits(lineItem)} left to dispatch on this line item`);
    }
    items.push({ lineItem, quantity: item.quantity });
  });
  const carrier = input.postageCarrierId ? findNodeOf(marketplace, input.postageCarrierId, 'ShipmentCarrier') : null;
  if (carrier === undefined) errors.add('postageCarrierId', 'is not the id of a shipment carrier');
  if (!errors.empty) return { clientMutationId, shipment: null, errors: errors.list() };

  const shipment = marketplace.book.addShipment(
    invoice,
    {
      carrier: carrier ?? null,
      trackingNumber: input.trackingNumber ?? null,
      note: input.note ?? null,
      dispatchedAt: input.dispatchedAt ? new Date(input.dispatchedAt) : now,
      items,
    },
    now,
  );
  // Shipment Create, and Invoice Update (which fires when line items ship).
  marketplace.webhooks.announce('create', shipment);
  marketplace.webhooks.announce('update', invoice);
  return { clientMutationId, shipment, errors: [] };
}
