import type {
  AsnStatus,
  ErrorDetail,
  InboundItemErrorCode,
  ScheduleSlot,
  ShipmentType,
  StatusAction,
  StorageType,
} from './wire.js';
import { isSoldIn, type CatalogItem } from './catalog.js';
import type { SandboxClock } from '../shared/clock.js';
import { NoonError, validationError } from './errors.js';
import { sortedByKey } from './paging.js';
import type { Partner } from './partners.js';
import { slotStart, type SlotBooking, type SlotLedger } from './slots.js';
import { inboundWarehouse, type InboundWarehouse } from './warehouses.js';

/** Appendix B: at most 1,000 items per items update or delete call. */
const MAX_ITEMS_PER_CALL = 1000;

const DAY_MS = 86_400_000;

export interface ShipmentLine {
  item: CatalogItem;
  qty: number;
}

export interface Shipment {
  readonly asnNr: string;
  readonly exrefNr: string;
  readonly shipmentType: ShipmentType;
  readonly partnerKeyId: string;
  readonly countryCode: string;
  readonly createdAt: Date;
  status: AsnStatus;
  /** By partner_sku, the upsert key. */
  readonly lines: Map<string, ShipmentLine>;
  /** Set while the ASN holds a warehouse slot. */
  schedule: SlotBooking | null;
  qtyReceived: number;
  qtyPutaway: number;
  /** Also the start of the expiry window: an ASN "untouched" this long in CREATED or SEALED expires. */
  updatedAt: Date;
}

export interface CreateShipmentInput {
  shipmentType: ShipmentType;
  exrefNr: string;
  countryCode: string;
}

export interface ItemUpsert {
  partnerSku: string;
  qty: number;
  /** Any string: a value that is not the catalog's storage type is an item error, not a malformed body. */
  storageType: string;
}

export interface ShipmentFilter {
  status?: AsnStatus;
  countryCode?: string;
}

export interface SlotAvailability {
  warehouse: InboundWarehouse;
  days: Array<{ date: string; slots: ScheduleSlot[] }>;
}

type ItemProblem = { code: InboundItemErrorCode; message: string };
type ItemCheck = { item: CatalogItem } | ItemProblem;

const UNKNOWN_SKU: ItemProblem = { code: 'PARTNER_SKU_NOT_FOUND', message: 'partner_sku is not in your catalog' };

/** The catalog checks of UpdateShipmentItems, in the order noon reports them, for one requested item. */
function checkItem(item: CatalogItem | undefined, requested: string, asnType: StorageType | undefined): ItemCheck {
  if (item === undefined) return UNKNOWN_SKU;
  if (!item.active) return { code: 'INACTIVE_PSKU_CODE', message: 'partner_sku resolves to an inactive product' };
  if (item.barcode === null) {
    return { code: 'NO_MAPPED_PBARCODE', message: 'partner_sku has no active barcode mapping' };
  }
  if (requested !== item.storageType) {
    return { code: 'INVALID_STORAGE_TYPE', message: `storage_type must be ${item.storageType} for this item` };
  }
  if (asnType !== undefined && item.storageType !== asnType) {
    return {
      code: 'INVALID_STORAGE_TYPE',
      message: `bulky and non-bulky items cannot share an ASN; this ASN holds ${asnType} items`,
    };
  }
  return { item };
}

export function expectedQty(shipment: Shipment): number {
  let total = 0;
  for (const line of shipment.lines.values()) total += line.qty;
  return total;
}

/** The order ListShipmentItems pages in. */
export function linesBySku(shipment: Shipment): ShipmentLine[] {
  return sortedByKey(shipment.lines.values(), (line) => line.item.partnerSku);
}

function storageTypeOf(shipment: Shipment): StorageType | undefined {
  return shipment.lines.values().next().value?.item.storageType;
}

function itemValidationFailed(failures: ErrorDetail[]): NoonError {
  return new NoonError('ITEM_VALIDATION_FAILED', `${failures.length} item(s) failed catalog validation`, failures);
}

function requireStatus(shipment: Shipment, allowed: readonly AsnStatus[], operation: string): void {
  if (!allowed.includes(shipment.status)) {
    throw new NoonError(
      'INVALID_ASN_STATUS',
      `ASN ${shipment.asnNr} is ${shipment.status}; ${operation} needs ${allowed.join(' or ')}`,
    );
  }
}

/**
 * Every ASN of every partner and the status machine of docs/noon-inbound.md. Each operation acts for a partner,
 * so ownership (403) and existence (404) are checked before anything else.
 */
export class ShipmentStore {
  /** In creation order, which is also asn_nr order. */
  private readonly byAsn = new Map<string, Shipment>();
  private readonly byExref = new Map<string, Shipment>();
  private created = 0;

  constructor(
    private readonly clock: SandboxClock,
    private readonly slots: SlotLedger,
    private readonly expiryDays: number,
  ) {}

