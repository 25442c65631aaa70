import type { InventoryLevel } from '../../../src/domain/inventory-level.js';
import type { ItemUpdateResult } from '../../../src/domain/item-update-result.js';
import { Marketplace } from '../../../src/domain/marketplace.js';
import { STATUS_OK, type ItemStatus, type StockListItem } from './wire.js';

/** One item's gRPC-style status as the unified result; `context` (e.g. the country) prefixes a refusal's message. */
export function toItemUpdateResult(sku: string, status: ItemStatus, context?: string): ItemUpdateResult {
  if (status.status_id === STATUS_OK) return { sku, success: true, code: null, message: null };
  const message = status.message || status.status_code;
  return {
    sku,
    success: false,
    code: status.status_code,
    message: context === undefined ? message : `${context}: ${message}`,
  };
}

/** A refusal of ours or an item noon left unanswered, in the same shape. */
export function failedItem(sku: string, code: string, message: string): ItemUpdateResult {
  return { sku, success: false, code, message };
}

/** A stock-list entry noon answered OK for: its warehouse is the location, qty the units available. */
export function toInventoryLevel(item: StockListItem): InventoryLevel {
  return {
    sku: item.partner_sku,
    marketplace: Marketplace.NOON,
    location: item.warehouse_code,
    available: item.qty,
    updatedAt: item.stock_updated_at === undefined ? null : new Date(item.stock_updated_at),
  };
}
