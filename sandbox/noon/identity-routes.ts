import type { FastifyPluginAsync } from 'fastify';
import { LOGIN_PATH, WHOAMI_PATH, type WhoAmIResponse } from './wire.js';
import type { IdentityService } from './identity.js';
import { loginBody } from './schemas.js';
import { REFRESH_COOKIE, SESSION_COOKIE, type SessionGuard } from './session-guard.js';
import { parseInput } from './validation.js';

/** noon's identity service: JWT login, which opens a cookie session, and the whoami connectivity check. */
export function identityRoutes(identity: IdentityService, guard: SessionGuard): FastifyPluginAsync {
  return async (app) => {
    app.post(LOGIN_PATH, async (request, reply) => {
      const { sessionId, refreshToken } = await identity.login(parseInput(loginBody, request.body, 'body'));
      reply.header('set-cookie', [
        `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly`,
        `${REFRESH_COOKIE}=${refreshToken}; Path=/; HttpOnly`,
      ]);
      return {};
    });

    app.get(WHOAMI_PATH, { onRequest: guard.onRequest }, async (request): Promise<WhoAmIResponse> => {
      const partner = guard.partnerOf(request);
      return { user_code: partner.userCode, username: partner.channelIdentifier };
    });
  };
}
