import type {
  CancellationReasonCode,
  CreateSandboxOrderRequest,
  ErrorDetail,
  FbpiOrderCustomerData,
  IntegrationItemStatus,
  MpCode,
  MpItemStatus,
  SandboxOrderItemStatus,
} from './wire.js';
import { isSoldIn, type CatalogItem } from './catalog.js';
import type { SandboxClock } from '../shared/clock.js';
import { NoonError } from './errors.js';
import { sampleCustomer } from './fbpi-customers.js';
import type { FbpiWarehouses } from './fbpi-warehouses.js';
import type { Partner } from './partners.js';
import type { PriceBook } from './pricing.js';
import { seededRandom } from './random.js';

export interface FbpiItemRecord {
  readonly mpItemNr: string;
  readonly item: CatalogItem;
  /** What the customer pays for the unit, in the order's currency. */
  readonly price: number;
  mpStatus: MpItemStatus;
  integrationStatus: IntegrationItemStatus;
  cancellationReason: CancellationReasonCode | null;
  /** integration_shipment_nr of the shipment that took the item; null until shipped. */
  shipmentNr: string | null;
}

export interface FbpiOrderRecord {
  readonly fbpiOrderNr: string;
  readonly partnerKeyId: string;
  readonly mpCode: MpCode;
  readonly mpOrderNr: string;
  /** Upper case; the wire writes it lower case. */
  readonly countryCode: string;
  readonly merchantCode: string;
  readonly warehouseCode: string;
  readonly createdAt: Date;
  readonly customer: FbpiOrderCustomerData;
  readonly items: FbpiItemRecord[];
}

export interface NewOrder {
  partner: Partner;
  countryCode: string;
  mpCode: MpCode;
  createdAt: Date;
  lines: ReadonlyArray<{ item: CatalogItem; status: SandboxOrderItemStatus }>;
}

export interface OrderListFilter {
  warehouseCode: string;
  /** Inclusive bounds on order_created_at. */
  createdAfter?: Date;
  createdBefore?: Date;
}

/**
 * Told of every order noon creates and of every change to an order's items: what noon's order events announce.
 * A change that leaves every item as it was is not one.
 */
export interface FbpiOrderWatcher {
  created(order: FbpiOrderRecord): void;
  changed(order: FbpiOrderRecord): void;
}

/** Every item's statuses, to tell whether an operation changed the order. */
function itemStatuses(order: FbpiOrderRecord): string {
  return JSON.stringify(order.items.map((item) => [item.mpStatus, item.integrationStatus, item.cancellationReason]));
}

/** A sandbox order takes at most this many items (chosen: a test order needs few). */
export const MAX_SANDBOX_ORDER_ITEMS = 20;

/** Not yet shipped nor cancelled: the partner may still acknowledge it, mark it out of stock or ship it. */
export function isOpen(item: FbpiItemRecord): boolean {
  return (
    item.mpStatus === 'MP_ITEM_STATUS_CONFIRMED' &&
    (item.integrationStatus === 'INTEGRATION_ITEM_STATUS_UNSPECIFIED' ||
      item.integrationStatus === 'INTEGRATION_ITEM_STATUS_ACKNOWLEDGED')
  );
}

/** Why an item cannot take part in an operation that needs it open (and, for shipping, acknowledged). */
export function itemState(item: FbpiItemRecord): string {
  if (item.mpStatus === 'MP_ITEM_STATUS_CANCELLED') {
    return `item ${item.mpItemNr} is cancelled (${item.cancellationReason ?? 'cancelled'})`;
  }
  if (item.integrationStatus === 'INTEGRATION_ITEM_STATUS_SHIPPED') {
    return `item ${item.mpItemNr} is shipped (shipment ${item.shipmentNr ?? '?'})`;
  }
  if (item.integrationStatus === 'INTEGRATION_ITEM_STATUS_UNSPECIFIED') {
    return `item ${item.mpItemNr} is not acknowledged yet; acknowledge the order first`;
  }
  return `item ${item.mpItemNr} is ${item.integrationStatus}`;
}

/** The items named by `mpItemNrs`, refusing (400 ORDER_ITEM_NOT_FOUND) any the order does not hold. */
export function itemsOf(order: FbpiOrderRecord, mpItemNrs: readonly string[]): FbpiItemRecord[] {
  const problems: ErrorDetail[] = [];
  const found = mpItemNrs.flatMap((mpItemNr, index) => {
    const item = order.items.find((candidate) => candidate.mpItemNr === mpItemNr);
    if (item === undefined) {
      problems.push({
        field: `items[${index}].mp_item_nr`,
        message: `${mpItemNr} is not an item of order ${order.fbpiOrderNr}`,
      });
    }
    return item === undefined ? [] : [item];
  });
  if (problems.length > 0) {
    throw new NoonError('ORDER_ITEM_NOT_FOUND', problems[0]?.message, problems);
  }
  return found;
}

