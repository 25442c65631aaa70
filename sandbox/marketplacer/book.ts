import type { InvoiceSortField, InvoiceStatusFlag, LineItemStatus } from './wire.js';
import type {
  Invoice,
  LineItem,
  Order,
  RefundRequest,
  RefundRequestLineItem,
  Seller,
  Shipment,
  ShipmentCarrier,
  ShippedItem,
  Variant,
} from './model.js';

/**
 * A line's status from its quantities (docs/marketplacer.md): every unit refunded makes it CANCELLED (none had been
 * dispatched) or RETURNED; otherwise it is DISPATCHED once the units still live are all dispatched.
 */
export function lineItemStatus(line: LineItem): LineItemStatus {
  if (line.refunded >= line.quantity) return line.dispatched > 0 ? 'RETURNED' : 'CANCELLED';
  if (line.dispatched === 0) return 'AWAITING_DISPATCH';
  return line.dispatched >= line.quantity - line.refunded ? 'DISPATCHED' : 'PARTIALLY_DISPATCHED';
}

/** Units that can still be dispatched or refunded. */
export function openUnits(line: LineItem): number {
  return Math.max(0, line.quantity - line.dispatched - line.refunded);
}

export function lineTotalCents(line: LineItem): number {
  return line.unitPriceCents * line.quantity;
}

export function invoiceTotalCents(invoice: Invoice): number {
  return invoice.lineItems.reduce((total, line) => total + lineTotalCents(line), invoice.postageCents);
}

/** Orders arrive paid; the flags that follow say how far dispatch and refunds have come. */
export function invoiceStatusFlags(invoice: Invoice): InvoiceStatusFlag[] {
  const statuses = invoice.lineItems.map(lineItemStatus);
  if (statuses.length > 0 && statuses.every((status) => status === 'CANCELLED')) return ['CANCELLED'];
  const flags: InvoiceStatusFlag[] = ['PAID'];
  const live = statuses.filter((status) => status !== 'CANCELLED' && status !== 'RETURNED');
  if (invoice.lineItems.some((line) => line.dispatched > 0)) {
    flags.push(live.every((status) => status === 'DISPATCHED') ? 'SENT' : 'PARTIALLY_SENT');
  }
  const refunded = invoice.lineItems.reduce((units, line) => units + line.refunded, 0);
  const units = invoice.lineItems.reduce((total, line) => total + line.quantity, 0);
  if (refunded > 0) flags.push(refunded >= units ? 'REFUNDED' : 'PARTIALLY_REFUNDED');
  return flags;
}

export interface NewLineItem {
  variant: Variant | null;
  variantSku: string | null;
  variantName: string;
  quantity: number;
  unitPriceCents: number;
}

export interface NewInvoice {
  seller: Seller;
  postageCents: number;
  lineItems: NewLineItem[];
}

export interface NewShipment {
  carrier: ShipmentCarrier | null;
  trackingNumber: string | null;
  note: string | null;
  dispatchedAt: Date;
  items: Array<{ lineItem: LineItem; quantity: number }>;
}

export interface NewRefundRequest {
  lineItems: Array<Omit<RefundRequestLineItem, 'kind' | 'legacyId'>>;
  notes: string[];
}

export interface InvoiceQuery {
  updatedSince?: Date;
  sort: InvoiceSortField;
  descending: boolean;
}

/** First legacy id of each kind: distinct ranges, so an id of one kind never names an object of another. */
const FIRST_ID = {
  Order: 5001,
  Invoice: 10001,
  LineItem: 20001,
  Shipment: 30001,
  ShippedItem: 35001,
  RefundRequest: 40001,
  RefundRequestLineItem: 45001,
} as const;

/**
 * Orders and what happened to them: invoices, shipments, refund requests. These are the primitive steps, applied
 * as given; the mutations (and the sample data) check the rules before taking them.
 */
export class OrderBook {
  private readonly orders = new Map<number, Order>();
  private readonly invoices = new Map<number, Invoice>();
  private readonly lineItems = new Map<number, LineItem>();
  private readonly shipments = new Map<number, Shipment>();
  private readonly refundRequests = new Map<number, RefundRequest>();
  private readonly next: Record<keyof typeof FIRST_ID, number> = { ...FIRST_ID };

