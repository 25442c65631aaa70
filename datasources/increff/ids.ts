import { patternId, type MarketplaceIds } from '../../src/domain/ids.js';

/**
 * What a line id of a marketplace the gateway pushes to Increff is made of: letters, digits, and what
 * encodeURIComponent leaves in a Fruugo productId or skuId (`-_.!~*'()` and `%XX`).
 */
const SEGMENT = "(?!\\.{1,2}(?:/|$))[A-Za-z0-9\\-_.!~*'()%]+";

/**
 * The Increff orders the gateway serves are the ones it pushed: the order code is `<MARKETPLACE>-<externalId>`
 * (docs/increff.md, "Outward orders"), the externalId one of noon's, Fruugo's or Marketplacer's order numbers, and an
 * item's `orderItemCode` is its first marketplace line's id (`NI…`, `PROD-0044/PSKU-000130`, `20243`), with
 * `/cancelled` after it on the line of its cancelled units.
 */
export const increffIds: MarketplaceIds = {
  order: patternId(
    'an Increff order code of this gateway',
    /^[A-Z]+-[A-Za-z0-9-]{1,100}$/,
    128,
    'the source marketplace, a hyphen and its order number, e.g. MARKETPLACER-10118',
  ),
  line: patternId(
    'an Increff order item code',
    new RegExp(`^${SEGMENT}(?:/${SEGMENT}){0,2}$`),
    512,
    'the id of a line of the source order, e.g. NI0000000001 or PROD-0044/PSKU-000130',
  ),
};
