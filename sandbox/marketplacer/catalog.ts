import { createHash } from 'node:crypto';
import type { Advert, Seller, ShipmentCarrier, Variant } from './model.js';

/** A number from 0 to 2³²−1 that depends only on `label`: the same options always build the same sample data. */
export function stableNumber(label: string): number {
  return createHash('sha256').update(label).digest().readUInt32BE(0);
}

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length]!;
}

const SELLER_NAMES = ['Harbour & Co Homewares', 'Outback Outdoor Supply', 'Coastal Threads', 'Kookaburra Kitchen'];
const PRODUCTS = ['Linen Throw', 'Hiking Daypack', 'Cotton Tee', 'Chef Knife', 'Camp Chair', 'Beach Towel', 'Teapot'];
const COLOURS = ['Black', 'Sand', 'Navy', 'Olive', 'Rust', 'White'];
const SIZES = ['S', 'M', 'L', 'XL'];

const CARRIERS: ReadonlyArray<{ name: string; trackingUrl: string | null }> = [
  { name: 'Australia Post', trackingUrl: 'https://auspost.com.au/mypost/track/details/' },
  { name: 'StarTrack', trackingUrl: 'https://startrack.com.au/track/details/' },
  { name: 'Aramex', trackingUrl: 'https://www.aramex.com.au/tools/track?l=' },
  { name: 'DHL Express', trackingUrl: 'https://www.dhl.com/au-en/home/tracking.html?tracking-id=' },
  { name: 'Couriers Please', trackingUrl: null },
];

export interface CatalogSize {
  /** SKUs `PSKU-000001`… in the shared SKU space, each sold by one seller. */
  skus: number;
  /** The first this many SKUs are sold by a second seller as well (one SKU, two variants). */
  sharedSkus: number;
}

/**
 * Sellers, their adverts and variants, and the shipment carriers. Variants use the SKU space the other
 * simulators share (`PSKU-000001`…), so one SKU can be looked up across marketplaces; some SKUs are sold by two
 * sellers, as happens on a marketplace.
 */
export class Catalog {
  readonly sellers: readonly Seller[];
  readonly adverts: readonly Advert[];
  /** By legacyId. */
  readonly variants: readonly Variant[];
  readonly carriers: readonly ShipmentCarrier[];
  private readonly bySku = new Map<string, Variant[]>();

  constructor(size: CatalogSize, createdAt: Date) {
    this.sellers = SELLER_NAMES.map((businessName, index) => ({ kind: 'Seller', legacyId: index + 1, businessName }));
    this.carriers = CARRIERS.map((carrier, index) => ({ kind: 'ShipmentCarrier', legacyId: index + 1, ...carrier }));
    const adverts: Advert[] = [];
    const variants: Variant[] = [];
    this.sellers.forEach((seller, sellerIndex) => {
      const skus: number[] = [];
      for (let n = 1; n <= size.skus; n += 1) {
        const own = (n - 1) % this.sellers.length === sellerIndex;
        const second = n <= size.sharedSkus && n % this.sellers.length === sellerIndex;
        if (own || second) skus.push(n);
      }
      // Consecutive SKUs of a seller share an advert, one to three variants each.
      for (let start = 0; start < skus.length;) {
        const group = skus.slice(start, start + 1 + (stableNumber(`${seller.legacyId}/${skus[start]}`) % 3));
        start += group.length;
        const advert: Advert = {
          kind: 'Advert',
          legacyId: 501 + adverts.length,
          title: `${pick(PRODUCTS, group[0]!)} #${group[0]}`,
          seller,
          variants: [],
          createdAt,
          updatedAt: createdAt,
        };
        adverts.push(advert);
        group.forEach((n, index) => {
          const hash = stableNumber(`${seller.legacyId}/PSKU-${n}`);
          const variant: Variant = {
            kind: 'Variant',
            legacyId: 1001 + variants.length,
            sku: `PSKU-${String(n).padStart(6, '0')}`,
            barcode: `93${String(hash % 1e10).padStart(10, '0')}${n % 10}`,
            label: `${pick(COLOURS, n)} / ${pick(SIZES, index)}`,
            // About one in twelve is sold out.
            countOnHand: hash % 12 === 0 ? 0 : 1 + (hash % 120),
            priceCents: 995 + (hash % 190) * 100,
            advert,
            updatedAt: createdAt,
          };
          advert.variants.push(variant);
          variants.push(variant);
        });
      }
    });
    this.adverts = adverts;
    this.variants = variants;
    for (const variant of variants) {
      if (variant.sku !== null) this.bySku.set(variant.sku, [...(this.bySku.get(variant.sku) ?? []), variant]);
    }
  }

  seller(legacyId: number): Seller | undefined {
    return this.sellers.find((seller) => seller.legacyId === legacyId);
  }

  advert(legacyId: number): Advert | undefined {
    return this.adverts.find((advert) => advert.legacyId === legacyId);
  }

  variant(legacyId: number): Variant | undefined {
    return this.variants.find((variant) => variant.legacyId === legacyId);
  }

  carrier(legacyId: number): ShipmentCarrier | undefined {
    return this.carriers.find((carrier) => carrier.legacyId === legacyId);
  }

  /** Variants with one of these SKUs (exact match), by legacyId. */
  variantsWithSku(skus: readonly string[]): Variant[] {
    return [...new Set(skus)].flatMap((sku) => this.bySku.get(sku) ?? []).sort((a, b) => a.legacyId - b.legacyId);
  }

  /** Takes ordered units off a variant's stock. */
  take(variant: Variant, quantity: number, at: Date): void {
    variant.countOnHand -= quantity;
    variant.updatedAt = at;
  }
}
