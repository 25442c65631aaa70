import type { ItemStatus, Shipment } from './wire.js';
import type { SandboxLine, SandboxOrder } from './orders.js';

/** Where the sample customers live: Fruugo sells across borders, in the customer's currency. */
export interface Market {
  country: string;
  currency: 'GBP' | 'EUR' | 'AED';
  language: string;
  vatPercentage: number;
  /** Prices are drawn in GBP and converted with this rate, then rounded to the currency's cents. */
  rateFromGbp: number;
}

/** GB three times: about as many British orders as from the euro countries together. */
const MARKETS: readonly Market[] = [
  { country: 'GB', currency: 'GBP', language: 'EN', vatPercentage: 20, rateFromGbp: 1 },
  { country: 'GB', currency: 'GBP', language: 'EN', vatPercentage: 20, rateFromGbp: 1 },
  { country: 'GB', currency: 'GBP', language: 'EN', vatPercentage: 20, rateFromGbp: 1 },
  { country: 'IE', currency: 'EUR', language: 'EN', vatPercentage: 23, rateFromGbp: 1.17 },
  { country: 'FR', currency: 'EUR', language: 'FR', vatPercentage: 20, rateFromGbp: 1.17 },
  { country: 'DE', currency: 'EUR', language: 'DE', vatPercentage: 19, rateFromGbp: 1.17 },
  { country: 'AE', currency: 'AED', language: 'EN', vatPercentage: 5, rateFromGbp: 4.65 },
];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The shared SKU space of every simulator (`PSKU-000001`…); Fruugo orders draw from its first 500. */
const SKU_RANGE = 500;

/** A small seeded generator (mulberry32): the same sample orders on every start, so a demo can be repeated. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

export function skuId(n: number): string {
  return `PSKU-${String(n).padStart(6, '0')}`;
}

/** Three SKUs (variants) per product. */
function productIdOf(sku: string): string {
  const n = Number(sku.replace(/\D/g, '')) || 0;
  return `PROD-${String(Math.ceil(n / 3)).padStart(4, '0')}`;
}

/** Fruugo's order number: the customer order number, `001`, then the merchant id in six digits (9164260001000444). */
function fruugoOrderId(customerOrderId: number, merchantId: number): string {
  return `${customerOrderId}001${String(merchantId).padStart(6, '0')}`;
}

export interface LineSpec {
  skuId: string;
  productId?: string;
  quantity: number;
  /** In the order's currency; a price derived from the SKU when omitted. */
  itemPriceInclVat?: number;
  /** Every unit starts PENDING unless said otherwise. */
  units?: Partial<Record<ItemStatus, number>>;
}

export interface OrderSpec {
  customerOrderId: number;
  merchantId: number;
  orderDate: Date;
  /** When Fruugo released the order to the retailer; the order date when omitted. */
  releasedAt?: Date;
  market: Market;
  lines: LineSpec[];
  lastModified?: Date;
  shipments?: Shipment[];
  express?: boolean;
}

/** A deterministic price per SKU, so the same SKU costs the same in every sample order. */
function listPriceGbp(sku: string): number {
  const n = Number(sku.replace(/\D/g, '')) || 1;
  return 3.99 + ((n * 7919) % 7600) / 100;
}

function buildLine(spec: LineSpec, market: Market): SandboxLine {
  const price = spec.itemPriceInclVat ?? cents(listPriceGbp(spec.skuId) * market.rateFromGbp);
  const units = new Map<ItemStatus, number>();
  let assigned = 0;
  for (const [status, count] of Object.entries(spec.units ?? {}) as Array<[ItemStatus, number]>) {
    units.set(status, count);
    assigned += count;
  }
  if (assigned > spec.quantity) throw new RangeError(`line ${spec.skuId}: more units given statuses than ordered`);
  if (assigned < spec.quantity) units.set('PENDING', (units.get('PENDING') ?? 0) + spec.quantity - assigned);
  return {
    productId: spec.productId ?? productIdOf(spec.skuId),
    skuId: spec.skuId,
    skuName: `Sample item ${spec.skuId}`,
    quantity: spec.quantity,
    itemPriceInclVat: price,
    itemVat: cents((price * market.vatPercentage) / (100 + market.vatPercentage)),
    vatPercentage: market.vatPercentage,
    units,
  };
}

export function buildOrder(spec: OrderSpec): SandboxOrder {
  const release = spec.releasedAt ?? spec.orderDate;
  return {
    orderId: fruugoOrderId(spec.customerOrderId, spec.merchantId),
    customerOrderId: String(spec.customerOrderId),
    orderDate: spec.orderDate,
    orderReleaseDate: release,
    lastModified: spec.lastModified ?? release,
    currencyCode: spec.market.currency,
    customerCountry: spec.market.country,
    customerLanguageCode: spec.market.language,
    shippingMethod: spec.express ? 'Express Shipping' : 'Standard Shipping',
    shippingCostInclVAT: spec.express ? cents(4.99 * spec.market.rateFromGbp) : 0,
    lines: spec.lines.map((line) => buildLine(line, spec.market)),
    shipments: spec.shipments ?? [],
  };
}

