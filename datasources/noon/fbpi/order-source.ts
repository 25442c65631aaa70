import { randomUUID } from 'node:crypto';
import { BadInput } from '../../../src/domain/errors.js';
import { Marketplace } from '../../../src/domain/marketplace.js';
import type { Order } from '../../../src/domain/order.js';
import type {
  CancelRequest,
  LineQuantity,
  OrderFilter,
  OrderPage,
  OrderSource,
  ShipRequest,
  SourcePosition,
} from '../../../src/domain/ports/order-source.js';
import { hasStatus } from '../../orders/status.js';
import { listByToken } from '../../orders/token-pages.js';
import type { NoonFbpiApi } from './api.js';
import { toOrder, toOrderShipment } from './mapping.js';
import { asOrderNotFound, notSupportedByNoon } from './refusals.js';
import { NOON_COURIER, type Awb, type FbpiOrder, type ListFbpiOrdersRequest, type ShipmentReference } from './wire.js';

/** noon's per-line unit: every FBPI line is one unit, so a line is acted on whole or not at all. */
function unitLines(lines: readonly LineQuantity[]): string[] {
  const wrong = lines.filter((line) => line.quantity !== 1);
  if (wrong.length > 0) {
    throw new BadInput(
      `noon order lines are one unit each: quantity must be 1 (${wrong.map((line) => `${line.lineId} × ${line.quantity}`).join(', ')})`,
    );
  }
  return lines.map((line) => line.lineId);
}

/** A live line the partner has acknowledged and not shipped yet: what `ship` takes when no lines are named. */
function awaitsShipping(item: FbpiOrder['items'][number]): boolean {
  return (
    item.mp_status === 'MP_ITEM_STATUS_CONFIRMED' && item.integration_status === 'INTEGRATION_ITEM_STATUS_ACKNOWLEDGED'
  );
}

/**
 * noon FBPI orders of the configured warehouse as an OrderSource, for one GraphQL operation (docs/noon-fbpi.md).
 * Every change is followed by a fresh GetFbpiOrder, so callers see the order as noon now holds it.
 */
export class NoonOrderSource implements OrderSource {
  readonly marketplace = Marketplace.NOON;

  constructor(
    private readonly api: NoonFbpiApi,
    /** The partner's FBPI warehouse (NOON_FBPI_WAREHOUSE_CODE): noon lists orders per warehouse. */
    private readonly warehouseCode: string,
  ) {}

  /**
   * Newest first, as noon lists them. noon filters on creation time only: `updatedSince` becomes created_after,
   * so an older order changed since is not listed. Statuses are filtered here, on noon's pages.
   */
  list(filter: OrderFilter, position: SourcePosition | undefined, want: number): Promise<OrderPage> {
    const request: ListFbpiOrdersRequest = {
      warehouse_code: this.warehouseCode,
      ...(filter.updatedSince === undefined ? {} : { created_after: filter.updatedSince.toISOString() }),
    };
    return listByToken(
      async (token) => {
        const page = await this.api.orders.list(request, token);
        return { orders: page.orders.map((order) => toOrder(order)), nextToken: page.next_token };
      },
      (order) => hasStatus(order.status, filter.statuses),
      position,
      want,
    );
  }

  async get(externalId: string): Promise<Order> {
    return toOrder(await this.order(externalId));
  }

  /** Acknowledges every line not acknowledged yet; an order already acknowledged stays as it is. */
  async confirm(externalId: string): Promise<Order> {
    await this.update(externalId, []);
    return this.get(externalId);
  }

