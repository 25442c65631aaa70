import type { Model } from 'mongoose';

/**
 * One page of a listing newest first (moment, then `_id`) that matches `query`, continuing strictly after the
 * document with id `after`, so documents that share its moment are neither repeated nor skipped. The collection
 * needs an index in that order (after the query's equality fields); `query` brings no `$or` of its own.
 */
export async function newestFirst<Doc extends { _id: string }>(
  model: Pick<Model<Doc>, 'find' | 'findById'>,
  moment: keyof Doc & string,
  query: Record<string, unknown>,
  after: string | undefined,
  first: number,
): Promise<Doc[]> {
  const page: Record<string, unknown> = { ...query };
  if (after !== undefined) {
    // After an id the store no longer knows, nothing follows: a page never restarts from the top silently.
    const last = await model.findById(after, { [moment]: 1 }).lean<Record<string, Date>>();
    if (last === null) return [];
    page.$or = [{ [moment]: { $lt: last[moment] } }, { [moment]: last[moment], _id: { $lt: after } }];
  }
  return model
    .find(page)
    .sort({ [moment]: -1, _id: -1 })
    .limit(first)
    .lean<Doc[]>();
}
