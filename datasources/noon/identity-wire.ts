/**
 * noon identity service, shared by every noon API (reference 1.0, "Authenticating Your Requests").
 */

/** The service-account JSON key a partner downloads from Seller Lab ("API Users" → "Add Service Account"). */
export interface ServiceAccountKey {
  key_id: string;
  /** PEM, RSA. */
  private_key: string;
  /** e.g. `user@p123456.idp.noon.partners`. */
  channel_identifier: string;
  project_code: string;
  type: 'apijwt';
}

/** POST /identity/public/v1/api/login — a 200 sets the session cookies later calls send. */
export interface LoginRequest {
  /** RS256 JWT with claims sub = key_id, iat, jti. */
  token: string;
  default_project_code: string;
}

/** GET /identity/v1/whoami */
export interface WhoAmIResponse {
  user_code: string;
  username: string;
}

export const LOGIN_PATH = '/identity/public/v1/api/login';
export const WHOAMI_PATH = '/identity/v1/whoami';
