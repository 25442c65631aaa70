import { BadInput } from '../../src/domain/errors.js';
import { idProblem, opaqueId, type MarketplaceIds } from '../../src/domain/ids.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import { orderLineId, type OrderPart } from '../../src/domain/order.js';
import type { LineQuantity } from '../../src/domain/ports/order-source.js';
import { MARKETPLACE_MODULES } from '../modules.js';

/** Each marketplace's id shapes, from its module (`datasources/<marketplace>/ids.ts`), configured here or not. */
const IDS = new Map<Marketplace, MarketplaceIds>(MARKETPLACE_MODULES.map((module) => [module.marketplace, module.ids]));

const MARKETPLACES = Object.values(Marketplace);

/**
 * A shipment's own id within `<order id>/shipments/`: whatever its marketplace gave out (noon's
 * integration_shipment_nr, a Marketplacer legacy id, a Fruugo or Increff shipment id), held to what every id is.
 */
const SHIPMENT_ID = opaqueId('a shipment id', 128);

/**
 * `NOON:NFBO123` → NOON and `NFBO123`, for an id already checked: the order loader's keys, each asked for through
 * `parseOrderId` or primed with an order a marketplace answered.
 */
export function splitOrderId(id: string): { marketplace: Marketplace; externalId: string } {
  const colon = id.indexOf(':');
  const marketplace = id.slice(0, colon) as Marketplace;
  if (colon < 1 || !MARKETPLACES.includes(marketplace)) throw new Error(`"${id}" is not an order id`);
  return { marketplace, externalId: id.slice(colon + 1) };
}

/**
 * An order id a client sent, in the argument `field`: `MARKETPLACE:externalId`, the marketplace one the gateway
 * knows and the externalId of that marketplace's shape (its `ids.ts`). Anything else is BAD_USER_INPUT, before any
 * marketplace or the store is asked.
 */
export function parseOrderId(id: string, field = 'id'): { marketplace: Marketplace; externalId: string } {
  const colon = id.indexOf(':');
  const marketplace = id.slice(0, colon) as Marketplace;
  const shapes = colon < 1 ? undefined : IDS.get(marketplace);
  if (shapes === undefined) {
    const said = id.length <= 100 ? `"${id}"` : `an id of ${id.length} characters`;
    throw BadInput.at(
      field,
      `${said} is not an order id: expected MARKETPLACE:externalId, MARKETPLACE one of ${MARKETPLACES.join(', ')}, ` +
        'e.g. FRUUGO:9164693001000444',
    );
  }
  const externalId = id.slice(colon + 1);
  const problem = idProblem(externalId, shapes.order);
  if (problem !== undefined) throw BadInput.at(field, `the order number after ${marketplace}: ${problem}`);
  return { marketplace, externalId };
}

/** An order's id, checked (`parseOrderId`). */
export interface ParsedOrderId {
  id: string;
  marketplace: Marketplace;
  externalId: string;
}

/** The order id that `parseOrderId` checked, whole. */
export function checkedOrderId(id: string, field = 'id'): ParsedOrderId {
  return { id, ...parseOrderId(id, field) };
}

/**
 * Why `value` is not the global id of a line of `order` (`NOON:NFBO1/lines/NI1`, `orderLineId`), in words that follow
 * the field's name; undefined when it is one. A marketplace's own line id alone is the likeliest mistake, so it is
 * named as such.
 */
function lineIdProblem(order: ParsedOrderId, value: string): string | undefined {
  const prefix = orderLineId(order.id, '');
  const shape = IDS.get(order.marketplace)!.line;
  if (!value.startsWith(prefix)) {
    const said = value.length <= 100 ? `"${value}"` : `an id of ${value.length} characters`;
    const own = idProblem(value, shape) === undefined;
    return own
      ? `${said} is a line's own ${order.marketplace} number; pass the line's id, ${orderLineId(order.id, value)}`
      : `${said} is not a line of ${order.id}: expected its line's id, ${prefix}<line number>`;
  }
  const problem = idProblem(value.slice(prefix.length), shape);
  return problem === undefined ? undefined : `the line number after ${prefix}: ${problem}`;
}

/**
 * The `lines` of a request about `order`, each `lineId` the global id of one of its lines (`OrderLine.id`), with the
 * marketplace's own line id in its place: what its OrderSource takes. Every line at fault is named at once, as
 * BAD_USER_INPUT, before the marketplace is asked anything.
 */
export function marketplaceLines(
  order: ParsedOrderId,
  lines: readonly LineQuantity[] | undefined,
  field: string,
): LineQuantity[] | undefined {
  if (lines === undefined) return undefined;
  const problems = lines.flatMap((line, index) => {
    const message = lineIdProblem(order, line.lineId);
    return message === undefined ? [] : [{ field: `${field}[${index}].lineId`, message }];
  });
  if (problems.length > 0) throw BadInput.of(problems);
  const prefix = orderLineId(order.id, '');
  return lines.map((line) => ({ ...line, lineId: line.lineId.slice(prefix.length) }));
}

/** A global id of an order or of a part of it (`NOON:NFBO1`, `NOON:NFBO1/lines/NI1`), checked. */
export type OrderNodeId =
  | { type: 'Order'; order: ParsedOrderId }
  | { type: 'OrderLine'; order: ParsedOrderId; lineId: string }
  | { type: 'OrderShipment'; order: ParsedOrderId; shipmentId: string };

const PART_TYPES = { lines: 'OrderLine', shipments: 'OrderShipment' } as const;

/**
 * An order's id or one of its parts' (`orderLineId`, `orderShipmentId`), in the argument `field`: the order's id as
 * `parseOrderId` takes it, a line number of its marketplace's shape, a shipment id as every id is held to. Anything
 * else is BAD_USER_INPUT.
 */
export function parseOrderNodeId(id: string, field = 'id'): OrderNodeId {
  const slash = id.indexOf('/');
  if (slash < 0) return { type: 'Order', order: checkedOrderId(id, field) };
  const order = checkedOrderId(id.slice(0, slash), field);
  const rest = id.slice(slash + 1);
  const partSlash = rest.indexOf('/');
  const part = rest.slice(0, partSlash) as OrderPart;
  if (partSlash < 0 || !Object.hasOwn(PART_TYPES, part)) {
    throw BadInput.at(
      field,
      `after ${order.id}/ comes lines/ or shipments/ and the part's own id, e.g. ${orderLineId(order.id, '…')}`,
    );
  }
  const own = rest.slice(partSlash + 1);
  const shape = part === 'lines' ? IDS.get(order.marketplace)!.line : SHIPMENT_ID;
  const problem = idProblem(own, shape);
  if (problem !== undefined) throw BadInput.at(field, `the ${part} id after ${order.id}/${part}/: ${problem}`);
  return part === 'lines'
    ? { type: PART_TYPES.lines, order, lineId: own }
    : { type: PART_TYPES.shipments, order, shipmentId: own };
}
