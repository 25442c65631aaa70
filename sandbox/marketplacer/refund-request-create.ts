import type { RefundRequestCreateMutationInput } from './wire.js';
import type { NewRefundRequest } from './book.js';
import { FieldErrors, type Payload } from './field-errors.js';
import type { LineItem, RefundRequest } from './model.js';
import { findNodeOf, type SimulatedMarketplace } from './nodes.js';

/**
 * refundRequestCreate: line items of this invoice (each unit refunded once, dispatched or not) or custom amounts.
 * Refunded units that were not dispatched leave the seller's queue at once: that is a cancellation.
 */
export function refundRequestCreate(
  marketplace: SimulatedMarketplace,
  input: RefundRequestCreateMutationInput,
  now: Date,
): Payload<'refundRequest', RefundRequest> {
  const errors = new FieldErrors();
  const clientMutationId = input.clientMutationId ?? null;
  const invoice = findNodeOf(marketplace, input.invoiceId, 'Invoice');
  if (invoice === undefined) {
    errors.add('invoiceId', 'is not the id of an invoice');
    return { clientMutationId, refundRequest: null, errors: errors.list() };
  }
  if (input.lineItems.length === 0) errors.add('lineItems', 'must contain at least one item');
  const lineItems: NewRefundRequest['lineItems'] = [];
  const wanted = new Map<LineItem, number>();
  input.lineItems.forEach((item, index) => {
    const field = `lineItems[${index}]`;
    if (item.quantity < 1) errors.add(`${field}.quantity`, 'must be at least 1');
    const hasLine = item.lineItemId !== null && item.lineItemId !== undefined;
    const hasCustom = item.custom !== null && item.custom !== undefined;
    if (hasLine === hasCustom) {
      errors.add(
        field,
        hasLine ? 'supply either lineItemId or custom, not both' : 'supply either lineItemId or custom',
      );
      return;
    }
    if (hasCustom) {
      if (item.amountPerItemCents === null || item.amountPerItemCents === undefined || item.amountPerItemCents < 0) {
        errors.add(`${field}.amountPerItemCents`, 'a custom refund needs an amount that is not negative');
      }
      lineItems.push({
        lineItem: null,
        custom: item.custom!,
        quantity: item.quantity,
        amountPerItemCents: item.amountPerItemCents ?? null,
        reason: item.reason ?? null,
      });
      return;
    }
    const lineItem = findNodeOf(marketplace, item.lineItemId, 'LineItem');
    if (lineItem === undefined || lineItem.invoice !== invoice) {
      errors.add(`${field}.lineItemId`, 'is not a line item of this invoice');
      return;
    }
    const total = (wanted.get(lineItem) ?? 0) + item.quantity;
    wanted.set(lineItem, total);
    const refundable = lineItem.quantity - lineItem.refunded;
    if (total > refundable) errors.add(`${field}.quantity`, `only ${refundable} left to refund on this line item`);
    lineItems.push({
      lineItem,
      custom: null,
      quantity: item.quantity,
      amountPerItemCents: item.amountPerItemCents ?? lineItem.unitPriceCents,
      reason: item.reason ?? null,
    });
  });
  if (!errors.empty) return { clientMutationId, refundRequest: null, errors: errors.list() };

  const notes = (input.notes ?? []).map((entry) => entry.note);
  const refundRequest = marketplace.book.addRefundRequest(invoice, { lineItems, notes }, now);
  // RefundRequest Create, and Invoice Update (which fires on refunds).
  marketplace.webhooks.announce('create', refundRequest);
  marketplace.webhooks.announce('update', invoice);
  return { clientMutationId, refundRequest, errors: [] };
}