  /** ISO 4217 code of the marketplace's one currency. */
  constructor(readonly currency: string) {}

  private id(kind: keyof typeof FIRST_ID): number {
    return this.next[kind]++;
  }

  order(legacyId: number): Order | undefined {
    return this.orders.get(legacyId);
  }

  invoice(legacyId: number): Invoice | undefined {
    return this.invoices.get(legacyId);
  }

  lineItem(legacyId: number): LineItem | undefined {
    return this.lineItems.get(legacyId);
  }

  shipment(legacyId: number): Shipment | undefined {
    return this.shipments.get(legacyId);
  }

  refundRequest(legacyId: number): RefundRequest | undefined {
    return this.refundRequests.get(legacyId);
  }

  /** Invoices matching `query`, in its order; ties broken by legacyId in the same direction. */
  listInvoices(query: InvoiceQuery): Invoice[] {
    const field = query.sort === 'CREATED_AT' ? 'createdAt' : 'updatedAt';
    const direction = query.descending ? -1 : 1;
    return [...this.invoices.values()]
      .filter((invoice) => query.updatedSince === undefined || invoice.updatedAt >= query.updatedSince)
      .sort((a, b) => direction * (a[field].getTime() - b[field].getTime() || a.legacyId - b.legacyId));
  }

  addOrder(invoices: readonly NewInvoice[], at: Date): Order {
    const order: Order = { kind: 'Order', legacyId: this.id('Order'), createdAt: at, invoices: [] };
    for (const draft of invoices) {
      const invoice: Invoice = {
        kind: 'Invoice',
        legacyId: this.id('Invoice'),
        order,
        seller: draft.seller,
        createdAt: at,
        updatedAt: at,
        postageCents: draft.postageCents,
        lineItems: [],
        shipments: [],
        refundRequests: [],
      };
      for (const line of draft.lineItems) {
        const lineItem: LineItem = {
          kind: 'LineItem',
          legacyId: this.id('LineItem'),
          invoice,
          ...line,
          dispatched: 0,
          refunded: 0,
        };
        invoice.lineItems.push(lineItem);
        this.lineItems.set(lineItem.legacyId, lineItem);
      }
      order.invoices.push(invoice);
      this.invoices.set(invoice.legacyId, invoice);
    }
    this.orders.set(order.legacyId, order);
    return order;
  }

  addShipment(invoice: Invoice, draft: NewShipment, at: Date): Shipment {
    const shippedItems: ShippedItem[] = draft.items.map((item) => {
      item.lineItem.dispatched += item.quantity;
      return { kind: 'ShippedItem', legacyId: this.id('ShippedItem'), ...item };
    });
    const shipment: Shipment = {
      kind: 'Shipment',
      legacyId: this.id('Shipment'),
      invoice,
      carrier: draft.carrier,
      trackingNumber: draft.trackingNumber,
      note: draft.note,
      dispatchedAt: draft.dispatchedAt,
      shippedItems,
    };
    invoice.shipments.push(shipment);
    invoice.updatedAt = at;
    this.shipments.set(shipment.legacyId, shipment);
    return shipment;
  }

  addRefundRequest(invoice: Invoice, draft: NewRefundRequest, at: Date): RefundRequest {
    const lineItems: RefundRequestLineItem[] = draft.lineItems.map((item) => {
      if (item.lineItem !== null) item.lineItem.refunded += item.quantity;
      return { kind: 'RefundRequestLineItem', legacyId: this.id('RefundRequestLineItem'), ...item };
    });
    const refundRequest: RefundRequest = {
      kind: 'RefundRequest',
      legacyId: this.id('RefundRequest'),
      invoice,
      status: 'AWAITING',
      createdAt: at,
      lineItems,
      notes: draft.notes.map((note) => ({ note })),
    };
    invoice.refundRequests.push(refundRequest);
    invoice.updatedAt = at;
    this.refundRequests.set(refundRequest.legacyId, refundRequest);
    return refundRequest;
  }
}
