import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { LOGIN_PATH, type ServiceAccountKey } from '../../datasources/noon/identity-wire.js';
import type { ErrorBody, ShipmentHeader, ShipmentResponse, StorageType } from '../../datasources/noon/inbound/wire.js';
import type { NoonSandbox } from '../../sandbox/noon/index.js';

// Talking to the noon sandbox over HTTP, the way the gateway does, for the simulator's own tests.

export const USER_AGENT = 'noon-sandbox-tests/1.0';

export interface TokenClaims {
  sub?: string;
  /** Seconds since the epoch; defaults to now. */
  iat?: number;
  jti?: string;
}

/** The login JWT of reference 1.0: RS256, sub = key_id, iat, jti. `signingKey` (PEM) forges a bad signature. */
export async function signLoginToken(
  key: ServiceAccountKey,
  claims: TokenClaims & { iat: number },
  signingKey: string = key.private_key,
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setSubject(claims.sub ?? key.key_id)
    .setIssuedAt(claims.iat)
    .setJti(claims.jti ?? randomUUID())
    .sign(await importPKCS8(signingKey, 'RS256'));
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export interface LoginAttempt {
  /** Partner whose service-account key is used; the default partner when omitted. */
  keyId?: string;
  /** Claims to override. */
  claims?: TokenClaims;
  /** PEM key to sign with instead of the partner's own. */
  signingKey?: string;
  /** `default_project_code` to send instead of the key's. */
  projectCode?: string;
}

/** POSTs a login, with a token built from `attempt`, and returns the raw answer. */
export async function tryLogin(sandbox: NoonSandbox, attempt: LoginAttempt = {}): Promise<Response> {
  const key = sandbox.serviceAccountKey(attempt.keyId);
  const claims = { iat: nowSeconds(), ...attempt.claims };
  const token = await signLoginToken(key, claims, attempt.signingKey);
  return postLogin(sandbox, token, attempt.projectCode ?? key.project_code);
}

export function postLogin(sandbox: NoonSandbox, token: string, projectCode: string): Promise<Response> {
  return fetch(`${sandbox.url}${LOGIN_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT },
    body: JSON.stringify({ token, default_project_code: projectCode }),
  });
}

/** `name=value` pairs of a login answer's Set-Cookie headers, ready for a Cookie header. */
export function cookieHeader(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';', 1)[0])
    .join('; ');
}

export interface NoonResult<T> {
  status: number;
  headers: Headers;
  body: T;
}

export class NoonTestClient {
  constructor(
    readonly baseUrl: string,
    readonly cookie: string | undefined,
  ) {}

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<NoonResult<T>> {
    const headers: Record<string, string> = { 'user-agent': USER_AGENT };
    if (this.cookie !== undefined) headers.cookie = this.cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
  }

  get<T = unknown>(path: string): Promise<NoonResult<T>> {
    return this.request<T>('GET', path);
  }

  post<T = unknown>(path: string, body: unknown): Promise<NoonResult<T>> {
    return this.request<T>('POST', path, body);
  }
}

/** Logs in as a sandbox partner (the default one when `keyId` is omitted) and returns a client carrying the cookies. */
export async function loginClient(sandbox: NoonSandbox, keyId?: string): Promise<NoonTestClient> {
  const response = await tryLogin(sandbox, { keyId });
  assert.equal(response.status, 200, await response.clone().text());
  return new NoonTestClient(sandbox.url, cookieHeader(response));
}

/** Asserts a noon error answer (Appendix B status and code, Appendix C shape) and returns its detail. */
export function assertNoonError(result: NoonResult<unknown>, status: number, code: string): ErrorBody['detail'] {
  assert.equal(result.status, status, JSON.stringify(result.body));
  const body = result.body as ErrorBody;
  assert.equal(body.detail.code, code);
  assert.equal(typeof body.detail.message, 'string');
  return body.detail;
}

export function assertOk<T>(result: NoonResult<T>): T {
  assert.equal(result.status, 200, JSON.stringify(result.body));
  return result.body;
}

export async function createShipment(
  client: NoonTestClient,
  exrefNr: string,
  countryCode = 'AE',
): Promise<ShipmentHeader> {
  const result = await client.post<ShipmentResponse>('/inbound/v1/shipment/create', {
    shipment_type: 'SHIPMENT_TYPE_FBN_GLOBAL',
    exref_nr: exrefNr,
    country_code: countryCode,
  });
  return assertOk(result).shipment;
}

export function items(partnerSkus: readonly string[], qty = 1, storageType: StorageType = 'STORAGE_TYPE_NON_BULKY') {
  return partnerSkus.map((partnerSku) => ({ partner_sku: partnerSku, qty, storage_type: storageType }));
}

export function nonBulkySkus(count: number, from = 1): string[] {
  return Array.from({ length: count }, (_, index) => `PSKU-${String(from + index).padStart(6, '0')}`);
}

export async function addItems(
  client: NoonTestClient,
  asnNr: string,
  partnerSkus: readonly string[],
): Promise<ShipmentHeader> {
  const body = { asn_nr: asnNr, items: items(partnerSkus) };
  return assertOk(await client.post<ShipmentResponse>('/inbound/v1/shipment/items/update', body)).shipment;
}

export function updateStatus(
  client: NoonTestClient,
  asnNr: string,
  action: string,
): Promise<NoonResult<ShipmentResponse>> {
  return client.post<ShipmentResponse>('/inbound/v1/shipment/status/update', { asn_nr: asnNr, action });
}

/** A SEALED ASN holding one non-bulky item. */
export async function sealedShipment(
  client: NoonTestClient,
  exrefNr: string,
  countryCode = 'AE',
): Promise<ShipmentHeader> {
  const { asn_nr } = await createShipment(client, exrefNr, countryCode);
  await addItems(client, asn_nr, ['PSKU-000001']);
  return assertOk(await updateStatus(client, asn_nr, 'STATUS_ACTION_SEAL')).shipment;
}
