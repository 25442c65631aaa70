import { openUnits, type NewInvoice } from './book.js';
import { stableNumber } from './catalog.js';
import type { Invoice, LineItem, Seller } from './model.js';
import type { SimulatedMarketplace } from './nodes.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** How far back the sample orders go. */
const HISTORY_DAYS = 60;

function wholeSeconds(ms: number): Date {
  return new Date(Math.floor(ms / 1000) * 1000);
}

/** One seller's part of a sample order: one to three of its variants, one to three units each. */
function sampleInvoice(marketplace: SimulatedMarketplace, seller: Seller, n: number): NewInvoice {
  const variants = marketplace.catalog.variants.filter((variant) => variant.advert.seller === seller);
  const count = 1 + (stableNumber(`lines/${n}`) % 3);
  const picked = new Set(
    Array.from({ length: count }, (_, index) => variants[stableNumber(`line/${n}/${index}`) % variants.length]!),
  );
  return {
    seller,
    postageCents: stableNumber(`postage/${n}`) % 3 === 0 ? 0 : 995,
    lineItems: [...picked].map((variant, index) => ({
      variant,
      variantSku: variant.sku,
      variantName: `${variant.advert.title} (${variant.label})`,
      quantity: 1 + (stableNumber(`quantity/${n}/${index}`) % 3),
      unitPriceCents: variant.priceCents,
    })),
  };
}

/**
 * What happened to a sample invoice since, decided by its number: most were dispatched, some are still waiting,
 * a few were dispatched in part, cancelled (refunded before dispatch) or returned (refunded after). A step that
 * would lie in the future is left undone, so recent invoices are mostly still waiting.
 */
function playHistory(marketplace: SimulatedMarketplace, invoice: Invoice, now: Date): void {
  const { book, catalog } = marketplace;
  const fate = stableNumber(`fate/${invoice.legacyId}`) % 20;
  const at = (hours: number) => wholeSeconds(invoice.createdAt.getTime() + hours * HOUR_MS);
  const ship = (items: Array<{ lineItem: LineItem; quantity: number }>, hours: number) => {
    const carrier = catalog.carriers[invoice.legacyId % catalog.carriers.length]!;
    book.addShipment(
      invoice,
      {
        carrier,
        trackingNumber: `MP${invoice.legacyId}${invoice.shipments.length + 1}`,
        note: null,
        dispatchedAt: at(hours),
        items,
      },
      at(hours),
    );
  };
  const refundAll = (reason: string, hours: number) => {
    const lineItems = invoice.lineItems.map((lineItem) => ({
      lineItem,
      custom: null,
      quantity: lineItem.quantity - lineItem.refunded,
      amountPerItemCents: lineItem.unitPriceCents,
      reason,
    }));
    book.addRefundRequest(invoice, { lineItems, notes: [] }, at(hours));
  };
  const happened = (hours: number) => at(hours) <= now;
  const all = invoice.lineItems.map((lineItem) => ({ lineItem, quantity: openUnits(lineItem) }));
  // In part: every line but the last, or one unit less of a single line.
  const part =
    all.length > 1
      ? all.slice(0, -1)
      : all.map(({ lineItem }) => ({ lineItem, quantity: Math.max(1, lineItem.quantity - 1) }));

  if (fate < 2 && happened(3)) refundAll('Out of stock', 3);
  else if (fate === 2 && happened(8 * 24)) {
    ship(all, 24);
    refundAll('Change of mind', 8 * 24);
  } else if (fate < 5 && happened(24)) ship(part, 24);
  else if (fate >= 8 && happened(24)) ship(all, 24);
}

/**
 * About `count` invoices over the last 60 days, oldest first (so legacy ids grow with time), from orders of one
 * seller or, now and then, two. Sample orders do not take stock: they were placed before the catalog's counts.
 */
export function seedInvoices(marketplace: SimulatedMarketplace, count: number, now: Date): void {
  const { catalog, book } = marketplace;
  const sellers = catalog.sellers;
  let made = 0;
  for (let n = 1; made < count; n += 1) {
    const offset = ((made + 0.5) / count) * HISTORY_DAYS * DAY_MS;
    const createdAt = wholeSeconds(now.getTime() - HISTORY_DAYS * DAY_MS + offset);
    const first = stableNumber(`seller/${n}`) % sellers.length;
    const sellerCount = stableNumber(`sellers/${n}`) % 5 === 0 && made + 2 <= count ? 2 : 1;
    const invoices = Array.from({ length: sellerCount }, (_, index) =>
      sampleInvoice(marketplace, sellers[(first + index) % sellers.length]!, n * 10 + index),
    );
    const order = book.addOrder(invoices, createdAt);
    for (const invoice of order.invoices) playHistory(marketplace, invoice, now);
    made += order.invoices.length;
  }
}
