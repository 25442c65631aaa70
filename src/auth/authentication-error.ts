/**
 * Why a caller could not be authenticated. `unavailable` means the gateway could not check (the identity provider's
 * keys could not be fetched): not the caller's fault, so it is answered 503, not 401.
 */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
  constructor(
    message: string,
    readonly unavailable = false,
  ) {
    super(message);
  }
}
