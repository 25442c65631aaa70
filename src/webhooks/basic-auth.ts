import { secretMatches } from './secret.js';

/**
 * Whether an `Authorization: Basic` header carries `secret` as its password (the user name is free: senders put
 * whatever the URL they were given holds), compared in constant time.
 */
export function basicPasswordMatches(header: string | undefined, secret: string): boolean {
  if (header === undefined || !/^basic /i.test(header)) return false;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return false;
  return secretMatches(decoded.slice(colon + 1), secret);
}
