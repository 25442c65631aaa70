import { z } from 'zod';

// Request shapes of the stock and pricing routes. Only the shape is checked here: the values (quantities, prices,
// countries) are judged per item and answered in each item's status, so one bad item never fails the call.

const text = z.string().min(1, 'must not be empty');

/** At least one item; how many a call may hold is checked apart (400 ITEMS_LIMIT_EXCEEDED, as inbound). */
function items<T extends z.ZodType>(item: T, key: (value: z.output<T>) => string, repeated: string) {
  return z
    .array(item)
    .min(1, 'must hold at least one item')
    .refine((list) => new Set(list.map(key)).size === list.length, `must not repeat ${repeated}`);
}

const warehouseSku = { warehouse_code: text, partner_sku: text };
const skuCountry = { partner_sku: text, country_code: z.string() };

export const stockUpdateBody = z.object({
  items: items(
    z.object({ ...warehouseSku, qty: z.number().optional(), processing_time: z.number().optional() }),
    (item) => `${item.warehouse_code}\u0000${item.partner_sku}`,
    'a warehouse_code and partner_sku',
  ),
});

export const stockListBody = z.object({
  items: items(
    z.object(warehouseSku),
    (item) => `${item.warehouse_code}\u0000${item.partner_sku}`,
    'a warehouse_code and partner_sku',
  ),
});

export const priceUpsertBody = z.object({
  items: items(
    z.object({
      ...skuCountry,
      price: z.number().optional(),
      msrp: z.number().optional(),
      is_active: z.boolean().optional(),
    }),
    (item) => `${item.partner_sku}\u0000${item.country_code}`,
    'a partner_sku and country_code',
  ),
});

export const priceGetBody = z.object({
  items: items(
    z.object(skuCountry),
    (item) => `${item.partner_sku}\u0000${item.country_code}`,
    'a partner_sku and country_code',
  ),
});
