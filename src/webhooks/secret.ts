import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a credential a sender presented is `secret`. Compared in constant time over digests, so neither the
 * secret's content nor its length leaks through timing; a credential not presented (undefined) never matches.
 */
export function secretMatches(presented: string | undefined, secret: string): boolean {
  if (presented === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(secret));
}