/** 409 INVALID_ITEM_STATUS naming each item (by its position in the request) that `allowed` refuses. */
export function requireItems(
  items: readonly FbpiItemRecord[],
  allowed: (item: FbpiItemRecord) => boolean,
  operation: string,
): void {
  const problems: ErrorDetail[] = items.flatMap((item, index) =>
    allowed(item) ? [] : [{ field: `items[${index}].mp_item_nr`, message: itemState(item) }],
  );
  if (problems.length > 0) {
    throw new NoonError(
      'INVALID_ITEM_STATUS',
      `${problems.length} item(s) cannot be ${operation}: ${problems[0]?.message}`,
      problems,
    );
  }
}

/** Whether a customer can order `item` in the (upper-case) country, or the item error saying why not. */
function orderable(
  item: CatalogItem | undefined,
  countryCode: string,
): { item: CatalogItem } | { code: string; message: string } {
  if (item === undefined) return { code: 'PARTNER_SKU_NOT_FOUND', message: 'partner_sku is not in your catalog' };
  if (!item.active) return { code: 'INACTIVE_PSKU_CODE', message: 'partner_sku resolves to an inactive product' };
  if (!isSoldIn(item, countryCode)) {
    return { code: 'NOT_SOLD_IN_COUNTRY', message: `partner_sku is not sold in ${countryCode.toLowerCase()}` };
  }
  return { item };
}

/**
 * Every FBPI order, and the partner's side of its items (docs/noon-fbpi.md, "Item status"): acknowledge, out of
 * stock, and the customer's cancellation, which only noon decides (a sandbox control). Shipping lives in
 * FbpiShipmentStore. Each operation acts for a partner, so existence (404) and ownership (403) come first.
 */
export class FbpiOrderStore {
  /** In creation order. */
  private readonly byNr = new Map<string, FbpiOrderRecord>();
  private readonly byIdempotencyKey = new Map<string, FbpiOrderRecord>();
  private orderCount = 0;
  private itemCount = 0;

  constructor(
    private readonly clock: SandboxClock,
    private readonly warehouses: FbpiWarehouses,
    private readonly prices: PriceBook,
    private readonly watcher: FbpiOrderWatcher,
  ) {}

  /** A new order in the partner's FBPI warehouse, as noon creates it when a customer buys (or a test asks). */
  add(input: NewOrder): FbpiOrderRecord {
    this.orderCount += 1;
    const serial = 100_000_000 + this.orderCount;
    const order: FbpiOrderRecord = {
      fbpiOrderNr: `NFBO${serial}`,
      partnerKeyId: input.partner.keyId,
      mpCode: input.mpCode,
      mpOrderNr: `N${input.countryCode}${serial}`,
      countryCode: input.countryCode,
      merchantCode: input.partner.merchantCode,
      warehouseCode: input.partner.fbpiWarehouseCode,
      // Whole seconds, as the wire writes it, so the inclusive list bounds match what the client reads.
      createdAt: new Date(Math.floor(input.createdAt.getTime() / 1000) * 1000),
      customer: sampleCustomer(input.countryCode, seededRandom(`customer/${serial}`)),
      items: input.lines.map(({ item, status }) => {
        this.itemCount += 1;
        const cancelled = status === 'MP_ITEM_STATUS_CANCELLED';
        return {
          mpItemNr: `NI${String(this.itemCount).padStart(10, '0')}`,
          item,
          price: this.prices.priceOf(input.partner, item, input.countryCode),
          mpStatus: status,
          integrationStatus: 'INTEGRATION_ITEM_STATUS_UNSPECIFIED',
          cancellationReason: cancelled ? 'CUSTOMER_CANCELLED' : null,
          shipmentNr: null,
        };
      }),
    };
    this.byNr.set(order.fbpiOrderNr, order);
    this.watcher.created(order);
    return order;
  }

  /** Applies `change` to the order's items, and tells the watcher when it changed anything. */
  modify(order: FbpiOrderRecord, change: () => void): void {
    const before = itemStatuses(order);
    change();
    if (itemStatuses(order) !== before) this.watcher.changed(order);
  }

  get(partner: Partner, fbpiOrderNr: string): FbpiOrderRecord {
    const order = this.find(fbpiOrderNr);
    if (order.partnerKeyId !== partner.keyId) {
      throw new NoonError('FORBIDDEN', `order ${fbpiOrderNr} belongs to another partner`);
    }
    return order;
  }

