import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { WhoAmIResponse } from '../../datasources/noon/identity-wire.js';
import { startNoonSandbox, type NoonSandbox } from '../../sandbox/noon/index.js';
import {
  assertNoonError,
  assertOk,
  cookieHeader,
  loginClient,
  NoonTestClient,
  nowSeconds,
  postLogin,
  tryLogin,
  type NoonResult,
} from '../support/noon-login.js';

const LIST = '/inbound/v1/shipment/list';

async function asResult(response: Response): Promise<NoonResult<unknown>> {
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** A request with no User-Agent header at all, which fetch cannot send (it adds `node`). */
function getWithoutUserAgent(url: string): Promise<NoonResult<unknown>> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'GET' }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: new Headers(), body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('noon sandbox: identity login and sessions', () => {
  let sandbox: NoonSandbox;

  before(async () => {
    sandbox = await startNoonSandbox({ catalogSize: 10, sessionTtlSeconds: 3600 });
  });

  after(async () => {
    await sandbox.close();
  });

  test('a signed JWT logs in: 200 {}, _npsid and _nprt cookies, and whoami answers for the partner', async () => {
    const key = sandbox.serviceAccountKey();
    assert.equal(key.type, 'apijwt');
    assert.equal(key.key_id, 'sandbox-key-1');
    assert.equal(key.project_code, 'PRJ100001');
    assert.equal(key.channel_identifier, 'gateway@p100001.idp.noon.partners');
    assert.match(key.private_key, /^-----BEGIN PRIVATE KEY-----/);

    const response = await tryLogin(sandbox);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {});
    const cookies = response.headers.getSetCookie();
    assert.equal(cookies.length, 2);
    assert.match(cookies[0] ?? '', /^_npsid=[\w-]+; Path=\/; HttpOnly$/);
    assert.match(cookies[1] ?? '', /^_nprt=[\w-]+; Path=\/; HttpOnly$/);

    const client = new NoonTestClient(sandbox.url, cookieHeader(response));
    assert.deepEqual(assertOk(await client.get<WhoAmIResponse>('/identity/v1/whoami')), {
      user_code: 'p100001-gateway',
      username: 'gateway@p100001.idp.noon.partners',
    });
  });

  test('login refuses a token signed with another key, with 401 UNAUTHORIZED', async () => {
    const forger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const signingKey = forger.export({ type: 'pkcs8', format: 'pem' }).toString();
    assertNoonError(await asResult(await tryLogin(sandbox, { signingKey })), 401, 'UNAUTHORIZED');
  });

  test("login refuses another partner's key presented under this key_id", async () => {
    const signingKey = sandbox.serviceAccountKey('sandbox-key-2').private_key;
    assertNoonError(await asResult(await tryLogin(sandbox, { signingKey })), 401, 'UNAUTHORIZED');
  });

  test('login refuses a reused jti', async () => {
    const jti = randomUUID();
    assert.equal((await tryLogin(sandbox, { claims: { jti } })).status, 200);
    const again = await tryLogin(sandbox, { claims: { jti } });
    assert.match(assertNoonError(await asResult(again), 401, 'UNAUTHORIZED').message, /jti/);
  });

  test('login refuses an iat more than 5 minutes away from now, either way', async () => {
    for (const iat of [nowSeconds() - 330, nowSeconds() + 330]) {
      const response = await tryLogin(sandbox, { claims: { iat } });
      assert.match(assertNoonError(await asResult(response), 401, 'UNAUTHORIZED').message, /iat/);
    }
    assert.equal((await tryLogin(sandbox, { claims: { iat: nowSeconds() - 290 } })).status, 200);
  });

  test('iat is judged by the wall clock the signer shares: a sandbox clock jump never locks it out', async () => {
    sandbox.control.advanceClock(40 * 24 * 3600);
    assert.equal((await tryLogin(sandbox)).status, 200);
    const sandboxNow = Math.floor(sandbox.control.now().getTime() / 1000);
    const sandboxTime = await tryLogin(sandbox, { claims: { iat: sandboxNow } });
    assertNoonError(await asResult(sandboxTime), 401, 'UNAUTHORIZED');
  });

  test('login refuses an unknown key_id, a project code of another partner and a token that is not a JWT', async () => {
    const unknown = await tryLogin(sandbox, { claims: { sub: 'no-such-key' } });
    assertNoonError(await asResult(unknown), 401, 'UNAUTHORIZED');
    const wrongProject = await tryLogin(sandbox, { projectCode: 'PRJ100002' });
    assertNoonError(await asResult(wrongProject), 401, 'UNAUTHORIZED');
    const garbage = await postLogin(sandbox, 'not-a-jwt', 'PRJ100001');
    assertNoonError(await asResult(garbage), 401, 'UNAUTHORIZED');
  });

  test('a login body without token is 422 VALIDATION_ERROR naming the field', async () => {
    const result = await new NoonTestClient(sandbox.url, undefined).post('/identity/public/v1/api/login', {
      default_project_code: 'PRJ100001',
    });
    const detail = assertNoonError(result, 422, 'VALIDATION_ERROR');
    assert.deepEqual(detail.details, [{ field: 'token', message: 'field required' }]);
  });

  test('API calls without a cookie, or with an unknown one, are 401 before the body is even read', async () => {
    const anonymous = new NoonTestClient(sandbox.url, undefined);
    assertNoonError(await anonymous.get(LIST), 401, 'UNAUTHORIZED');
    assertNoonError(await anonymous.get('/identity/v1/whoami'), 401, 'UNAUTHORIZED');
    assertNoonError(await anonymous.post('/inbound/v1/shipment/create', '{oops'), 401, 'UNAUTHORIZED');
    assertNoonError(await new NoonTestClient(sandbox.url, '_npsid=forged').get(LIST), 401, 'UNAUTHORIZED');
  });

  test('sessions end with expireSessions and after sessionTtlSeconds of sandbox time', async () => {
    const client = await loginClient(sandbox);
    assertOk(await client.get(LIST));
    sandbox.control.expireSessions();
    assertNoonError(await client.get(LIST), 401, 'UNAUTHORIZED');

    const next = await loginClient(sandbox);
    sandbox.control.advanceClock(3599);
    assertOk(await next.get(LIST));
    sandbox.control.advanceClock(1);
    assertNoonError(await next.get(LIST), 401, 'UNAUTHORIZED');
  });

  test('a missing or library-default User-Agent is 403 FORBIDDEN, on login as on the API', async () => {
    assertNoonError(await getWithoutUserAgent(`${sandbox.url}${LIST}`), 403, 'FORBIDDEN');

    const client = await loginClient(sandbox);
    for (const userAgent of ['node', 'undici', 'undici/6.21.1']) {
      const response = await fetch(`${sandbox.url}${LIST}`, {
        headers: { cookie: client.cookie ?? '', 'user-agent': userAgent },
      });
      assertNoonError(await asResult(response), 403, 'FORBIDDEN');
    }
    // fetch's own default is `node`.
    const login = await fetch(`${sandbox.url}/identity/public/v1/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assertNoonError(await asResult(login), 403, 'FORBIDDEN');
  });
});
