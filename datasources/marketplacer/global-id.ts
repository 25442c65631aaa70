/**
 * Relay object identification as Marketplacer does it: a global id is the base64 of `<Type>-<legacyId>`
 * (reference 4: "Advert-1234" encoded), next to the integer `legacyId` every node also carries. The gateway
 * shows legacy ids (readable, stable) and computes the global id whenever the API wants one.
 */

/**
 * The types whose objects carry an id (the Node types, the items of shipments and refund requests, and the webhook
 * events that announce changes to them).
 */
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

export function globalId(type: NodeType, legacyId: number): string {
  return Buffer.from(`${type}-${legacyId}`, 'utf8').toString('base64');
}

/** The type and legacy id inside a global id; undefined when it is not one (wrong shape, not base64). */
export function parseGlobalId(id: string): { type: string; legacyId: number } | undefined {
  const match = /^([A-Za-z]+)-([1-9]\d*)$/.exec(Buffer.from(id, 'base64').toString('utf8'));
  if (match === null) return undefined;
  const legacyId = Number(match[2]);
  return Number.isSafeInteger(legacyId) ? { type: match[1]!, legacyId } : undefined;
}

/** A legacy id as the gateway receives it (an order's external id, a line id): a positive integer in decimal. */
export function parseLegacyId(text: string): number | undefined {
  if (!/^[1-9]\d*$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}
