import { opaqueId, patternId, type MarketplaceIds } from '../../src/domain/ids.js';

/**
 * noon's FBPI numbers are letters and digits after a prefix of what they number (docs/noon-fbpi.md: `fbpi_order_nr`
 * `NFBO…`, `mp_item_nr` `NI…`). noon documents no length, so 64 in all, the longest the gateway has taken; a hyphen
 * is let through, since noon does not rule it out.
 */
const NOON_NUMBER = '[A-Za-z0-9-]{1,60}';

/** noon's FBPI order numbers and item numbers, the ids of noon orders and lines. */
export const noonIds: MarketplaceIds = {
  order: patternId(
    'a noon FBPI order number',
    new RegExp(`^NFBO${NOON_NUMBER}$`),
    64,
    'NFBO followed by letters and digits, e.g. NFBO100000150',
  ),
  line: patternId(
    'a noon FBPI item number',
    new RegExp(`^NI${NOON_NUMBER}$`),
    64,
    'NI followed by letters and digits, e.g. NI0000000001',
  ),
};

/** A warehouse code noon gives (`FBN-DXB-01`, from the slot availability), of no documented shape either. */
export const WAREHOUSE_CODE = opaqueId('a noon warehouse code', 64);

/** The partner's own reference of an ASN (`exref_nr`), unique per shipment type; of no documented shape. */
export const EXTERNAL_REFERENCE = opaqueId('an external reference', 64);
