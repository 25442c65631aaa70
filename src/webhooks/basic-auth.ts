import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an `Authorization: Basic` header carries `secret` as its password (the user name is free: senders put
 * whatever the URL they were given holds). Compared in constant time over digests, so neither the secret's
 * content nor its length leaks through timing.
 */
export function basicPasswordMatches(header: string | undefined, secret: string): boolean {
  if (header === undefined || !/^basic /i.test(header)) return false;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(decoded.slice(colon + 1)), digest(secret));
}
