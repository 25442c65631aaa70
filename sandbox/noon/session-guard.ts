import type { FastifyRequest } from 'fastify';
import type { IdentityService } from './identity.js';
import type { Partner } from './partners.js';

export const SESSION_COOKIE = '_npsid';
export const REFRESH_COOKIE = '_nprt';

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of header?.split(';') ?? []) {
    const [key, ...value] = pair.split('=');
    if (key?.trim() === name) return value.join('=').trim();
  }
  return undefined;
}

/**
 * Resolves the partner from the `_npsid` cookie in `onRequest`, so a caller without a session gets 401 before its
 * body is even parsed, and hands it to the handlers of the same request.
 */
export class SessionGuard {
  private readonly partners = new WeakMap<FastifyRequest, Partner>();

  constructor(private readonly identity: IdentityService) {}

  readonly onRequest = async (request: FastifyRequest): Promise<void> => {
    const sessionId = cookieValue(request.headers.cookie, SESSION_COOKIE);
    this.partners.set(request, this.identity.partnerForSession(sessionId));
  };

  partnerOf(request: FastifyRequest): Partner {
    const partner = this.partners.get(request);
    if (partner === undefined) throw new Error(`${request.url} is served without the session guard`);
    return partner;
  }
}
