import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose';

/** One signing key of the identity provider. */
interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface TokenOptions {
  /** Seconds from now until `exp` (negative: already expired). Default an hour. */
  expiresIn?: number;
  issuer?: string;
  audience?: string;
  /** Sign with this key id (default the newest key); a kid the JWKS does not publish makes an unknown-key token. */
  kid?: string;
}

/** A stand-in identity provider on loopback: it publishes a JWKS and signs tokens, and its keys can rotate. */
export interface JwksServer {
  /** The JWKS URL (AUTH_JWKS_URL). */
  url: string;
  issuer: string;
  audience: string;
  /** A signed RS256 token with these claims (`sub` is required by the gateway). */
  sign(claims: JWTPayload, options?: TokenOptions): Promise<string>;
  /** Adds a new key and publishes it beside the old ones; answers its kid. */
  rotate(): Promise<string>;
  /** Stops publishing every key but the newest (the old tokens no longer verify once the gateway refetches). */
  retireOldKeys(): void;
  /** A key that is never published: tokens signed with it have an unknown kid. */
  unpublishedKid(): Promise<string>;
  /** How many times the JWKS was fetched. */
  fetches(): number;
  /** Makes the JWKS answer 503 (the provider is down) or serve again. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

export async function startJwksServer(): Promise<JwksServer> {
  const published: SigningKey[] = [];
  const unpublished: SigningKey[] = [];
  let fetched = 0;
  let down = false;
  let counter = 0;
  const newKey = async (): Promise<SigningKey> => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const kid = `key-${++counter}`;
    return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
  };
  published.push(await newKey());

  const server: Server = createServer((request, response) => {
    if (request.url !== '/.well-known/jwks.json') return void response.writeHead(404).end();
    fetched += 1;
    if (down) return void response.writeHead(503).end();
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: published.map((key) => key.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${origin}/`;
  const audience = 'marketplace-gateway';

  return {
    url: `${origin}/.well-known/jwks.json`,
    issuer,
    audience,
    async sign(claims, options = {}) {
      const key = [...published, ...unpublished].find(
        (candidate) => candidate.kid === (options.kid ?? published.at(-1)!.kid),
      )!;
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: key.kid })
        .setIssuer(options.issuer ?? issuer)
        .setAudience(options.audience ?? audience)
        .setIssuedAt(now)
        .setExpirationTime(now + (options.expiresIn ?? 3600))
        .sign(key.privateKey);
    },
    async rotate() {
      const key = await newKey();
      published.push(key);
      return key.kid;
    },
    retireOldKeys() {
      published.splice(0, published.length - 1);
    },
    async unpublishedKid() {
      const key = await newKey();
      unpublished.push(key);
      return key.kid;
    },
    fetches: () => fetched,
    setDown(value) {
      down = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
