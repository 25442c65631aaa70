import type { LineItemInput, OrderCreateMutationInput } from './wire.js';
import type { NewInvoice, NewLineItem } from './book.js';
import { FieldErrors, type Payload } from './field-errors.js';
import type { Order, Seller, Variant } from './model.js';
import { findNodeOf, type SimulatedMarketplace } from './nodes.js';

/** A line that passed the checks, with what it buys and who fulfils it. */
interface CheckedLine {
  input: LineItemInput;
  seller: Seller;
  variant: Variant | null;
}

/**
 * "We require a whole cents unit price" (orderCreate reference): the cost is for every unit together, and a
 * fractional unit price is rounded up, e.g. 10830 for 4 → 2708 each → 10832.
 */
export function unitPriceCents(amount: number, quantity: number): number {
  return Math.ceil(amount / quantity);
}

function checkLine(
  marketplace: SimulatedMarketplace,
  line: LineItemInput,
  field: string,
  errors: FieldErrors,
): CheckedLine | undefined {
  const hasVariant = line.variantId !== null && line.variantId !== undefined;
  const hasCustom = line.custom !== null && line.custom !== undefined;
  if (line.quantity < 1) errors.add(`${field}.quantity`, 'must be at least 1');
  if (line.cost.amount < 0) errors.add(`${field}.cost.amount`, 'must not be negative');
  if (line.postage && line.postage.amount < 0) errors.add(`${field}.postage.amount`, 'must not be negative');
  if (hasVariant === hasCustom) {
    errors.add(field, hasVariant ? 'supply either variantId or custom, not both' : 'supply either variantId or custom');
    return undefined;
  }
  if (hasVariant) {
    const variant = findNodeOf(marketplace, line.variantId, 'Variant');
    if (variant === undefined) errors.add(`${field}.variantId`, 'is not the id of a variant');
    return variant && { input: line, seller: variant.advert.seller, variant };
  }
  const seller = findNodeOf(marketplace, line.custom!.sellerId, 'Seller');
  if (seller === undefined) errors.add(`${field}.custom.sellerId`, 'is not the id of a seller');
  if (line.custom!.title.trim() === '') errors.add(`${field}.custom.title`, 'must not be blank');
  return seller && { input: line, seller, variant: null };
}

/** Tax on the cost and postage of every line item, or on none (orderCreate reference). */
function checkTax(lines: readonly LineItemInput[], errors: FieldErrors): void {
  const taxed = (amount: { tax?: number | null } | null | undefined) =>
    amount?.tax !== null && amount?.tax !== undefined;
  if (!lines.some((line) => taxed(line.cost) || taxed(line.postage))) return;
  lines.forEach((line, index) => {
    if (!taxed(line.cost))
      errors.add(`lineItems[${index}].cost.tax`, 'tax must be given for every line item, or for none');
    if (!taxed(line.postage))
      errors.add(`lineItems[${index}].postage.tax`, 'tax must be given for cost and postage alike');
  });
}

/** No over-ordering and no pre-orders: the units of a variant, over all lines, must be on hand. */
function checkStock(lines: readonly CheckedLine[], errors: FieldErrors): void {
  const wanted = new Map<Variant, number>();
  for (const { variant, input } of lines) if (variant) wanted.set(variant, (wanted.get(variant) ?? 0) + input.quantity);
  lines.forEach(({ variant }, index) => {
    if (variant === null || wanted.get(variant)! <= variant.countOnHand) return;
    const onHand = variant.countOnHand === 0 ? 'out of stock' : `only ${variant.countOnHand} in stock`;
    errors.add(`lineItems[${index}].quantity`, `${variant.sku ?? `variant ${variant.legacyId}`} is ${onHand}`);
  });
}

/** orderCreate: checks everything first, then takes the stock and splits the order into one invoice per seller. */
export function orderCreate(
  marketplace: SimulatedMarketplace,
  input: OrderCreateMutationInput,
  now: Date,
): Payload<'order', Order> {
  const errors = new FieldErrors();
  const lines = input.lineItems ?? [];
  if (lines.length === 0) errors.add('lineItems', 'must contain at least one line item');
  if (!input.order.emailAddress.includes('@')) errors.add('order.emailAddress', 'is not an email address');
  const checked = lines.map((line, index) => checkLine(marketplace, line, `lineItems[${index}]`, errors));
  checkTax(lines, errors);
  if (checked.every((line) => line !== undefined)) checkStock(checked, errors);
  const clientMutationId = input.clientMutationId ?? null;
  if (!errors.empty) return { clientMutationId, order: null, errors: errors.list() };

  const invoices = new Map<Seller, NewInvoice>();
  for (const { input: line, seller, variant } of checked as CheckedLine[]) {
    const invoice = invoices.get(seller) ?? { seller, postageCents: 0, lineItems: [] };
    invoices.set(seller, invoice);
    invoice.postageCents += line.postage?.amount ?? 0;
    const lineItem: NewLineItem = {
      variant,
      variantSku: variant ? variant.sku : (line.custom!.sku ?? null),
      variantName: variant ? `${variant.advert.title} (${variant.label})` : line.custom!.title,
      quantity: line.quantity,
      unitPriceCents: unitPriceCents(line.cost.amount, line.quantity),
    };
    invoice.lineItems.push(lineItem);
    if (variant) marketplace.catalog.take(variant, line.quantity, now);
  }
  const order = marketplace.book.addOrder([...invoices.values()], now);
  // Invoice Create fires on order creation; Variant Update on every change of stock (reference 4).
  for (const invoice of order.invoices) marketplace.webhooks.announce('create', invoice);
  const taken = new Set(checked.flatMap((line) => (line?.variant ? [line.variant] : [])));
  for (const variant of taken) marketplace.webhooks.announce('update', variant);
  return { clientMutationId, order, errors: [] };
}
