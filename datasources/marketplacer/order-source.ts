import { createHash } from 'node:crypto';
import { hasStatus, passesEveryStatus } from '../orders/status.js';
import type { CancellationReason } from '../../src/domain/cancellation-reason.js';
import type {
  CancelRequest,
  LineQuantity,
  OrderFilter,
  OrderPage,
  OrderSource,
  ShipRequest,
  SourcePosition,
} from '../../src/domain/ports/order-source.js';
import { listByToken } from '../orders/token-pages.js';
import { BadInput } from '../../src/domain/errors.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import { orderId, type Order } from '../../src/domain/order.js';
import type { Deadline } from '../../src/http/deadline.js';
import type { Logger } from '../../src/logger.js';
import type { MarketplacerClient } from './client.js';
import { fromMutationErrors, invalidAnswer, orderNotFound, type MutationError } from './errors.js';
import type { InvoiceFieldsFragment, InvoiceSort, OrderCreateMutationInput, Sdk } from './generated/sdk.js';
import { globalId, parseLegacyId } from './global-id.js';
import { toOrder } from './mapping.js';
import { checkMarketplacerCancel, checkMarketplacerShip, openUnits } from './order-rules.js';
import { allNodes } from './pages.js';

/**
 * The most invoices one upstream page holds; well under the simulator's and Marketplacer's maximum page. A list
 * that keeps every invoice asks for only as many as it serves (a position counts from its token, whatever the size
 * of the page it was read from); a list filtered here by status asks for full pages, or it would go back for more
 * page after page.
 */
export const INVOICE_PAGE_SIZE = 100;

/** Carriers per page when looking one up by name. */
const CARRIER_PAGE_SIZE = 100;

/** The OrderSource contract lists newest first; we ask for that order rather than rely on the default. */
const NEWEST_FIRST: InvoiceSort = { fields: 'CREATED_AT', ordering: 'DESCENDING' };

/** Our reasons in words for the refund request's `reason`, which Marketplacer takes as free text. */
const REFUND_REASON: Record<`${CancellationReason}`, string> = {
  OUT_OF_STOCK: 'Out of stock',
  PRODUCT_DISCONTINUED: 'Product discontinued',
  INVALID_DELIVERY_ADDRESS: 'Invalid delivery address',
  CUSTOMER_CANCELLATION: 'Cancelled by the customer',
  LEGISLATION_RESTRICTION: 'Legislation restriction',
  OTHER: 'Other',
};

/** What a created order came to: Marketplacer's order number and one unified Order per invoice (seller). */
export interface CreatedOrder {
  orderId: string;
  orders: Order[];
}

/**
 * An order as Marketplacer shows it now, with a digest of everything the gateway reads of its invoice: two
 * readings have the same revision exactly when nothing the gateway shows (lines, shipments, refunds, updatedAt) has
 * changed in between.
 */
export interface OrderRevision {
  order: Order;
  revision: string;
}

/** A mutation payload's object, or its `errors` as an UpstreamError. */
function accepted<T>(
  operation: string,
  payload: { errors: readonly MutationError[] | null } | null,
  object: T | null | undefined,
): T {
  if (payload?.errors && payload.errors.length > 0) throw fromMutationErrors(operation, payload.errors);
  if (object === null || object === undefined) throw invalidAnswer(operation, new Error('payload without its object'));
  return object;
}

function lineItemId(line: LineQuantity): string {
  const legacyId = parseLegacyId(line.lineId);
  if (legacyId === undefined)
    throw new BadInput(`${line.lineId} is not a Marketplacer line item id (a legacy id, e.g. 5012)`);
  return globalId('LineItem', legacyId);
}

/**
 * Marketplacer invoices as unified orders, for one GraphQL request. An invoice is one seller's part of a
 * marketplace order, and it is what a seller ships, so each invoice is one Order (`MARKETPLACER:<legacyId>`).
 * There is no `confirm`: Marketplacer orders arrive paid and need no acceptance step.
 */
export class MarketplacerOrderSource implements OrderSource {
  readonly marketplace = Marketplace.MARKETPLACER;
  private readonly sdk: Sdk;
  /** Carrier ids by lower-case name, read once per GraphQL request that ships with a carrier. */
  private carriers: Promise<Map<string, { id: string; name: string }>> | undefined;

  /** `deadline`: the GraphQL operation's; none for webhooks. */
  constructor(client: MarketplacerClient, log: Logger, deadline?: Deadline) {
    this.sdk = client.sdk(log, deadline);
  }

  /**
   * Newest first, filtered upstream by `updatedSince`; statuses are filtered here, since Marketplacer filters
   * invoices by nothing that matches them.
   */
  list(filter: OrderFilter, position: SourcePosition | undefined, want: number): Promise<OrderPage> {
    const filters = filter.updatedSince === undefined ? null : { updatedSince: filter.updatedSince.toISOString() };
    const keepsAll = passesEveryStatus(filter.statuses);
    return listByToken(
      async (token, enough) => {
        const { invoices } = await this.sdk.Invoices({
          first: keepsAll ? Math.min(enough, INVOICE_PAGE_SIZE) : INVOICE_PAGE_SIZE,
          after: token,
          filters,
          sort: NEWEST_FIRST,
        });
        return {
          orders: invoices.nodes.map(toOrder),
          nextToken: invoices.pageInfo.hasNextPage ? invoices.pageInfo.endCursor : null,
        };
      },
      (order) => hasStatus(order.status, filter.statuses),
      position,
      want,
    );
  }