  /** Idempotent: the same partner, exref_nr and shipment_type give back the ASN created the first time. */
  create(partner: Partner, input: CreateShipmentInput): Shipment {
    if (!partner.countries.includes(input.countryCode)) {
      throw new NoonError(
        'WRONG_COUNTRY',
        `country_code ${input.countryCode} is not one of your countries (${partner.countries.join(', ')})`,
      );
    }
    const exrefKey = [partner.keyId, input.shipmentType, input.exrefNr].join('\u0000');
    const existing = this.byExref.get(exrefKey);
    if (existing !== undefined) return this.refreshed(existing);

    this.created += 1;
    const now = this.clock.now();
    const shipment: Shipment = {
      asnNr: `ASN${1_000_000_000 + this.created}`,
      exrefNr: input.exrefNr,
      shipmentType: input.shipmentType,
      partnerKeyId: partner.keyId,
      countryCode: input.countryCode,
      createdAt: now,
      status: 'ASN_STATUS_CREATED',
      lines: new Map(),
      schedule: null,
      qtyReceived: 0,
      qtyPutaway: 0,
      updatedAt: now,
    };
    this.byAsn.set(shipment.asnNr, shipment);
    this.byExref.set(exrefKey, shipment);
    return shipment;
  }

  get(partner: Partner, asnNr: string): Shipment {
    const shipment = this.find(asnNr);
    if (shipment.partnerKeyId !== partner.keyId) {
      throw new NoonError('FORBIDDEN', `ASN ${asnNr} belongs to another partner`);
    }
    return shipment;
  }

  /** The partner's ASNs, newest first. */
  list(partner: Partner, filter: ShipmentFilter): Shipment[] {
    return [...this.byAsn.values()]
      .reverse()
      .filter((shipment) => shipment.partnerKeyId === partner.keyId)
      .map((shipment) => this.refreshed(shipment))
      .filter(
        (shipment) =>
          (filter.status === undefined || shipment.status === filter.status) &&
          (filter.countryCode === undefined || shipment.countryCode === filter.countryCode),
      );
  }

  /** Upsert by partner_sku; a call with any failing item changes nothing (ITEM_VALIDATION_FAILED lists them all). */
  upsertItems(partner: Partner, asnNr: string, upserts: readonly ItemUpsert[]): Shipment {
    requireWithinLimit(upserts.length);
    const shipment = this.get(partner, asnNr);
    requireStatus(shipment, ['ASN_STATUS_CREATED'], 'updating items');

    const failures: ErrorDetail[] = [];
    const accepted: ShipmentLine[] = [];
    let asnType = storageTypeOf(shipment);
    for (const upsert of upserts) {
      const check = checkItem(partner.catalog.find(upsert.partnerSku), upsert.storageType, asnType);
      if ('item' in check) {
        asnType ??= check.item.storageType;
        accepted.push({ item: check.item, qty: upsert.qty });
      } else {
        failures.push({ partner_sku: upsert.partnerSku, code: check.code, message: check.message });
      }
    }
    if (failures.length > 0) throw itemValidationFailed(failures);
    for (const line of accepted) shipment.lines.set(line.item.partnerSku, line);
    this.touch(shipment);
    return shipment;
  }

  /** Removing a SKU the ASN does not hold is a no-op, so a repeated delete succeeds. */
  deleteItems(partner: Partner, asnNr: string, partnerSkus: readonly string[]): Shipment {
    requireWithinLimit(partnerSkus.length);
    const shipment = this.get(partner, asnNr);
    requireStatus(shipment, ['ASN_STATUS_CREATED'], 'deleting items');

    const failures: ErrorDetail[] = partnerSkus
      .filter((partnerSku) => partner.catalog.find(partnerSku) === undefined)
      .map((partnerSku) => ({ partner_sku: partnerSku, ...UNKNOWN_SKU }));
    if (failures.length > 0) throw itemValidationFailed(failures);
    const removed = partnerSkus.filter((partnerSku) => shipment.lines.delete(partnerSku));
    if (removed.length > 0) this.touch(shipment);
    return shipment;
  }

  updateStatus(partner: Partner, asnNr: string, action: StatusAction): Shipment {
    const shipment = this.get(partner, asnNr);
    switch (action) {
      case 'STATUS_ACTION_SEAL':
        this.seal(shipment);
        break;
      case 'STATUS_ACTION_CANCEL':
        this.cancel(shipment);
        break;
      case 'STATUS_ACTION_RESCHEDULE':
        this.reschedule(shipment);
        break;
    }
    return shipment;
  }

  availability(partner: Partner, asnNr: string): SlotAvailability {
    const shipment = this.get(partner, asnNr);
    requireStatus(shipment, ['ASN_STATUS_SEALED'], 'slot availability');
    const warehouse = inboundWarehouse(shipment.countryCode);
    return { warehouse, days: this.slots.availability(warehouse, this.clock.now()) };
  }

  schedule(partner: Partner, asnNr: string, booking: SlotBooking): Shipment {
    const shipment = this.get(partner, asnNr);
    requireStatus(shipment, ['ASN_STATUS_SEALED'], 'scheduling');
    this.slots.book(inboundWarehouse(shipment.countryCode), booking, asnNr, this.clock.now());
    shipment.schedule = booking;
    shipment.status = 'ASN_STATUS_SCHEDULED';
    this.touch(shipment);
    return shipment;
  }

