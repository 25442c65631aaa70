import { BadInput } from '../../../src/domain/errors.js';
import { checkIds, SKU } from '../../../src/domain/ids.js';
import type { ItemUpdateResult } from '../../../src/domain/item-update-result.js';
import type { CatalogUpdates, PriceUpdate, StockUpdate } from '../../../src/domain/ports/catalog-updates.js';
import type { NoonStockApi } from './api.js';
import { sendInBatches } from './batches.js';
import { failedItem, toItemUpdateResult } from './mapping.js';
import { MAX_ITEMS_PER_CALL, type ItemStatus, type PriceUpsertRequest } from './wire.js';

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * Every item's SKU of the shape every SKU has, and no key twice: the same key twice would make the outcome depend on
 * which one noon applied last.
 */
function checkItems<Item extends { sku: string }>(
  items: readonly Item[],
  key: (item: Item) => string,
  what: string,
): void {
  checkIds(
    items.map((item, index) => [`items[${index}].sku`, item.sku]),
    SKU,
  );
  const seen = new Set<string>();
  const repeated = new Set(items.map(key).filter((value) => seen.size === seen.add(value).size));
  if (repeated.size > 0) {
    throw BadInput.at('items', `each ${what} may appear once; repeated: ${[...repeated].slice(0, 20).join(', ')}`);
  }
}

/** noon's answer for each item of a batch, found by its key; an item noon did not answer for is reported as such. */
function answered<Item, Answer extends { status: ItemStatus }>(
  batch: readonly Item[],
  answers: readonly Answer[],
  itemKey: (item: Item) => string,
  answerKey: (answer: Answer) => string,
  result: (item: Item, status: ItemStatus | undefined) => ItemUpdateResult,
): ItemUpdateResult[] {
  const byKey = new Map(answers.map((answer) => [answerKey(answer), answer.status]));
  return batch.map((item) => result(item, byKey.get(itemKey(item))));
}

/**
 * Stock and price updates of the partner's offers on noon, sent in calls of at most 1,000 items. noon judges each
 * item on its own, so a refused SKU comes back as a failed result with noon's code while the others apply; results
 * follow the order of the request.
 */
export class NoonOfferUpdates implements CatalogUpdates {
  constructor(
    private readonly api: NoonStockApi,
    /** The partner's FBPI warehouse (NOON_FBPI_WAREHOUSE_CODE), whose stock this sets. */
    private readonly warehouseCode: string,
  ) {}

  get location(): string {
    return this.warehouseCode;
  }

  async updateStock(items: ReadonlyArray<StockUpdate>): Promise<ItemUpdateResult[]> {
    checkItems(items, (item) => item.sku, 'SKU');
    return sendInBatches(
      items,
      MAX_ITEMS_PER_CALL,
      async (batch) => {
        const response = await this.api.stock.update({
          items: batch.map((item) => ({
            warehouse_code: this.warehouseCode,
            partner_sku: item.sku,
            qty: item.quantity,
            ...(item.processingTimeDays === undefined ? {} : { processing_time: item.processingTimeDays }),
          })),
        });
        return answered(
          batch,
          response.items,
          (item) => item.sku,
          (answer) => answer.partner_sku,
          (item, status) => (status === undefined ? unanswered(item.sku) : toItemUpdateResult(item.sku, status)),
        );
      },
      (item, code, message) => failedItem(item.sku, code, message),
    );
  }

  async updatePrice(items: ReadonlyArray<PriceUpdate>): Promise<ItemUpdateResult[]> {
    const countryOf = (item: PriceUpdate) => item.country.toLowerCase();
    checkItems(items, (item) => `${item.sku} in ${countryOf(item)}`, 'SKU and country');
    // A price that is not a decimal never reaches noon; it is reported in its place among the results.
    const malformed = (item: PriceUpdate) =>
      !DECIMAL.test(item.price) ? 'price' : item.msrp !== undefined && !DECIMAL.test(item.msrp) ? 'msrp' : undefined;
    const valid = items.filter((item) => malformed(item) === undefined);
    const sent = await sendInBatches(
      valid,
      MAX_ITEMS_PER_CALL,
      async (batch) => {
        const request: PriceUpsertRequest = {
          items: batch.map((item) => ({
            partner_sku: item.sku,
            country_code: countryOf(item),
            price: Number(item.price),
            ...(item.msrp === undefined ? {} : { msrp: Number(item.msrp) }),
            ...(item.active === undefined ? {} : { is_active: item.active }),
          })),
        };
        const response = await this.api.pricing.upsert(request);
        return answered(
          batch,
          response.items,
          (item) => `${item.sku}\u0000${countryOf(item)}`,
          (answer) => `${answer.partner_sku}\u0000${answer.country_code}`,
          (item, status) =>
            status === undefined ? unanswered(item.sku) : toItemUpdateResult(item.sku, status, countryOf(item)),
        );
      },
      (item, code, message) => failedItem(item.sku, code, message),
    );
    const results = sent.values();
    return items.map((item) => {
      const field = malformed(item);
      if (field !== undefined) {
        const code = field === 'price' ? 'INVALID_PRICE' : 'INVALID_MSRP';
        return failedItem(item.sku, code, `${countryOf(item)}: ${field} "${item[field]}" is not a decimal amount`);
      }
      return results.next().value ?? unanswered(item.sku);
    });
  }
}

function unanswered(sku: string): ItemUpdateResult {
  return failedItem(sku, 'NOT_APPLIED', 'noon did not answer for this item');
}