  /** The warehouse's orders in the time window, newest first (order_created_at, then fbpi_order_nr). */
  list(partner: Partner, filter: OrderListFilter): FbpiOrderRecord[] {
    this.warehouses.requireOwn(partner, filter.warehouseCode);
    const after = filter.createdAfter?.getTime() ?? Number.NEGATIVE_INFINITY;
    const before = filter.createdBefore?.getTime() ?? Number.POSITIVE_INFINITY;
    return [...this.byNr.values()]
      .filter((order) => {
        const at = order.createdAt.getTime();
        return order.warehouseCode === filter.warehouseCode && at >= after && at <= before;
      })
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.fbpiOrderNr < b.fbpiOrderNr ? 1 : -1));
  }

  /**
   * UpdateOrder, the acknowledgement: the items listed go out of stock (cancelled on noon's side), every other
   * unacknowledged live item is acknowledged. Repeating it changes nothing: an item already out of stock may be
   * listed again. Refused: an item the order does not hold (400), one shipped or cancelled otherwise (409), and an
   * order with nothing left to acknowledge when no item is listed (409 INVALID_ORDER_STATUS).
   */
  update(partner: Partner, fbpiOrderNr: string, outOfStock: readonly string[]): void {
    const order = this.get(partner, fbpiOrderNr);
    const listed = itemsOf(order, outOfStock);
    requireItems(
      listed,
      (item) => isOpen(item) || item.integrationStatus === 'INTEGRATION_ITEM_STATUS_OUT_OF_STOCK',
      'marked out of stock',
    );
    if (listed.length === 0 && !order.items.some(isOpen)) {
      throw new NoonError(
        'INVALID_ORDER_STATUS',
        `order ${fbpiOrderNr} has nothing left to acknowledge: every item is shipped or cancelled`,
      );
    }
    this.modify(order, () => {
      for (const item of listed) {
        item.mpStatus = 'MP_ITEM_STATUS_CANCELLED';
        item.integrationStatus = 'INTEGRATION_ITEM_STATUS_OUT_OF_STOCK';
        item.cancellationReason = 'OUT_OF_STOCK';
      }
      for (const item of order.items) {
        if (isOpen(item)) item.integrationStatus = 'INTEGRATION_ITEM_STATUS_ACKNOWLEDGED';
      }
    });
  }

  /**
   * CreateSandboxOrder. The same warehouse and idempotency_key give back the order made the first time, whatever
   * the rest of the request says.
   */
  createSandboxOrder(partner: Partner, request: CreateSandboxOrderRequest): FbpiOrderRecord {
    this.warehouses.requireOwn(partner, request.warehouse_code);
    const idempotencyKey = `${request.warehouse_code}\u0000${request.idempotency_key}`;
    const existing = this.byIdempotencyKey.get(idempotencyKey);
    if (existing !== undefined) return existing;
    const order = this.place(partner, request.country_code ?? 'ae', request.items);
    this.byIdempotencyKey.set(idempotencyKey, order);
    return order;
  }

  /**
   * A customer's order in the partner's warehouse, now, in the (lower-case) country. An item without partner_sku
   * gets one of the partner's SKUs sold there; a named SKU must be in the catalog, active and sold there
   * (400 ITEM_VALIDATION_FAILED naming each one that is not).
   */
  place(partner: Partner, countryCode: string, items: CreateSandboxOrderRequest['items']): FbpiOrderRecord {
    const country = countryCode.toUpperCase();
    if (!partner.countries.includes(country)) {
      throw new NoonError('WRONG_COUNTRY', `country_code ${countryCode} is not one of your countries`);
    }
    const sellable = partner.catalog.eligible({ countryCode: country });
    const problems: ErrorDetail[] = [];
    const lines = items.flatMap((line, index) => {
      if (line.partner_sku === undefined) {
        const item = sellable[(this.orderCount * 7 + index) % sellable.length];
        return item === undefined ? [] : [{ item, status: line.status }];
      }
      const check = orderable(partner.catalog.find(line.partner_sku), country);
      if ('item' in check) return [{ item: check.item, status: line.status }];
      problems.push({ partner_sku: line.partner_sku, field: `items[${index}].partner_sku`, ...check });
      return [];
    });
    if (problems.length > 0) {
      throw new NoonError('ITEM_VALIDATION_FAILED', `${problems.length} item(s) cannot be ordered`, problems);
    }
    return this.add({ partner, countryCode: country, mpCode: 'noon', createdAt: this.clock.now(), lines });
  }

  /**
   * The customer (or noon) cancels items not yet shipped: noon's side of a cancellation, which no partner API
   * drives. Every live unshipped item when `mpItemNrs` is omitted.
   */
  customerCancel(fbpiOrderNr: string, mpItemNrs?: readonly string[]): FbpiOrderRecord {
    const order = this.find(fbpiOrderNr);
    const items = mpItemNrs === undefined ? order.items.filter(isOpen) : itemsOf(order, mpItemNrs);
    requireItems(items, isOpen, 'cancelled by the customer');
    this.modify(order, () => {
      for (const item of items) {
        item.mpStatus = 'MP_ITEM_STATUS_CANCELLED';
        item.cancellationReason = 'CUSTOMER_CANCELLED';
      }
    });
    return order;
  }

  private find(fbpiOrderNr: string): FbpiOrderRecord {
    const order = this.byNr.get(fbpiOrderNr);
    if (order === undefined) throw new NoonError('ORDER_NOT_FOUND', `FBPI order ${fbpiOrderNr} does not exist`);
    return order;
  }
}
