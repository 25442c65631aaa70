import { createHash } from 'node:crypto';
import type { StorageType } from './wire.js';
import { sortedByKey } from './paging.js';

export interface CatalogItem {
  partnerSku: string;
  sku: string;
  title: string;
  /** null: no active barcode mapping (NO_MAPPED_PBARCODE). */
  barcode: string | null;
  imageUrl: string;
  storageType: StorageType;
  active: boolean;
  /** Countries the item may be sold in; null when it is sold in every country of the partner. */
  countries: readonly string[] | null;
}

export interface EligibleItemFilter {
  storageType?: string;
  countryCode?: string;
  /** Case-insensitive substring of partner_sku or title. */
  search?: string;
}

export function isSoldIn(item: CatalogItem, countryCode: string): boolean {
  return item.countries === null || item.countries.includes(countryCode);
}

/** The overview: only items with a mapped barcode, a title and an uploaded image are eligible. */
function isEligible(item: CatalogItem): boolean {
  return item.active && item.barcode !== null && item.title !== '' && item.imageUrl !== '';
}

/** One partner's catalog, ordered by partner_sku (the paging key of ListEligibleItems). */
export class Catalog {
  private readonly bySku: ReadonlyMap<string, CatalogItem>;
  private readonly ordered: readonly CatalogItem[];

  constructor(items: readonly CatalogItem[]) {
    this.ordered = sortedByKey(items, (item) => item.partnerSku);
    this.bySku = new Map(items.map((item) => [item.partnerSku, item]));
  }

  find(partnerSku: string): CatalogItem | undefined {
    return this.bySku.get(partnerSku);
  }

  eligible(filter: EligibleItemFilter): CatalogItem[] {
    const search = filter.search?.toLowerCase();
    return this.ordered.filter(
      (item) =>
        isEligible(item) &&
        (filter.storageType === undefined || item.storageType === filter.storageType) &&
        (filter.countryCode === undefined || isSoldIn(item, filter.countryCode)) &&
        (search === undefined ||
          item.partnerSku.toLowerCase().includes(search) ||
          item.title.toLowerCase().includes(search)),
    );
  }
}

const COLOURS = ['Black', 'White', 'Blue', 'Red', 'Green', 'Grey', 'Beige', 'Navy'];
const PRODUCTS = ['Cotton T-Shirt', 'Running Shoes', 'Phone Case', 'Water Bottle', 'Backpack', 'Desk Lamp', 'Yoga Mat'];
const BULKY_PRODUCTS = ['Three-Seater Sofa', 'Refrigerator', 'Washing Machine', 'Wardrobe', 'Treadmill', 'Mattress'];
const BULKY_COUNT = 60;

/** Stable per partner and SKU, so the same sandbox options always produce the same catalog. */
function digest(projectCode: string, partnerSku: string): string {
  return createHash('sha256').update(`${projectCode}/${partnerSku}`).digest('hex');
}

/** EAN-13 under the UAE GS1 prefix 629, with a correct check digit. */
function ean13(hex: string): string {
  const body = `629${String(Number.parseInt(hex.slice(0, 8), 16) % 1e9).padStart(9, '0')}`;
  const sum = [...body].reduce((total, digit, index) => total + Number(digit) * (index % 2 === 0 ? 1 : 3), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

function item(
  projectCode: string,
  partnerSku: string,
  title: string,
  storageType: StorageType,
  overrides: Partial<Pick<CatalogItem, 'active' | 'barcode' | 'countries'>> = {},
): CatalogItem {
  const hex = digest(projectCode, partnerSku);
  const sku = `N${hex.slice(0, 10).toUpperCase()}A`;
  return {
    partnerSku,
    sku,
    title,
    barcode: ean13(hex),
    imageUrl: `https://f.nooncdn.com/p/${sku.toLowerCase()}/1.jpg`,
    storageType,
    active: true,
    countries: null,
    ...overrides,
  };
}

function pick(list: readonly string[], index: number): string {
  return list[index % list.length] ?? '';
}

/**
 * `size` eligible non-bulky SKUs `PSKU-000001`…, 60 eligible bulky SKUs `BULKY-0001`…, and one SKU per catalog
 * refusal the tests need: inactive, without barcode, and sold in AE only.
 */
export function buildCatalog(projectCode: string, size: number): Catalog {
  const items: CatalogItem[] = [];
  for (let n = 1; n <= size; n += 1) {
    const title = `${pick(COLOURS, n)} ${pick(PRODUCTS, n)} #${n}`;
    items.push(item(projectCode, `PSKU-${String(n).padStart(6, '0')}`, title, 'STORAGE_TYPE_NON_BULKY'));
  }
  for (let n = 1; n <= BULKY_COUNT; n += 1) {
    const title = `${pick(COLOURS, n)} ${pick(BULKY_PRODUCTS, n)} #${n}`;
    items.push(item(projectCode, `BULKY-${String(n).padStart(4, '0')}`, title, 'STORAGE_TYPE_BULKY'));
  }
  items.push(
    item(projectCode, 'PSKU-INACTIVE-1', 'Discontinued Desk Fan', 'STORAGE_TYPE_NON_BULKY', { active: false }),
    item(projectCode, 'PSKU-NOBARCODE-1', 'Unmapped Travel Mug', 'STORAGE_TYPE_NON_BULKY', { barcode: null }),
    item(projectCode, 'PSKU-AE-ONLY-1', 'Prayer Mat (UAE edition)', 'STORAGE_TYPE_NON_BULKY', { countries: ['AE'] }),
  );
  return new Catalog(items);
}
