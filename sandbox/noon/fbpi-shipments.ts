import {
  NOON_COURIER,
  type Awb,
  type CreateFbpiShipmentRequest,
  type ErrorDetail,
  type ShipmentReference,
} from './wire.js';
import { NoonError } from './errors.js';
import {
  isOpen,
  itemsOf,
  requireItems,
  type FbpiItemRecord,
  type FbpiOrderRecord,
  type FbpiOrderStore,
} from './fbpi-orders.js';
import type { FbpiWarehouses } from './fbpi-warehouses.js';
import type { NoonLogisticsAwbs } from './noon-logistics.js';
import type { Partner } from './partners.js';

export interface FbpiShipmentRecord {
  readonly warehouseCode: string;
  readonly integrationShipmentNr: string;
  readonly order: FbpiOrderRecord;
  readonly items: readonly FbpiItemRecord[];
  /** Those of the create call first, then those added later. */
  readonly awbs: Awb[];
  /** The create call, normalised: a repeat of exactly this call is answered as a success. */
  readonly fingerprint: string;
  cancelled: boolean;
}

function shipmentKey(reference: ShipmentReference): string {
  return `${reference.warehouse_code}\u0000${reference.integration_shipment_nr}`;
}

function fingerprint(request: CreateFbpiShipmentRequest): string {
  return JSON.stringify([
    request.fbpi_order_nr,
    request.items.map((item) => item.mp_item_nr).sort(),
    request.awbs.map((awb) => `${awb.courier}\u0000${awb.awb_nr}`).sort(),
  ]);
}

function isShippable(item: FbpiItemRecord): boolean {
  return isOpen(item) && item.integrationStatus === 'INTEGRATION_ITEM_STATUS_ACKNOWLEDGED';
}

/**
 * FBPI shipments, named by the partner's integration_shipment_nr within a warehouse (docs/noon-fbpi.md,
 * "Shipments"): create takes acknowledged lines of one order with at least one AWB, cancel cancels every item in
 * the shipment, and AWBs may be added while it is live.
 */
export class FbpiShipmentStore {
  private readonly byKey = new Map<string, FbpiShipmentRecord>();

  constructor(
    private readonly warehouses: FbpiWarehouses,
    private readonly orders: FbpiOrderStore,
    private readonly noonAwbs: NoonLogisticsAwbs,
  ) {}

  /**
   * Idempotent: the same call again (same order, items and AWBs) answers as the first did. The number used for
   * anything else, or by a cancelled shipment, is 409 SHIPMENT_ALREADY_EXISTS.
   */
  create(partner: Partner, request: CreateFbpiShipmentRequest): void {
    this.warehouses.requireOwn(partner, request.warehouse_code);
    // A partner has one FBPI warehouse, so an order of theirs is always in the warehouse they name.
    const order = this.orders.get(partner, request.fbpi_order_nr);
    const key = shipmentKey(request);
    const existing = this.byKey.get(key);
    if (existing !== undefined) {
      if (!existing.cancelled && existing.fingerprint === fingerprint(request)) return;
      const why = existing.cancelled ? 'a cancelled shipment' : 'a shipment with other items or AWBs';
      throw new NoonError(
        'SHIPMENT_ALREADY_EXISTS',
        `integration_shipment_nr ${request.integration_shipment_nr} is already used by ${why}`,
      );
    }
    const items = itemsOf(
      order,
      request.items.map((item) => item.mp_item_nr),
    );
    requireItems(items, isShippable, 'shipped');
    this.requireUsableAwbs(partner, order, request.awbs, key);

    this.orders.modify(order, () => {
      for (const item of items) {
        item.integrationStatus = 'INTEGRATION_ITEM_STATUS_SHIPPED';
        item.shipmentNr = request.integration_shipment_nr;
      }
    });
    this.useAwbs(request.awbs, key);
    this.byKey.set(key, {
      warehouseCode: request.warehouse_code,
      integrationShipmentNr: request.integration_shipment_nr,
      order,
      items,
      awbs: request.awbs.map((awb) => ({ ...awb })),
      fingerprint: fingerprint(request),
      cancelled: false,
    });
  }

  /** A cancelled shipment is still found: its items read MP_ITEM_STATUS_CANCELLED on the order. */
  get(partner: Partner, reference: ShipmentReference): FbpiShipmentRecord {
    this.warehouses.requireOwn(partner, reference.warehouse_code);
    const shipment = this.byKey.get(shipmentKey(reference));
    if (shipment === undefined) {
      throw new NoonError(
        'SHIPMENT_NOT_FOUND',
        `no shipment ${reference.integration_shipment_nr} in warehouse ${reference.warehouse_code}`,
      );
    }
    return shipment;
  }

  /** Cancels every item in the shipment (reason SHIPMENT_CANCELLED); cancelling it again changes nothing. */
  cancel(partner: Partner, reference: ShipmentReference): void {
    const shipment = this.get(partner, reference);
    if (shipment.cancelled) return;
    shipment.cancelled = true;
    this.orders.modify(shipment.order, () => {
      for (const item of shipment.items) {
        item.mpStatus = 'MP_ITEM_STATUS_CANCELLED';
        item.cancellationReason = 'SHIPMENT_CANCELLED';
      }
    });
  }

  /** Adds the AWBs the shipment does not carry yet (a parcel more); 409 INVALID_SHIPMENT_STATUS once cancelled. */
  addCourierAwbs(partner: Partner, reference: ShipmentReference, awbs: readonly Awb[]): void {
    const shipment = this.get(partner, reference);
    if (shipment.cancelled) {
      throw new NoonError('INVALID_SHIPMENT_STATUS', `shipment ${reference.integration_shipment_nr} is cancelled`);
    }
    const key = shipmentKey(reference);
    this.requireUsableAwbs(partner, shipment.order, awbs, key);
    const fresh = awbs.filter(
      (awb) => !shipment.awbs.some((held) => held.courier === awb.courier && held.awb_nr === awb.awb_nr),
    );
    shipment.awbs.push(...fresh.map((awb) => ({ ...awb })));
    this.useAwbs(fresh, key);
  }

  /** noon-logistics AWBs must be issued to the partner for the order's country and not carried by another shipment. */
  private requireUsableAwbs(partner: Partner, order: FbpiOrderRecord, awbs: readonly Awb[], key: string): void {
    const problems: ErrorDetail[] = awbs.flatMap((awb, index) => {
      if (awb.courier !== NOON_COURIER) return [];
      const problem = this.noonAwbs.problem(partner, awb.awb_nr, order.countryCode, key);
      return problem === undefined ? [] : [{ field: `awbs[${index}].awb_nr`, message: problem }];
    });
    if (problems.length > 0) throw new NoonError('INVALID_AWB', problems[0]?.message, problems);
  }

  private useAwbs(awbs: readonly Awb[], key: string): void {
    for (const awb of awbs) if (awb.courier === NOON_COURIER) this.noonAwbs.use(awb.awb_nr, key);
  }
}
