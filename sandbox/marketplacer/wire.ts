/**
 * What the Marketplacer simulator accepts and sends, as TypeScript: the Operator API (seed 003, section 4 of
 * shared/reference/marketplaces.md, docs/marketplacer.md). The API's shape is the SDL the simulator executes
 * (schema.ts finds it); this file holds what the resolvers handle in code: the input types and enums of the SDL
 * they read, the mutation payloads' error entries, the Relay ids every object carries, and the webhook envelope.
 *
 * Written here, for the simulator, rather than taken from the types the gateway's client generates from its own
 * operations: a field the client and the simulator see differently is a disagreement the tests find.
 */

// ---- Relay object identification -------------------------------------------------------------------------

/** The GraphQL types whose objects carry a global id (the Node types, shipment and refund items, webhook events). */
export type NodeType =
  | 'Advert'
  | 'Invoice'
  | 'LineItem'
  | 'Order'
  | 'RefundRequest'
  | 'RefundRequestLineItem'
  | 'Seller'
  | 'Shipment'
  | 'ShipmentCarrier'
  | 'ShippedItem'
  | 'Variant'
  | 'WebhookEvent';

/** A global id as Marketplacer makes them: the base64 of `<Type>-<legacyId>` (reference 4: "Advert-1234" encoded). */
export function globalId(type: NodeType, legacyId: number): string {
  return Buffer.from(`${type}-${legacyId}`, 'utf8').toString('base64');
}

/** The type and legacy id a global id names; undefined when it is not one of ours (wrong shape, not base64). */
export function parseGlobalId(id: string): { type: string; legacyId: number } | undefined {
  const match = /^([A-Za-z]+)-([1-9]\d*)$/.exec(Buffer.from(id, 'base64').toString('utf8'));
  if (match === null) return undefined;
  const legacyId = Number(match[2]);
  return Number.isSafeInteger(legacyId) ? { type: match[1]!, legacyId } : undefined;
}

// ---- Enums of the SDL --------------------------------------------------------------------------------------

/** Where an invoice stands; several flags may hold at once (e.g. PAID and PARTIALLY_SENT). */
export type InvoiceStatusFlag = 'CANCELLED' | 'PAID' | 'PARTIALLY_REFUNDED' | 'PARTIALLY_SENT' | 'REFUNDED' | 'SENT';

/** Where a line item stands, from its dispatched and refunded units. */
export type LineItemStatus = 'AWAITING_DISPATCH' | 'CANCELLED' | 'DISPATCHED' | 'PARTIALLY_DISPATCHED' | 'RETURNED';

/** AWAITING when made; the operator's and seller's later steps move it on. */
export type RefundRequestStatus = 'AWAITING' | 'DENIED' | 'PROCESSED' | 'REFUNDED' | 'RETURNED';

export type InvoiceSortField = 'CREATED_AT' | 'UPDATED_AT';
export type SortOrdering = 'ASCENDING' | 'DESCENDING';

// ---- Inputs of the SDL, as graphql-js hands them to a resolver (an ID arrives as a string) ------------------

export interface InvoiceFilters {
  /** Invoices changed at or after this moment (ISO8601DateTime). */
  updatedSince?: string | null;
}

/** Ties are broken by legacyId in the same direction. */
export interface InvoiceSort {
  fields: InvoiceSortField;
  ordering: SortOrdering;
}

/** In cents: on a line item's cost, every unit together; `tax` is included in `amount`. */
export interface AmountInput {
  amount: number;
  tax?: number | null;
}

export interface AddressInput {
  address: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
  postcode: string;
  state?: string | null;
}

export interface OrderInput {
  address: AddressInput;
  emailAddress: string;
  firstName: string;
  phone?: string | null;
  surname: string;
}

/** A product sold outside the catalog, paid out to `sellerId`. */
export interface CustomLineItemInput {
  sellerId: string;
  sku?: string | null;
  title: string;
}

/** Either `variantId` or `custom`, never both (and never neither). */
export interface LineItemInput {
  cost: AmountInput;
  custom?: CustomLineItemInput | null;
  postage?: AmountInput | null;
  quantity: number;
  variantId?: string | null;
}

export interface OrderCreateMutationInput {
  clientMutationId?: string | null;
  /** At least one; split into invoices by seller. */
  lineItems?: LineItemInput[] | null;
  order: OrderInput;
}

export interface ShippedItemInput {
  lineItemId: string;
  quantity: number;
}

export interface ShipmentCreateMutationInput {
  clientMutationId?: string | null;
  /** When the parcel left; now when omitted. */
  dispatchedAt?: string | null;
  invoiceId: string;
  note?: string | null;
  /** A carrier from `shipmentCarriers`; none for a seller's own delivery. */
  postageCarrierId?: string | null;
  shippedItems: ShippedItemInput[];
  trackingNumber?: string | null;
}

/** Either `lineItemId` (with `reason`) or `custom` (with `amountPerItemCents`). */
export interface RefundRequestLineItemInput {
  amountPerItemCents?: number | null;
  custom?: string | null;
  lineItemId?: string | null;
  onlyRemittance?: boolean | null;
  quantity: number;
  reason?: string | null;
}

export interface RefundRequestCreateMutationInput {
  clientMutationId?: string | null;
  invoiceId: string;
  lineItems: RefundRequestLineItemInput[];
  notes?: Array<{ note: string }> | null;
}

// ---- Answers -----------------------------------------------------------------------------------------------

/** One entry of a mutation payload's `errors`: a problem with one input field. */
export interface MutationError {
  field: string;
  messages: string[];
}

/** What a webhook delivery carries: the event's own id, what happened, and the webhook's query run for the object. */
export interface WebhookEnvelope {
  /** The global id of a WebhookEvent. */
  id: string;
  event_name: 'create' | 'update';
  payload: unknown;
}