/** A market in `currency` for a customer in `country` (each defaulting to the other's, then to GB/GBP). */
export function marketFor(currency?: string, country?: string): Market {
  const byCurrency = currency === undefined ? undefined : MARKETS.find((m) => m.currency === currency);
  if (currency !== undefined && byCurrency === undefined) {
    throw new RangeError(`the sandbox sells in GBP, EUR and AED, not ${currency}`);
  }
  const byCountry = country === undefined ? undefined : MARKETS.find((m) => m.country === country);
  const place = byCountry ?? byCurrency ?? MARKETS[0]!;
  const money = byCurrency ?? byCountry ?? MARKETS[0]!;
  return { ...place, country: country ?? place.country, currency: money.currency, rateFromGbp: money.rateFromGbp };
}

/**
 * The customer order number of the `index`th order placed in the sandbox (the sample first, then new ones):
 * seven-digit numbers spaced apart like real ones.
 */
export function customerOrderNumber(index: number): number {
  return 9_164_000 + index * 7;
}

/**
 * `count` orders placed over the 60 days before `now`: the older an order, the further it has come (recent ones
 * pending or confirmed; older ones shipped, some cancelled by the retailer, closed by Fruugo (NOT_REPLACED) or
 * returned, a few partly cancelled). Customer order numbers run up with the order date.
 */
export function sampleOrders(now: Date, merchantId: number, count: number): SandboxOrder[] {
  const next = random(4);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  // Squared: more recent orders than old ones, so a demo has a fair number still to confirm and ship.
  const ages = Array.from({ length: count }, () => next() ** 2 * 60 * DAY_MS).sort((a, b) => b - a);

  return ages.map((age, index) => {
    const orderDate = new Date(now.getTime() - age);
    const market = pick(MARKETS);
    const skus = new Set<number>();
    const lineCount = 1 + Math.floor(next() * 3);
    while (skus.size < lineCount) skus.add(1 + Math.floor(next() * SKU_RANGE));
    const quantities = [...skus].map(() => 1 + Math.floor(next() * 3));
    const stage = stageOf(age / DAY_MS, next());
    const shippedAt = new Date(Math.min(now.getTime(), orderDate.getTime() + (1 + next() * 2) * DAY_MS));
    const changedAt = new Date(Math.min(now.getTime(), orderDate.getTime() + (1 + next() * 8) * HOUR_MS));
    const partlyCancelled = stage === 'SHIPPED' && skus.size > 1 && next() < 0.25;

    const lines: LineSpec[] = [...skus].map((n, lineIndex) => {
      const quantity = quantities[lineIndex]!;
      const last = lineIndex === skus.size - 1;
      let status: ItemStatus = stage;
      if (partlyCancelled && last) status = 'CANCELLED';
      if (stage === 'RETURNED' && lineIndex > 0) status = 'SHIPPED';
      return { skuId: skuId(n), quantity, units: { [status]: quantity } };
    });
    const shippedLines = lines.filter(
      (line) => line.units?.SHIPPED !== undefined || line.units?.RETURNED !== undefined,
    );
    const trackingCode = `TRK${100_000_000 + index * 7919}`;
    const shipments: Shipment[] =
      shippedLines.length === 0
        ? []
        : [
            {
              shipmentId: String(60_000_000 + index),
              shippingDate: shippedAt.toISOString(),
              trackingCode,
              trackingUrl: `https://tracking.example.com/${trackingCode}`,
              lines: shippedLines.map((line) => ({
                productId: productIdOf(line.skuId),
                skuId: line.skuId,
                quantity: line.quantity,
              })),
            },
          ];
    const lastModified =
      stage === 'PENDING'
        ? undefined
        : stage === 'RETURNED'
          ? new Date(Math.min(now.getTime(), shippedAt.getTime() + 6 * DAY_MS))
          : stage === 'SHIPPED'
            ? shippedAt
            : changedAt;

    return buildOrder({
      customerOrderId: customerOrderNumber(index),
      merchantId,
      orderDate,
      releasedAt: new Date(Math.min(now.getTime(), orderDate.getTime() + 5 * 60_000)),
      market,
      lines,
      lastModified,
      shipments,
      express: next() < 0.2,
    });
  });
}

/** How far an order of this age has come, drawn with `roll` ∈ [0, 1). */
function stageOf(ageDays: number, roll: number): ItemStatus {
  if (ageDays < 2) return roll < 0.8 ? 'PENDING' : 'CONFIRMED';
  if (ageDays < 7) {
    if (roll < 0.1) return 'PENDING';
    if (roll < 0.4) return 'CONFIRMED';
    if (roll < 0.85) return 'SHIPPED';
    return roll < 0.95 ? 'CANCELLED' : 'NOT_REPLACED';
  }
  if (roll < 0.75) return 'SHIPPED';
  if (roll < 0.85) return 'CANCELLED';
  return roll < 0.93 ? 'RETURNED' : 'NOT_REPLACED';
}
