import { randomUUID } from 'node:crypto';
import { Marketplace } from '../../../src/domain/marketplace.js';
import { orderId, type Order } from '../../../src/domain/order.js';
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
import {
  awaitsShipping,
  checkNoonCancelLines,
  checkNoonCancelRequest,
  checkNoonShipLines,
  checkNoonShipRequest,
  isOpen,
} from './order-rules.js';
import { asOrderNotFound, notSupportedByNoon } from './refusals.js';
import { NOON_COURIER, type Awb, type FbpiOrder, type ListFbpiOrdersRequest, type ShipmentReference } from './wire.js';

/** The lines named, by noon's item number (each is one unit: the rules have checked each quantity is 1). */
function itemNumbers(lines: readonly LineQuantity[]): string[] {
  return lines.map((line) => line.lineId);
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
   * taken. Without lines, every line neither shipped nor cancelled yet. noon treats the call as the
   * acknowledgement: the lines not named are acknowledged at the same time.
   */
  async cancel(externalId: string, request: CancelRequest): Promise<Order> {
    if (request.reason !== 'OUT_OF_STOCK') {
      throw notSupportedByNoon(
        'CANCELLATION_REASON_NOT_SUPPORTED',
        `noon lets a partner cancel lines only as out of stock (reason OUT_OF_STOCK), not ${request.reason}`,
      );
    }
    const id = orderId(Marketplace.NOON, externalId);
    checkNoonCancelRequest(id, request);
    const order = await this.order(externalId);
    checkNoonCancelLines(id, order, request);
    const lineIds =
      request.lines === undefined
        ? order.items.filter(isOpen).map((item) => item.mp_item_nr)
        : itemNumbers(request.lines);
    if (lineIds.length === 0) return toOrder(order);
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
    const id = orderId(Marketplace.NOON, externalId);
    checkNoonShipRequest(id, request);
    const order = await this.order(externalId);
    checkNoonShipLines(id, order, request);
    const lineIds =
      request.lines === undefined
        ? order.items.filter(awaitsShipping).map((item) => item.mp_item_nr)
        : itemNumbers(request.lines);
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
