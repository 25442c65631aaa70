import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { AuthenticationError } from './authentication-error.js';
import type { Authenticator } from './authenticator.js';
import type { Principal } from './principal.js';

/**
 * The caller of an HTTP request, or the refusal Apollo Server answers in its place: 401 with one
 * UNAUTHENTICATED error (and `WWW-Authenticate: Bearer`, as RFC 6750 asks), or 503 when the identity provider's
 * keys cannot be fetched.
 */
export async function httpPrincipal(
  authenticator: Authenticator,
  authorization: string | undefined,
): Promise<Principal> {
  try {
    return await authenticator.authenticate(authorization);
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    const status = error.unavailable ? 503 : 401;
    const headers = new HeaderMap(
      error.unavailable ? [['retry-after', '5']] : [['www-authenticate', 'Bearer realm="marketplace-gateway"']],
    );
    throw new GraphQLError(`Not authenticated: ${error.message}`, {
      extensions: {
        code: error.unavailable ? 'AUTHENTICATION_UNAVAILABLE' : 'UNAUTHENTICATED',
        http: { status, headers },
      },
    });
  }
}
