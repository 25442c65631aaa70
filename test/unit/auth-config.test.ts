import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Marketplace } from '../../schema/marketplace.js';
import { ApiKeyRing } from '../../src/auth/api-keys.js';
import { AuthenticationError } from '../../src/auth/authentication-error.js';
import { Authenticator } from '../../src/auth/authenticator.js';
import { MarketplaceAccess } from '../../src/auth/marketplace-access.js';
import { UNAUTHENTICATED_CALLER } from '../../src/auth/principal.js';
import { grants } from '../../src/auth/role.js';
import { loadConfig } from '../../src/config.js';
import { problemsOf } from '../support/config.js';
import { AUTH_API_KEYS, KEYS } from '../support/auth.js';

const SECRET = 'a-secret-that-is-long-enough-00001';

describe('AUTH_API_KEYS', () => {
  test('keys shorter than 24 characters, malformed hashes, a key and a hash, no role: each refused at start, naming the entry', () => {
    const problems = problemsOf({
      AUTH_API_KEYS: JSON.stringify([
        { name: 'short', key: 'only-twenty-three-chars', roles: ['viewer'] },
        { name: 'hash', sha256: 'abc', roles: ['viewer'] },
        { name: 'both', key: SECRET, sha256: 'a'.repeat(64), roles: ['viewer'] },
        { name: 'none', key: SECRET, roles: [] },
        { name: 'role', key: SECRET, roles: ['superuser'] },
        { name: 'place', key: SECRET, roles: ['viewer'], marketplaces: ['AMAZON'] },
        { name: 'typo', key: SECRET, role: ['viewer'] },
      ]),
    });
    const text = problems.join('\n');
    assert.match(text, /AUTH_API_KEYS\[0\]\.key: must be at least 24 characters/);
    assert.match(text, /AUTH_API_KEYS\[1\]\.sha256: must be 64 hex digits/);
    assert.match(text, /AUTH_API_KEYS\[2\]: needs either `key` or `sha256`, not both/);
    assert.match(text, /AUTH_API_KEYS\[3\]\.roles: must name at least one role/);
    assert.match(text, /AUTH_API_KEYS\[4\]\.roles\[0\]/);
    assert.match(text, /AUTH_API_KEYS\[5\]\.marketplaces\[0\]/);
    assert.match(text, /AUTH_API_KEYS\[6\]/);
    assert.doesNotMatch(text, /only-twenty-three-chars|a-secret-that/, 'no key value reaches the message');
  });

  test('not JSON, an empty array, and both the variable and the file: refused', () => {
    assert.match(problemsOf({ AUTH_API_KEYS: '{nope' }).join(), /AUTH_API_KEYS: not JSON/);
    assert.match(problemsOf({ AUTH_API_KEYS: '[]' }).join(), /the array is empty/);
    assert.match(problemsOf({ AUTH_API_KEYS: AUTH_API_KEYS, AUTH_API_KEYS_FILE: '/nope' }).join(), /set one, not both/);
    assert.match(problemsOf({ AUTH_API_KEYS_FILE: '/no/such/keys.json' }).join(), /AUTH_API_KEYS_FILE: cannot read/);
  });

  test('AUTH_API_KEYS_FILE reads the same array from a file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gw-keys-')), 'keys.json');
    writeFileSync(file, AUTH_API_KEYS);
    const config = loadConfig({ AUTH_API_KEYS_FILE: file });
    assert.equal(config.auth.apiKeys.length, JSON.parse(AUTH_API_KEYS).length);
    assert.ok(
      config.auth.apiKeys.every((entry) => entry.sha256.length === 32),
      'only digests are kept',
    );
  });

  test('JWTs need the JWKS URL, issuer and audience together', () => {
    assert.match(
      problemsOf({ AUTH_JWKS_URL: 'https://idp.example/jwks.json' }).join(),
      /AUTH_JWKS_URL, AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE together/,
    );
    assert.match(problemsOf({ AUTH_JWT_MARKETPLACES_CLAIM: 'mp' }).join(), /AUTH_JWKS_URL is not/);
    const config = loadConfig({
      AUTH_JWKS_URL: 'https://idp.example/jwks.json',
      AUTH_JWT_ISSUER: 'https://idp.example/',
      AUTH_JWT_AUDIENCE: 'gw',
    });
    assert.deepEqual(config.auth.jwt, {
      jwksUrl: 'https://idp.example/jwks.json',
      issuer: 'https://idp.example/',
      audience: 'gw',
      rolesClaim: 'roles',
      marketplacesClaim: undefined,
      refetchIntervalMs: 60_000,
    });
  });

  test('production refuses to start open; AUTH=none says a proxy authenticates, and contradicts configured keys', () => {
    const refused = problemsOf({ NODE_ENV: 'production' }).join();
    for (const name of ['AUTH_API_KEYS', 'AUTH_JWKS_URL', 'AUTH=none']) assert.ok(refused.includes(name), name);
    assert.equal(loadConfig({ NODE_ENV: 'production', AUTH: 'none' }).auth.delegatedToProxy, true);
    assert.match(problemsOf({ AUTH: 'none', AUTH_API_KEYS }).join(), /choose one/);
    assert.match(problemsOf({ AUTH: 'off' }).join(), /AUTH: may only be `none`/);
    assert.equal(loadConfig({}).auth.apiKeys.length, 0, 'development may stay open');
  });

  test('CORS_ORIGINS takes origins only; defaults: Apollo Sandbox outside production, none in it; introspection likewise', () => {
    assert.deepEqual(loadConfig({ CORS_ORIGINS: 'https://ops.example.com, http://localhost:3000' }).corsOrigins, [
      'https://ops.example.com',
      'http://localhost:3000',
    ]);
    assert.match(problemsOf({ CORS_ORIGINS: 'https://ops.example.com/app' }).join(), /not an origin/);
    assert.match(problemsOf({ CORS_ORIGINS: '*' }).join(), /not an origin/);
    assert.ok(loadConfig({}).corsOrigins.includes('https://sandbox.embed.apollographql.com'));
    assert.equal(loadConfig({}).introspection, true);
    const production = loadConfig({ NODE_ENV: 'production', AUTH: 'none' });
    assert.deepEqual(production.corsOrigins, []);
    assert.equal(production.introspection, false);
    assert.equal(loadConfig({ NODE_ENV: 'production', AUTH: 'none', INTROSPECTION: 'on' }).introspection, true);
  });
});

