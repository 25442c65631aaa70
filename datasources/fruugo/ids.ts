import { patternId, type MarketplaceIds } from '../../src/domain/ids.js';

/**
 * One part of a line id: a productId or skuId (the retailer's own, of no documented shape) URI-encoded, exactly as
 * the gateway writes it, so a `/` inside one cannot make the id ambiguous. Decoded, it is no dot segment and holds no
 * control character.
 */
function isLinePart(part: string): boolean {
  try {
    const decoded = decodeURIComponent(part);
    return encodeURIComponent(decoded) === part && !/^\.{0,2}$/.test(decoded) && !/\p{Cc}/u.test(decoded);
  } catch {
    // Not URI-encoded (a lone `%`, an encoded surrogate half).
    return false;
  }
}

/**
 * Fruugo's order id is the customer order number, `001` and the merchant id in six digits (docs/fruugo.md:
 * `9164260001000444`); a line id is `productId/skuId`, each part URI-encoded (docs/fruugo.md, "In the gateway").
 */
export const fruugoIds: MarketplaceIds = {
  order: patternId(
    'a Fruugo order id',
    /^[0-9]{1,20}001[0-9]{6}$/,
    29,
    'digits: the customer order number, 001 and the six-digit merchant id, e.g. 9164693001000444',
  ),
  line: {
    name: 'a Fruugo line id',
    maxLength: 512,
    matches: (value) => {
      const parts = value.split('/');
      return parts.length === 2 && parts.every(isLinePart);
    },
    expected: 'productId/skuId, each part URI-encoded, e.g. PROD-0044/PSKU-000130',
  },
};
