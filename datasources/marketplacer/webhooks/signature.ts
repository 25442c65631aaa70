import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header an operator webhook's signature travels in (reference 4), as Node names headers: lower case. */
export const SIGNATURE_HEADER = 'marketplacer-hmac-256';

/** SHA-256's length: the size of every signature Marketplacer sends. */
const MAC_BYTES = 32;

/** Whether `header` can be a signature at all (base64 of a SHA-256 MAC), before there is a body to check it against. */
export function isSignature(header: string | string[] | undefined): header is string {
  return typeof header === 'string' && Buffer.from(header.trim(), 'base64').length === MAC_BYTES;
}

/**
 * Whether `header` is Marketplacer's signature of `rawBody`: base64 of HMAC-SHA256 keyed with the webhook's HMAC
 * key, over the body exactly as sent. Compared in constant time; the two buffers are the same length whenever the
 * header holds a SHA-256 MAC at all, and that length is no secret.
 */
export function signatureMatches(header: string | string[] | undefined, rawBody: string, secret: string): boolean {
  if (typeof header !== 'string') return false;
  const expected = createHmac('sha256', secret).update(rawBody, 'utf8').digest();
  const given = Buffer.from(header.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
