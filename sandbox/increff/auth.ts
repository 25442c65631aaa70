import type { FastifyRequest } from 'fastify';
import { AUTH_HEADERS, type IncreffCredentials } from './wire.js';
import { IncreffError } from './errors.js';

/**
 * Increff's inbound authentication: the three headers must all name the tenant's client and channel. Checked in
 * `onRequest`, so a caller without them gets 401 before its body is even read.
 */
export function requireCredentials(credentials: IncreffCredentials) {
  const expected: Array<[string, string]> = [
    [AUTH_HEADERS.username, credentials.username],
    [AUTH_HEADERS.password, credentials.password],
    [AUTH_HEADERS.domainName, credentials.domainName],
  ];
  return async (request: FastifyRequest): Promise<void> => {
    // Node lower-cases header names; Increff's are camelCase on the wire.
    const wrong = expected
      .filter(([name, value]) => request.headers[name.toLowerCase()] !== value)
      .map(([name]) => name);
    if (wrong.length > 0) throw new IncreffError('UNAUTHORIZED', `Missing or wrong ${wrong.join(', ')}`);
  };
}