  /**
   * Marks the lines out of stock: noon's only cancellation by the partner, so only the reason OUT_OF_STOCK is
   * taken. Without lines, every line noon has not cancelled yet. noon treats the call as the acknowledgement:
   * the lines not named are acknowledged at the same time.
   */
  async cancel(externalId: string, request: CancelRequest): Promise<Order> {
    if (request.reason !== 'OUT_OF_STOCK') {
      throw notSupportedByNoon(
        'CANCELLATION_REASON_NOT_SUPPORTED',
        `noon lets a partner cancel lines only as out of stock (reason OUT_OF_STOCK), not ${request.reason}`,
      );
    }
    let lineIds: string[];
    if (request.lines === undefined) {
      const order = await this.order(externalId);
      lineIds = order.items
        .filter((item) => item.mp_status === 'MP_ITEM_STATUS_CONFIRMED')
        .map((item) => item.mp_item_nr);
      if (lineIds.length === 0) return toOrder(order);
    } else {
      lineIds = unitLines(request.lines);
    }
    await this.update(externalId, lineIds);
    return this.get(externalId);
  }

  /**
   * CreateShipment for the named lines, or every acknowledged line not shipped yet. With a carrier, its name and
   * the trackingNumber are the AWB; without one (or carrier `noon` without a number), noon logistics issues the
   * AWB. The shipment number is the caller's or a new one, fixed before the first attempt so a retry repeats
   * exactly the same call (CreateShipment is idempotent on it). noon has no tracking URL: trackingUrl is not sent.
   */
  async ship(externalId: string, request: ShipRequest): Promise<Order> {
    const named = request.lines === undefined ? undefined : unitLines(request.lines);
    if (request.trackingNumber !== undefined && request.carrier === undefined) {
      throw new BadInput('trackingNumber needs the carrier it belongs to (carrier "noon" for noon logistics)');
    }
    if (request.carrier !== undefined && request.carrier !== NOON_COURIER && !request.trackingNumber) {
      throw new BadInput(
        `carrier ${request.carrier} needs a trackingNumber (the AWB); omit the carrier to ship with noon logistics`,
      );
    }
    const order = await this.order(externalId);
    const lineIds = named ?? order.items.filter(awaitsShipping).map((item) => item.mp_item_nr);
    if (lineIds.length === 0) {
      throw notSupportedByNoon('NOTHING_TO_SHIP', `order ${externalId} has no acknowledged line waiting to be shipped`);
    }
    const reference: ShipmentReference = {
      warehouse_code: this.warehouseCode,
      integration_shipment_nr: request.shipmentNumber ?? `${order.fbpi_order_nr}-${randomUUID().slice(0, 8)}`,
    };
    await this.api.shipments.create({
      ...reference,
      fbpi_order_nr: order.fbpi_order_nr,
      awbs: [await this.awb(order, request)],
      items: lineIds.map((mpItemNr) => ({ mp_item_nr: mpItemNr })),
    });
    const [fresh, shipment] = await Promise.all([this.order(externalId), this.api.shipments.get(reference)]);
    return toOrder(fresh, [toOrderShipment(reference.integration_shipment_nr, shipment)]);
  }

  private async awb(order: FbpiOrder, request: ShipRequest): Promise<Awb> {
    if (request.carrier !== undefined && request.trackingNumber) {
      return { courier: request.carrier, awb_nr: request.trackingNumber };
    }
    const { awb_nrs } = await this.api.awbs.noonLogistics({ country_code: order.mp_country_code, qty: 1 });
    const [awbNr] = awb_nrs;
    if (awbNr === undefined) throw new Error('noon issued no noon-logistics AWB');
    return { courier: NOON_COURIER, awb_nr: awbNr };
  }

  private async order(fbpiOrderNr: string): Promise<FbpiOrder> {
    try {
      return await this.api.orders.get(fbpiOrderNr);
    } catch (error) {
      throw asOrderNotFound(error, fbpiOrderNr);
    }
  }

  private async update(fbpiOrderNr: string, outOfStock: readonly string[]): Promise<void> {
    try {
      await this.api.orders.update({
        fbpi_order_nr: fbpiOrderNr,
        items: outOfStock.map((mpItemNr) => ({
          mp_item_nr: mpItemNr,
          status: 'UPDATE_ORDER_REQUEST_ITEM_STATUS_OUT_OF_STOCK',
        })),
      });
    } catch (error) {
      throw asOrderNotFound(error, fbpiOrderNr);
    }
  }
}
