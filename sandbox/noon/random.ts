import { createHash } from 'node:crypto';

/** A number in [0, 1) fixed by `key`: sample values per SKU stay the same on every start. */
export function unitInterval(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}

/** A deterministic sequence in [0, 1) (mulberry32) seeded by `seed`, for sample data generated in a loop. */
export function seededRandom(seed: string): () => number {
  let state = Math.floor(unitInterval(seed) * 2 ** 32);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** One element of a non-empty list, chosen by `random`. */
export function pick<T>(list: readonly T[], random: () => number): T {
  const value = list[Math.floor(random() * list.length)];
  if (value === undefined) throw new Error('cannot pick from an empty list');
  return value;
}
