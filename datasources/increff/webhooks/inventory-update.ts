import type { AtpFailure, AtpInventory, InventoryUpdateResponse } from '../wire.js';
import { atpRow, check, describeIssues, inventoryUpdateBody, readJson } from './schemas.js';

/** An Inventory Update judged row by row: the rows taken, and the answer naming each row's fate. */
export interface JudgedInventoryUpdate {
  locationCode: string;
  accepted: AtpInventory[];
  answer: InventoryUpdateResponse;
}

/** The SKU a row names, if it names one as text; what a failure is filed under. */
function skuOf(row: unknown): string | null {
  if (typeof row !== 'object' || row === null) return null;
  const sku = (row as { channelSkuCode?: unknown }).channelSkuCode;
  return typeof sku === 'string' && sku.trim() !== '' ? sku : null;
}

/**
 * Judges an Inventory Update (location-wise ATP). A batch that is not one (not JSON, no location, no rows, more
 * than 200) is refused whole (MalformedWebhook, 400). Otherwise every row is taken or refused on its own: a row
 * without a SKU, with a quantity that is not a whole number ≥ 0, with a bad `minExpiry`, or repeating a SKU (and
 * serial number) earlier in the batch goes to `failureList` with the reason; the others to `successList`, in the
 * batch's order. Pure: the same batch is always judged the same, so a redelivery gets the same answer.
 */
export function judgeInventoryUpdate(raw: string): JudgedInventoryUpdate {
  const batch = readJson(inventoryUpdateBody, raw);
  const accepted: AtpInventory[] = [];
  const failureList: AtpFailure[] = [];
  const seen = new Set<string>();
  batch.inventories.forEach((row, index) => {
    const result = check(atpRow, row);
    if (!result.success) {
      failureList.push({
        channelSkuCode: skuOf(row),
        message: `inventories[${index}]: ${describeIssues(result.error)}`,
      });
      return;
    }
    const { channelSkuCode, quantity, channelSerialNo, minExpiry } = result.data;
    const key = `${channelSkuCode}\u0000${channelSerialNo ?? ''}`;
    if (seen.has(key)) {
      failureList.push({
        channelSkuCode,
        message: `inventories[${index}]: ${channelSkuCode} appears earlier in this batch`,
      });
      return;
    }
    seen.add(key);
    accepted.push({
      channelSkuCode,
      quantity,
      ...(channelSerialNo === undefined ? {} : { channelSerialNo }),
      ...(minExpiry === undefined ? {} : { minExpiry }),
    });
  });
  return {
    locationCode: batch.locationCode,
    accepted,
    answer: {
      successList: accepted.map(({ channelSkuCode, channelSerialNo }) => ({
        channelSkuCode,
        ...(channelSerialNo === undefined ? {} : { channelSerialNo }),
      })),
      failureList,
    },
  };
}
