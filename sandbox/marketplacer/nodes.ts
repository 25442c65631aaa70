import { parseGlobalId } from './wire.js';
import type { OrderBook } from './book.js';
import type { Catalog } from './catalog.js';
import type { NodeEntity } from './model.js';
import type { Webhooks } from './webhooks.js';

/** Everything the simulated marketplace holds, and who it tells about changes. */
export interface SimulatedMarketplace {
  catalog: Catalog;
  book: OrderBook;
  /** The operator's webhook: the mutations and the controls announce what they change (the sample history does not). */
  webhooks: Pick<Webhooks, 'announce'>;
}

/** The object a global id names, if any. */
export function findNode({ catalog, book }: SimulatedMarketplace, id: string): NodeEntity | undefined {
  const parsed = parseGlobalId(id);
  if (parsed === undefined) return undefined;
  const { type, legacyId } = parsed;
  switch (type) {
    case 'Seller':
      return catalog.seller(legacyId);
    case 'Advert':
      return catalog.advert(legacyId);
    case 'Variant':
      return catalog.variant(legacyId);
    case 'ShipmentCarrier':
      return catalog.carrier(legacyId);
    case 'Order':
      return book.order(legacyId);
    case 'Invoice':
      return book.invoice(legacyId);
    case 'LineItem':
      return book.lineItem(legacyId);
    case 'Shipment':
      return book.shipment(legacyId);
    case 'RefundRequest':
      return book.refundRequest(legacyId);
    default:
      return undefined;
  }
}

/** The object a global id names when it is of `kind`; undefined for any other id. */
export function findNodeOf<K extends NodeEntity['kind']>(
  marketplace: SimulatedMarketplace,
  id: string | number | null | undefined,
  kind: K,
): Extract<NodeEntity, { kind: K }> | undefined {
  if (id === null || id === undefined) return undefined;
  const node = findNode(marketplace, String(id));
  return node?.kind === kind ? (node as Extract<NodeEntity, { kind: K }>) : undefined;
}
