import type {
  ItemStatus,
  PriceGetItem,
  PriceGetRequest,
  PriceGetResponse,
  PriceUpsertRequest,
  PriceUpsertResponse,
} from './wire.js';
import { isSoldIn, type CatalogItem } from './catalog.js';
import { currencyOf } from './currencies.js';
import { OK, refused } from './grpc-status.js';
import type { Partner } from './partners.js';
import { unitInterval } from './random.js';

interface Price {
  price: number;
  /** null: no "was" price shown. */
  msrp: number | null;
  isActive: boolean;
}

/** No listing costs more; a larger number is a typo rather than a price. */
const MAX_AMOUNT = 10_000_000;

/** Positive, finite and with at most two decimals: AED, SAR and EGP all have two. */
function isAmount(value: number): boolean {
  return (
    Number.isFinite(value) && value > 0 && value <= MAX_AMOUNT && Math.abs(Math.round(value * 100) - value * 100) < 1e-6
  );
}

/** Stable per partner, SKU and country: 19.00 to 498.95 AED or SAR, about 13 times that in whole EGP. */
function samplePrice(partner: Partner, item: CatalogItem, country: string): Price {
  const u = unitInterval(`${partner.projectCode}/${item.partnerSku}/price`);
  const minor = (19 + Math.floor(u * 480)) * 100 + ([0, 50, 95][Math.floor(u * 1e6) % 3] ?? 0);
  const price = country === 'EG' ? Math.round((minor * 13) / 100) : minor / 100;
  const msrp = Math.floor(u * 1e7) % 10 === 0 ? null : Math.ceil(price * 1.25);
  return { price, msrp, isActive: true };
}

type Target = { item: CatalogItem; country: string } | { refusal: ItemStatus };

/**
 * noon's pricing service for the partners' offers: one price per partner SKU and country. Every active catalog SKU
 * starts with a sample price in each country it is sold in; upserts replace what they name. Each item is judged on
 * its own and answered with its own status (docs/noon-fbpi.md lists the codes).
 */
export class PriceBook {
  private readonly prices = new Map<string, Price>();

  upsert(partner: Partner, request: PriceUpsertRequest): PriceUpsertResponse {
    return {
      items: request.items.map((item) => ({
        partner_sku: item.partner_sku,
        country_code: item.country_code,
        status: this.apply(partner, item),
      })),
    };
  }

  get(partner: Partner, request: PriceGetRequest): PriceGetResponse {
    return { items: request.items.map((item) => this.read(partner, item.partner_sku, item.country_code)) };
  }

  /** The price a new order line is charged: the SKU's current price in the (upper-case) country. */
  priceOf(partner: Partner, item: CatalogItem, country: string): number {
    return this.current(partner, item, country).price;
  }

  private apply(partner: Partner, request: PriceUpsertRequest['items'][number]): ItemStatus {
    const target = this.target(partner, request.partner_sku, request.country_code);
    if ('refusal' in target) return target.refusal;
    if (request.price === undefined && request.msrp === undefined && request.is_active === undefined) {
      return refused('NOTHING_TO_UPDATE', 'send at least one of price, msrp and is_active');
    }
    if (request.price !== undefined && !isAmount(request.price)) {
      return refused('INVALID_PRICE', 'price must be a positive amount with at most 2 decimals');
    }
    const current = this.current(partner, target.item, target.country);
    const price = request.price ?? current.price;
    const msrp = request.msrp ?? current.msrp;
    if (request.msrp !== undefined && !isAmount(request.msrp)) {
      return refused('INVALID_MSRP', 'msrp must be a positive amount with at most 2 decimals');
    }
    if (msrp !== null && msrp < price) {
      return refused('INVALID_MSRP', `msrp ${msrp} is below the price ${price}; send an msrp of at least the price`);
    }
    this.prices.set(key(partner, target.item, target.country), {
      price,
      msrp,
      isActive: request.is_active ?? current.isActive,
    });
    return OK;
  }

  private read(partner: Partner, partnerSku: string, countryCode: string): PriceGetItem {
    const target = this.target(partner, partnerSku, countryCode);
    const answer = { partner_sku: partnerSku, country_code: countryCode };
    if ('refusal' in target) return { ...answer, status: target.refusal };
    const price = this.current(partner, target.item, target.country);
    return {
      ...answer,
      status: OK,
      price: price.price,
      ...(price.msrp === null ? {} : { msrp: price.msrp }),
      is_active: price.isActive,
      currency_code: currencyOf(target.country),
    };
  }

  /** The catalog item and upper-case country an item names, or why it cannot be priced. */
  private target(partner: Partner, partnerSku: string, countryCode: string): Target {
    if (!/^[a-z]{2}$/.test(countryCode) || !partner.countries.includes(countryCode.toUpperCase())) {
      const allowed = partner.countries.map((country) => country.toLowerCase()).join(', ');
      return { refusal: refused('INVALID_COUNTRY_CODE', `country_code must be one of ${allowed} (lower case)`) };
    }
    const country = countryCode.toUpperCase();
    const item = partner.catalog.find(partnerSku);
    if (item === undefined) return { refusal: refused('PARTNER_SKU_NOT_FOUND', 'partner_sku is not in your catalog') };
    if (!item.active) return { refusal: refused('INACTIVE_PSKU_CODE', 'partner_sku resolves to an inactive product') };
    if (!isSoldIn(item, country)) {
      return { refusal: refused('NOT_SOLD_IN_COUNTRY', `partner_sku is not sold in ${countryCode}`) };
    }
    return { item, country };
  }

  private current(partner: Partner, item: CatalogItem, country: string): Price {
    return this.prices.get(key(partner, item, country)) ?? samplePrice(partner, item, country);
  }
}

function key(partner: Partner, item: CatalogItem, country: string): string {
  return [partner.keyId, item.partnerSku, country].join('\u0000');
}