  async get(externalId: string): Promise<Order> {
    return toOrder(await this.invoice(externalId));
  }

  /** shipmentCreate for the given lines, or for every unit not yet dispatched or refunded. */
  async ship(externalId: string, request: ShipRequest): Promise<Order> {
    const invoice = await this.invoice(externalId);
    checkMarketplacerShip(orderId(Marketplace.MARKETPLACER, externalId), invoice, request);
    const lines = request.lines ?? openUnits(invoice);
    const postageCarrierId = request.carrier === undefined ? undefined : await this.carrierId(request.carrier);
    const { shipmentCreate } = await this.sdk.ShipmentCreate({
      input: {
        invoiceId: this.invoiceId(externalId),
        shippedItems: lines.map((line) => ({ lineItemId: lineItemId(line), quantity: line.quantity })),
        postageCarrierId,
        trackingNumber: request.trackingNumber,
      },
    });
    return toOrder(accepted('shipmentCreate', shipmentCreate, shipmentCreate?.shipment).invoice);
  }

  /**
   * A Marketplacer cancellation is a refund request: refundRequestCreate for the given lines, or for every unit
   * not yet dispatched or refunded. Units not dispatched are withdrawn from the seller at once.
   */
  async cancel(externalId: string, request: CancelRequest): Promise<Order> {
    const invoice = await this.invoice(externalId);
    checkMarketplacerCancel(orderId(Marketplace.MARKETPLACER, externalId), invoice, request);
    const lines = request.lines ?? openUnits(invoice);
    const reason = REFUND_REASON[request.reason];
    const { refundRequestCreate } = await this.sdk.RefundRequestCreate({
      input: {
        invoiceId: this.invoiceId(externalId),
        lineItems: lines.map((line) => ({ lineItemId: lineItemId(line), quantity: line.quantity, reason })),
        notes: request.messageToCustomer === undefined ? undefined : [{ note: request.messageToCustomer }],
      },
    });
    return toOrder(accepted('refundRequestCreate', refundRequestCreate, refundRequestCreate?.refundRequest).invoice);
  }

  /**
   * The order an Invoice, Shipment or RefundRequest webhook is about, by that object's global id; undefined when
   * Marketplacer knows no such object.
   */
  async orderOfNode(nodeId: string): Promise<OrderRevision | undefined> {
    const { node } = await this.sdk.InvoiceOfNode({ id: nodeId });
    if (node === null) return undefined;
    let invoice: InvoiceFieldsFragment;
    switch (node.__typename) {
      case 'Invoice':
        invoice = node;
        break;
      case 'Shipment':
      case 'RefundRequest':
        invoice = node.invoice;
        break;
      default:
        return undefined;
    }
    // Read through a Shipment or an Invoice, the same invoice must give the same revision: __typename is left out.
    const fields = JSON.stringify(invoice, (key, value: unknown) => (key === '__typename' ? undefined : value));
    return { order: toOrder(invoice), revision: createHash('sha256').update(fields).digest('base64url') };
  }

  /** orderCreate: a paid order, split by Marketplacer into one invoice per seller. */
  async orderCreate(input: OrderCreateMutationInput): Promise<CreatedOrder> {
    const { orderCreate } = await this.sdk.OrderCreate({ input });
    const order = accepted('orderCreate', orderCreate, orderCreate?.order);
    return { orderId: String(order.legacyId), orders: order.invoices.map(toOrder) };
  }

  private invoiceId(externalId: string): string {
    const legacyId = parseLegacyId(externalId);
    if (legacyId === undefined) throw orderNotFound(externalId);
    return globalId('Invoice', legacyId);
  }

  private async invoice(externalId: string): Promise<InvoiceFieldsFragment> {
    const { node } = await this.sdk.Invoice({ id: this.invoiceId(externalId) });
    if (node?.__typename !== 'Invoice') throw orderNotFound(externalId);
    return node;
  }

  /** The id of the carrier named `name` (any case); an unknown name is the caller's mistake. */
  private async carrierId(name: string): Promise<string> {
    this.carriers ??= this.loadCarriers();
    const carriers = await this.carriers.catch((error: unknown) => {
      this.carriers = undefined;
      throw error;
    });
    const carrier = carriers.get(name.trim().toLowerCase());
    if (carrier === undefined) {
      const known = [...carriers.values()].map((entry) => entry.name).join(', ');
      throw new BadInput(`Marketplacer knows no carrier named "${name}"; its carriers: ${known}`);
    }
    return carrier.id;
  }

  private async loadCarriers(): Promise<Map<string, { id: string; name: string }>> {
    const carriers = await allNodes(async (after) => {
      const { shipmentCarriers } = await this.sdk.ShipmentCarriers({ first: CARRIER_PAGE_SIZE, after });
      return shipmentCarriers;
    });
    return new Map(carriers.map((carrier) => [carrier.name.toLowerCase(), carrier]));
  }
}
