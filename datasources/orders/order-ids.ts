import { BadInput } from '../../src/domain/errors.js';
import { checkIds, idProblem, type MarketplaceIds } from '../../src/domain/ids.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import type { LineQuantity } from '../../src/domain/ports/order-source.js';
import { MARKETPLACE_MODULES } from '../modules.js';

/** Each marketplace's id shapes, from its module (`datasources/<marketplace>/ids.ts`), configured here or not. */
const IDS = new Map<Marketplace, MarketplaceIds>(MARKETPLACE_MODULES.map((module) => [module.marketplace, module.ids]));

const MARKETPLACES = Object.values(Marketplace);

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

/** The `lines` of a request about an order of `marketplace`, each `lineId` of that marketplace's line shape. */
export function checkLineIds(
  marketplace: Marketplace,
  lines: readonly LineQuantity[] | undefined,
  field: string,
): void {
  if (lines === undefined) return;
  checkIds(
    lines.map((line, index) => [`${field}[${index}].lineId`, line.lineId]),
    IDS.get(marketplace)!.line,
  );
}
