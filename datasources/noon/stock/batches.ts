import { notApplied } from '../not-applied.js';

/** `items` in consecutive slices of at most `size`. */
export function chunks<Item>(items: readonly Item[], size: number): Item[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );
}

/** What became of one item that was never judged by noon because its call failed. */
export type NotSent<Item, Result> = (item: Item, code: string, message: string) => Result;

/**
 * Sends `items` in calls of at most `size`, in order, collecting the per-item results noon answers with. A failed
 * call (an outage, a refusal of the whole call) stops the run: when it was the first, it is thrown as is, since
 * nothing was applied; otherwise every item of that call and the later ones is reported with the call's code, so
 * the caller can send exactly those again (stock and price updates are absolute, hence safe to repeat).
 */
export async function sendInBatches<Item, Result>(
  items: readonly Item[],
  size: number,
  send: (batch: Item[]) => Promise<Result[]>,
  notSent: NotSent<Item, Result>,
): Promise<Result[]> {
  const results: Result[] = [];
  const batches = chunks(items, size);
  for (const [index, batch] of batches.entries()) {
    try {
      results.push(...(await send(batch)));
    } catch (error) {
      if (index === 0) throw error;
      const { code, message } = notApplied(error);
      for (const item of batches.slice(index).flat()) results.push(notSent(item, code, message));
      return results;
    }
  }
  return results;
}
