import { isWellFormed } from '../domain/ids.js';

/**
 * `value` as one segment of an upstream URL's path. Every id a client sends is checked for its shape before any call
 * (src/domain/ids.ts); this is the last guard behind that: a value that would not stay one segment (empty, `.` or
 * `..`, which a URL resolves into the path around it, or not encodable) is a fault of the gateway, thrown, never
 * sent.
 */
export function pathSegment(value: string): string {
  if (value === '' || value === '.' || value === '..' || !isWellFormed(value)) {
    throw new Error(`refused to send ${JSON.stringify(value.slice(0, 100))} as a URL path segment`);
  }
  return encodeURIComponent(value);
}
