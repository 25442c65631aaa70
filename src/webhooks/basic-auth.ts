import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether `given` is `secret`, compared in constant time over digests, so neither the secret's content nor its
 * length leaks through timing.
 */
export function secretMatches(given: string | undefined, secret: string): boolean {
  if (given === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

/**
 * Whether an `Authorization: Basic` header carries `secret` as its password (the user name is free: senders put
 * whatever the URL they were given holds).
 */
export function basicPasswordMatches(header: string | undefined, secret: string): boolean {
  if (header === undefined || !/^basic /i.test(header)) return false;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return false;
  return secretMatches(decoded.slice(colon + 1), secret);
}
