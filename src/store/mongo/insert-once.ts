import { mongo } from 'mongoose';

/** MongoDB refused a write because a unique index already holds its key (E11000). */
export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof mongo.MongoServerError && error.code === 11000;
}

/**
 * Inserts once per unique key: the unique index decides, in the same write, so two deliveries racing on two
 * instances cannot both get in (a read before the write could not promise that). When the index refuses the
 * insert, the record stored first is the answer.
 */
export async function insertOnce<T>(
  insert: () => Promise<T>,
  storedFirst: () => Promise<T | undefined>,
): Promise<{ value: T; duplicate: boolean }> {
  try {
    return { value: await insert(), duplicate: false };
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // Another unique index (none is expected besides the key's) would leave nothing to find: that error stands.
    const stored = await storedFirst();
    if (stored === undefined) throw error;
    return { value: stored, duplicate: true };
  }
}

/**
 * An upsert (update or replace with `upsert: true`, its filter an equality on a unique key), tried once more when
 * the unique index refuses it: two upserts of one new key at the same moment both find nothing and both insert, and
 * the second insert meets E11000. MongoDB (4.2 and later) retries such an upsert itself; FerretDB 1.24 answers the
 * E11000. The second try finds the document the first one inserted and updates it, which is what the caller meant.
 */
export async function upsertRetried<T>(upsert: () => Promise<T>): Promise<T> {
  try {
    return await upsert();
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return upsert();
  }
}
