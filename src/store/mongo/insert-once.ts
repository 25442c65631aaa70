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
