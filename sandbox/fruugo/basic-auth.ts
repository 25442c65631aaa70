import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { FruugoRefusal, generalError } from './errors.js';

export interface RetailerCredentials {
  username: string;
  password: string;
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The `user:password` of an `Authorization: Basic …` header; undefined for any other header. */
function basicCredentials(header: string | undefined): RetailerCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * HTTP Basic with the Retailer Portal credentials (reference 3), checked in `onRequest` so a caller without them
 * gets 401 before its body is read.
 */
export function requireRetailer(expected: RetailerCredentials) {
  return async (request: FastifyRequest): Promise<void> => {
    const given = basicCredentials(request.headers.authorization);
    if (given === undefined || !same(given.username, expected.username) || !same(given.password, expected.password)) {
      throw new FruugoRefusal(401, [generalError(401)], { 'www-authenticate': 'Basic realm="Fruugo"' });
    }
  };
}
