import type { FastifyRequest } from 'fastify';
import { NoonError } from './errors.js';

/** What HTTP libraries send when the application names nothing (Node's fetch sends `node`). */
const LIBRARY_DEFAULT = /^(node|undici)(\/\S*)?$/i;

/** noon asks every call to carry a User-Agent naming the application; the sandbox enforces it (403). */
export async function requireApplicationUserAgent(request: FastifyRequest): Promise<void> {
  const userAgent = request.headers['user-agent']?.trim();
  if (userAgent === undefined || userAgent === '') {
    throw new NoonError('FORBIDDEN', 'A User-Agent header naming your application is required');
  }
  if (LIBRARY_DEFAULT.test(userAgent)) {
    throw new NoonError('FORBIDDEN', `User-Agent "${userAgent}" is a library default; name your application`);
  }
}
