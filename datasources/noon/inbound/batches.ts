import { UpstreamError } from '../../../src/http/upstream-error.js';
import type { InboundItemFailure } from '../../../src/domain/inbound-shipment.js';
import { notApplied } from '../not-applied.js';
import type { ShipmentResponse } from './wire.js';

export interface BatchOutcome {
  /** The ASN as noon returned it after the last applied batch; undefined when none was applied. */
  last: ShipmentResponse | undefined;
  appliedCount: number;
  failures: InboundItemFailure[];
}

/**
 * Sends items to noon in batches of at most `size`, in order, and reports per item what did not go in.
 *
 * noon refuses a whole call when any item fails catalog validation (ITEM_VALIDATION_FAILED, one detail per bad
 * item). The batch is then sent again without the items noon named, so one bad SKU never blocks the other 999.
 * A failure that is not about items (a status conflict, an outage) stops the run: if nothing was applied yet it is
 * thrown as is; otherwise the items of that batch and of every later one are reported as not applied, with its
 * code, so the caller can send exactly those again (both calls are idempotent).
 */
export async function sendInBatches<Item>(
  items: readonly Item[],
  size: number,
  skuOf: (item: Item) => string,
  send: (batch: Item[]) => Promise<ShipmentResponse>,
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { last: undefined, appliedCount: 0, failures: [] };
  for (let start = 0; start < items.length; start += size) {
    let batch = items.slice(start, start + size);
    while (batch.length > 0) {
      try {
        outcome.last = await send(batch);
        outcome.appliedCount += batch.length;
        break;
      } catch (error) {
        const refused = refusedItems(error, new Set(batch.map(skuOf)));
        if (refused.length > 0) {
          outcome.failures.push(...refused);
          const refusedSkus = new Set(refused.map((failure) => failure.partnerSku));
          batch = batch.filter((item) => !refusedSkus.has(skuOf(item)));
          continue;
        }
        if (outcome.appliedCount === 0 && outcome.failures.length === 0) throw error;
        const { code, message } = notApplied(error);
        for (const item of [...batch, ...items.slice(start + size)])
          outcome.failures.push({ partnerSku: skuOf(item), code, message });
        return outcome;
      }
    }
  }
  return outcome;
}

/** The items of this batch that noon named in an ITEM_VALIDATION_FAILED answer. */
function refusedItems(error: unknown, inBatch: Set<string>): InboundItemFailure[] {
  if (!(error instanceof UpstreamError) || error.code !== 'ITEM_VALIDATION_FAILED') return [];
  return error.details
    .filter((detail) => detail.item !== undefined && inBatch.has(detail.item))
    .map((detail) => ({ partnerSku: detail.item!, code: detail.code ?? error.code, message: detail.message }));
}
