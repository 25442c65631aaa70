import { patternId, type MarketplaceIds } from '../../src/domain/ids.js';

/**
 * A Marketplacer legacy id: the positive integer every node carries beside its Relay id (docs/marketplacer.md, "Ids
 * and paging"), up to 16 digits (JavaScript's safe integers).
 */
function legacyId(name: string, example: string) {
  return patternId(name, /^[1-9][0-9]{0,15}$/, 16, `a positive whole number, e.g. ${example}`);
}

/** Invoices are Marketplacer orders (`MARKETPLACER:<invoice legacyId>`), their line items the lines. */
export const marketplacerIds: MarketplaceIds = {
  order: legacyId('a Marketplacer invoice id (its legacy id)', '10120'),
  line: legacyId('a Marketplacer line item id (its legacy id)', '20243'),
};
