import type {
  ItemStatus,
  StockListItem,
  StockListRequest,
  StockListResponse,
  StockUpdateRequest,
  StockUpdateResponse,
} from './wire.js';
import type { CatalogItem } from './catalog.js';
import { isoSeconds, type SandboxClock } from '../shared/clock.js';
import type { FbpiWarehouses } from './fbpi-warehouses.js';
import { OK, refused } from './grpc-status.js';
import type { Partner } from './partners.js';
import { unitInterval } from './random.js';

interface StockLevel {
  qty: number;
  processingTime: number;
  updatedAt: Date;
}

const MAX_QTY = 2_147_483_647;
/** Whole days from order to hand-over a partner may promise. */
const MAX_PROCESSING_DAYS = 30;
const DAY_MS = 86_400_000;

type Target = { item: CatalogItem } | { refusal: ItemStatus };

/**
 * noon's stock service for FBPI warehouses: an absolute quantity and a processing time per warehouse and partner
 * SKU. Every active catalog SKU starts with sample stock in its partner's warehouse (about one in ten at 0), set
 * some days before the simulator started; updates replace what they name, each item judged and answered alone.
 */
export class StockBook {
  private readonly levels = new Map<string, StockLevel>();
  private readonly startedAt: Date;

  constructor(
    private readonly clock: SandboxClock,
    private readonly warehouses: FbpiWarehouses,
  ) {
    this.startedAt = clock.now();
  }

  update(partner: Partner, request: StockUpdateRequest): StockUpdateResponse {
    return {
      items: request.items.map((item) => ({
        warehouse_code: item.warehouse_code,
        partner_sku: item.partner_sku,
        status: this.apply(partner, item),
      })),
    };
  }

  list(partner: Partner, request: StockListRequest): StockListResponse {
    return { items: request.items.map((item) => this.read(partner, item.warehouse_code, item.partner_sku)) };
  }

  private apply(partner: Partner, request: StockUpdateRequest['items'][number]): ItemStatus {
    const target = this.target(partner, request.warehouse_code, request.partner_sku);
    if ('refusal' in target) return target.refusal;
    if (request.qty === undefined && request.processing_time === undefined) {
      return refused('NOTHING_TO_UPDATE', 'send qty, processing_time or both');
    }
    if (request.qty !== undefined && !isWhole(request.qty, MAX_QTY)) {
      return refused('INVALID_QTY', 'qty must be a whole number of units, 0 or more');
    }
    if (request.processing_time !== undefined && !isWhole(request.processing_time, MAX_PROCESSING_DAYS)) {
      return refused('INVALID_PROCESSING_TIME', `processing_time must be whole days from 0 to ${MAX_PROCESSING_DAYS}`);
    }
    const current = this.current(request.warehouse_code, target.item);
    this.levels.set(key(request.warehouse_code, target.item), {
      qty: request.qty ?? current.qty,
      processingTime: request.processing_time ?? current.processingTime,
      updatedAt: this.clock.now(),
    });
    return OK;
  }

  private read(partner: Partner, warehouseCode: string, partnerSku: string): StockListItem {
    const answer = { warehouse_code: warehouseCode, partner_sku: partnerSku };
    const target = this.target(partner, warehouseCode, partnerSku);
    if ('refusal' in target) return { ...answer, status: target.refusal, qty: 0 };
    const level = this.current(warehouseCode, target.item);
    return {
      ...answer,
      status: OK,
      qty: level.qty,
      processing_time: level.processingTime,
      stock_updated_at: isoSeconds(level.updatedAt),
    };
  }

  private target(partner: Partner, warehouseCode: string, partnerSku: string): Target {
    const owner = this.warehouses.ownerOf(warehouseCode);
    if (owner === undefined) {
      return { refusal: refused('WAREHOUSE_NOT_FOUND', `warehouse ${warehouseCode} does not exist`) };
    }
    if (owner.keyId !== partner.keyId) {
      return { refusal: refused('FORBIDDEN', `warehouse ${warehouseCode} belongs to another partner`) };
    }
    const item = partner.catalog.find(partnerSku);
    if (item === undefined) return { refusal: refused('PARTNER_SKU_NOT_FOUND', 'partner_sku is not in your catalog') };
    if (!item.active) return { refusal: refused('INACTIVE_PSKU_CODE', 'partner_sku resolves to an inactive product') };
    return { item };
  }

  /** The level last set, else the SKU's sample level. */
  private current(warehouseCode: string, item: CatalogItem): StockLevel {
    const set = this.levels.get(key(warehouseCode, item));
    if (set !== undefined) return set;
    const u = unitInterval(`${warehouseCode}/${item.partnerSku}/stock`);
    return {
      qty: Math.floor(u * 1000) % 10 === 0 ? 0 : 1 + Math.floor(u * 60),
      processingTime: 1 + (Math.floor(u * 1e5) % 2),
      updatedAt: new Date(this.startedAt.getTime() - Math.ceil(u * 30) * DAY_MS),
    };
  }
}

function isWhole(value: number, max: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= max;
}

function key(warehouseCode: string, item: CatalogItem): string {
  return `${warehouseCode}\u0000${item.partnerSku}`;
}
