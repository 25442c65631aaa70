import {
  globalId,
  type InvoiceFilters,
  type InvoiceSort,
  type OrderCreateMutationInput,
  type RefundRequestCreateMutationInput,
  type ShipmentCreateMutationInput,
} from './wire.js';
import type { ApiKey, Scope } from './auth.js';
import { invoiceStatusFlags, invoiceTotalCents, lineItemStatus, lineTotalCents } from './book.js';
import { connection, type PageArgs, type PagingLimits } from './connection.js';
import { iso8601DateTime } from './date-time.js';
import { missingScope } from './errors.js';
import type { Advert, Invoice, NodeEntity, Order, RefundRequestLineItem, Shipment, ShippedItem } from './model.js';
import { findNode, type SimulatedMarketplace } from './nodes.js';
import { orderCreate } from './order-create.js';
import { refundRequestCreate } from './refund-request-create.js';
import { shipmentCreate } from './shipment-create.js';

/** What every resolver of one request knows: who asks, and the simulator's time (whole seconds). */
export interface SimulatorContext {
  key: ApiKey;
  now: Date;
}

/** The scope each kind of object needs, through `node(id)` and the lists alike. */
const NODE_SCOPE: Record<NodeEntity['kind'], Scope> = {
  Seller: 'products:read',
  Advert: 'products:read',
  Variant: 'products:read',
  ShipmentCarrier: 'orders:read',
  Order: 'orders:read',
  Invoice: 'orders:read',
  LineItem: 'orders:read',
  Shipment: 'orders:read',
  RefundRequest: 'orders:read',
};

function requireScope(context: SimulatorContext, scope: Scope): void {
  if (!context.key.scopes.has(scope)) throw missingScope(scope);
}

const byLegacyId = (item: { legacyId: number }) => [item.legacyId];
const ownId = (item: ShippedItem | RefundRequestLineItem) => globalId(item.kind, item.legacyId);

/** The simulator's answers, over the in-memory marketplace; the schema itself is the SDL the client is built from. */
export function buildResolvers(marketplace: SimulatedMarketplace, limits: PagingLimits) {
  const { catalog, book } = marketplace;
  return {
    ISO8601DateTime: iso8601DateTime,
    Node: {
      __resolveType: (node: NodeEntity) => node.kind,
      id: (node: NodeEntity) => globalId(node.kind, node.legacyId),
    },
    Query: {
      node(_root: unknown, args: { id: string }, context: SimulatorContext) {
        const node = findNode(marketplace, args.id);
        if (node === undefined) return null;
        requireScope(context, NODE_SCOPE[node.kind]);
        return node;
      },
      variantsWhere(_root: unknown, args: PageArgs & { sku: string[] }, context: SimulatorContext) {
        requireScope(context, 'products:read');
        return connection(catalog.variantsWithSku(args.sku), args, limits, byLegacyId);
      },
      invoices(
        _root: unknown,
        args: PageArgs & { filters?: InvoiceFilters | null; sort?: InvoiceSort | null },
        context: SimulatorContext,
      ) {
        requireScope(context, 'orders:read');
        // Our choice where Marketplacer documents none: newest first.
        const sort = args.sort ?? { fields: 'CREATED_AT', ordering: 'DESCENDING' };
        const descending = sort.ordering === 'DESCENDING';
        const since = args.filters?.updatedSince;
        const invoices = book.listInvoices({
          updatedSince: since ? new Date(since) : undefined,
          sort: sort.fields,
          descending,
        });
        const field = sort.fields === 'CREATED_AT' ? 'createdAt' : 'updatedAt';
        return connection(
          invoices,
          args,
          limits,
          (invoice) => [invoice[field].getTime(), invoice.legacyId],
          descending,
        );
      },
      shipmentCarriers(_root: unknown, args: PageArgs, context: SimulatorContext) {
        requireScope(context, 'orders:read');
        return connection(catalog.carriers, args, limits, byLegacyId);
      },
    },
    Mutation: {
      orderCreate(_root: unknown, args: { input: OrderCreateMutationInput }, context: SimulatorContext) {
        requireScope(context, 'orders:write');
        return orderCreate(marketplace, args.input, context.now);
      },
      shipmentCreate(_root: unknown, args: { input: ShipmentCreateMutationInput }, context: SimulatorContext) {
        requireScope(context, 'orders:write');
        return shipmentCreate(marketplace, args.input, context.now);
      },
      refundRequestCreate(
        _root: unknown,
        args: { input: RefundRequestCreateMutationInput },
        context: SimulatorContext,
      ) {
        requireScope(context, 'refunds:write');
        return refundRequestCreate(marketplace, args.input, context.now);
      },
    },
    Advert: {
      variants: (advert: Advert, args: PageArgs) => connection(advert.variants, args, limits, byLegacyId),
    },
    Order: {
      totalCents: (order: Order) => order.invoices.reduce((total, invoice) => total + invoiceTotalCents(invoice), 0),
    },
    Invoice: {
      statusFlags: invoiceStatusFlags,
      currency: () => book.currency,
      totalCents: (invoice: Invoice) => invoiceTotalCents(invoice),
    },
    LineItem: {
      status: lineItemStatus,
      totalCents: lineTotalCents,
    },
    Shipment: {
      carrier: (shipment: Shipment) => shipment.carrier?.name ?? null,
      trackingLink: (shipment: Shipment) =>
        shipment.carrier?.trackingUrl && shipment.trackingNumber
          ? `${shipment.carrier.trackingUrl}${encodeURIComponent(shipment.trackingNumber)}`
          : null,
    },
    ShippedItem: { id: ownId },
    RefundRequestLineItem: { id: ownId },
  };
}