  /**
   * The warehouse side, which no partner API drives: SCHEDULED → RECEIVING (qty_received defaults to the expected
   * quantity), then RECEIVING → INBOUNDED (everything received is put away).
   */
  receive(asnNr: string, status: 'ASN_STATUS_RECEIVING' | 'ASN_STATUS_INBOUNDED', qtyReceived?: number): Shipment {
    const shipment = this.find(asnNr);
    if (status === 'ASN_STATUS_RECEIVING') {
      requireStatus(shipment, ['ASN_STATUS_SCHEDULED'], 'receiving');
      shipment.qtyReceived = qtyReceived ?? expectedQty(shipment);
    } else {
      requireStatus(shipment, ['ASN_STATUS_RECEIVING'], 'inbounding');
      shipment.qtyReceived = qtyReceived ?? shipment.qtyReceived;
      shipment.qtyPutaway = shipment.qtyReceived;
    }
    shipment.status = status;
    this.touch(shipment);
    return shipment;
  }

  private find(asnNr: string): Shipment {
    const shipment = this.byAsn.get(asnNr);
    if (shipment === undefined) throw new NoonError('ASN_NOT_FOUND', `ASN ${asnNr} does not exist`);
    return this.refreshed(shipment);
  }

  private seal(shipment: Shipment): void {
    requireStatus(shipment, ['ASN_STATUS_CREATED'], 'sealing');
    if (shipment.lines.size === 0) {
      throw validationError([{ field: 'items', message: 'an ASN needs at least one item to be sealed' }]);
    }
    const notSold = [...shipment.lines.values()].filter((line) => !isSoldIn(line.item, shipment.countryCode));
    if (notSold.length > 0) {
      throw new NoonError(
        'WRONG_COUNTRY',
        `${notSold.length} item(s) are not sold in ${shipment.countryCode}`,
        notSold.map((line) => ({
          partner_sku: line.item.partnerSku,
          message: `not sold in ${shipment.countryCode}`,
        })),
      );
    }
    shipment.status = 'ASN_STATUS_SEALED';
    this.touch(shipment);
  }

  private cancel(shipment: Shipment): void {
    if (shipment.status === 'ASN_STATUS_RECEIVING' || shipment.status === 'ASN_STATUS_INBOUNDED') {
      throw new NoonError('CANNOT_CANCEL', `ASN ${shipment.asnNr} is ${shipment.status}: inbound has started`);
    }
    requireStatus(shipment, ['ASN_STATUS_CREATED', 'ASN_STATUS_SEALED', 'ASN_STATUS_SCHEDULED'], 'cancelling');
    if (this.slotStarted(shipment)) {
      throw new NoonError('CANNOT_CANCEL', `the scheduled slot of ASN ${shipment.asnNr} has started`);
    }
    this.releaseSlot(shipment);
    shipment.status = 'ASN_STATUS_CANCELED';
    this.touch(shipment);
  }

  /** Back to SEALED with the slot given up, so the partner can pick another one. */
  private reschedule(shipment: Shipment): void {
    requireStatus(shipment, ['ASN_STATUS_SCHEDULED'], 'rescheduling');
    if (this.slotStarted(shipment)) {
      throw new NoonError('CANNOT_RESCHEDULE', `the scheduled slot of ASN ${shipment.asnNr} has started`);
    }
    this.releaseSlot(shipment);
    shipment.status = 'ASN_STATUS_SEALED';
    this.touch(shipment);
  }

  private slotStarted(shipment: Shipment): boolean {
    if (shipment.schedule === null) return false;
    const start = slotStart(inboundWarehouse(shipment.countryCode), shipment.schedule);
    return this.clock.now().getTime() >= start.getTime();
  }

  private releaseSlot(shipment: Shipment): void {
    if (shipment.schedule === null) return;
    this.slots.release(shipment.schedule, shipment.asnNr);
    shipment.schedule = null;
  }

  private touch(shipment: Shipment): void {
    shipment.updatedAt = this.clock.now();
  }

  /** Expiry is applied lazily, whenever an ASN is looked at, by the simulator's clock. */
  private refreshed(shipment: Shipment): Shipment {
    const expiresAt = shipment.updatedAt.getTime() + this.expiryDays * DAY_MS;
    const expirable = shipment.status === 'ASN_STATUS_CREATED' || shipment.status === 'ASN_STATUS_SEALED';
    if (expirable && this.clock.now().getTime() >= expiresAt) {
      shipment.status = 'ASN_STATUS_EXPIRED';
      shipment.updatedAt = new Date(expiresAt);
    }
    return shipment;
  }
}

function requireWithinLimit(count: number): void {
  if (count > MAX_ITEMS_PER_CALL) {
    throw new NoonError(
      'ITEMS_LIMIT_EXCEEDED',
      `${count} items in one call; the maximum is ${MAX_ITEMS_PER_CALL.toLocaleString('en-US')}`,
    );
  }
}