describe('Authenticator with API keys', () => {
  const authenticator = new Authenticator(new ApiKeyRing(loadConfig({ AUTH_API_KEYS }).auth.apiKeys), undefined);

  test('finds the holder of a key, rotated ones under one name, with its roles and marketplaces', async () => {
    const noon = await authenticator.authenticate(`Bearer ${KEYS.noonOperator}`);
    assert.deepEqual(noon, {
      kind: 'API_KEY',
      subject: 'noon-ops',
      name: 'noon-ops',
      roles: ['operator'],
      marketplaces: ['NOON'],
      expiresAt: undefined,
    });
    assert.equal((await authenticator.authenticate(`bearer ${KEYS.operatorRotated}`)).subject, 'erp-sync');
    assert.equal((await authenticator.authenticate(`Bearer ${KEYS.operator}`)).subject, 'erp-sync');
  });

  test('refuses no header, another scheme, an unknown or truncated key, and a non-string payload', async () => {
    for (const authorization of [
      undefined,
      '',
      `Basic ${KEYS.admin}`,
      KEYS.admin,
      `Bearer ${KEYS.admin.slice(0, -1)}`,
      `Bearer ${KEYS.admin} extra`,
      42,
      { a: 1 },
    ]) {
      await assert.rejects(authenticator.authenticate(authorization), AuthenticationError, String(authorization));
    }
  });

  test('with nothing configured everyone is the unauthenticated caller, who may do everything', async () => {
    const open = new Authenticator(new ApiKeyRing([]), undefined);
    assert.equal(open.required, false);
    assert.equal(await open.authenticate(undefined), UNAUTHENTICATED_CALLER);
    assert.ok(grants(UNAUTHENTICATED_CALLER.roles, 'admin'));
  });
});

describe('roles and marketplace access', () => {
  test('each role includes the ones before it', () => {
    assert.ok(grants(['admin'], 'viewer') && grants(['admin'], 'operator') && grants(['operator'], 'viewer'));
    assert.ok(!grants(['viewer'], 'operator') && !grants(['operator'], 'admin') && !grants([], 'viewer'));
  });

  test('narrow: named marketplaces must be allowed; none named gives the allowed ones; an empty scope is refused, never "all"', () => {
    const noon = new MarketplaceAccess({ subject: 'noon-ops', marketplaces: [Marketplace.NOON] });
    const all = Object.values(Marketplace);
    assert.deepEqual(noon.narrow(undefined, all), [Marketplace.NOON]);
    assert.deepEqual(noon.narrow([], all), [Marketplace.NOON]);
    assert.deepEqual(noon.narrow([Marketplace.NOON], all), [Marketplace.NOON]);
    assert.throws(() => noon.narrow([Marketplace.NOON, Marketplace.FRUUGO], all), /noon-ops may not use FRUUGO/);
    assert.deepEqual(noon.narrow(undefined, [Marketplace.FRUUGO]), []);
    const nothing = new MarketplaceAccess({ subject: 'empty', marketplaces: [] });
    assert.throws(() => nothing.narrow(undefined, all), /may not use any marketplace/);
    const everything = new MarketplaceAccess({ subject: 'admin', marketplaces: undefined });
    assert.deepEqual(everything.narrow(undefined, all), all);
    assert.equal(everything.unlimited, true);
  });
});
