import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { ApiKeyRing } from './api-keys.js';
import type { AuthConfig } from './auth-config.js';
import { Authenticator } from './authenticator.js';
import { JwtVerifier } from './jwt-verifier.js';

/**
 * The gateway's Authenticator, and one line at start saying how callers are authenticated; a gateway that lets
 * everyone in says so loudly, naming what would close it. `clock` runs the JWKS refetch schedule.
 */
export function createAuthenticator(config: AuthConfig, log: Logger, clock: Clock): Authenticator {
  const authenticator = new Authenticator(
    new ApiKeyRing(config.apiKeys),
    config.jwt && new JwtVerifier(config.jwt, clock),
  );
  if (config.delegatedToProxy) {
    log.warn(
      'AUTH=none: the gateway authenticates no one and lets every caller do everything; a proxy in front must authenticate',
    );
  } else if (!authenticator.required) {
    log.warn(
      'No authentication configured: anyone who reaches this port may read and change orders. Set AUTH_API_KEYS (see the README, Security)',
    );
  } else {
    const names = [...new Set(config.apiKeys.map((entry) => entry.name))];
    log.info({ apiKeys: names, jwks: config.jwt?.jwksUrl }, 'callers authenticate with API keys or JWTs');
  }
  return authenticator;
}
