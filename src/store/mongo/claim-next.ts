import { isDuplicateKeyError } from './insert-once.js';

/**
 * How many taken positions one write may meet before it fails: each round at least one of the writers racing for a
 * position gets it, so this is more writers than write at one moment.
 */
const CLAIM_ATTEMPTS = 100;

/**
 * Inserts at the next position of a sequence (order-event cursors, an order's error positions): one more than the
 * largest stored, claimed by the insert itself through the sequence's unique index. A writer that finds the
 * position taken reads the largest again and tries the next, so a position is only ever given to a record stored
 * after every smaller one. (An atomic counter would do on MongoDB, but FerretDB 1.24 runs findAndModify's `$inc` as
 * a read then a write, so two writers could take the same value.)
 *
 * `storedAlready` answers when another unique index refused the insert (the same record, stored before): its
 * record ends the claim; undefined means the position was the taken one.
 */
export async function claimNext<T>(
  largest: () => Promise<number | undefined>,
  insert: (position: number) => Promise<T>,
  storedAlready: () => Promise<T | undefined> = async () => undefined,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const position = ((await largest()) ?? 0) + 1;
    try {
      return await insert(position);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const stored = await storedAlready();
      if (stored !== undefined) return stored;
      if (attempt >= CLAIM_ATTEMPTS) throw error;
    }
  }
}
