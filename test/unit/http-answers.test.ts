import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Marketplace } from '../../src/domain/marketplace.js';
import { HttpClient } from '../../src/http/http-client.js';
import { UpstreamError } from '../../src/http/upstream-error.js';
import { testLogger } from '../support/silent-logger.js';

describe('what the HTTP layer makes of a marketplace’s answer', () => {
  /** The paths asked, in order. */
  const asked: string[] = [];
  const server = createServer((request, response) => {
    asked.push(request.url!);
    if (request.url === '/moved') {
      response.writeHead(302, { location: '/elsewhere', 'content-type': 'application/json' }).end('{}');
      return;
    }
    response
      .writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1; Path=/', 'b=2; Path=/'] })
      .end('{"orders":[{"id":"NFBO1"}]}');
  });
  let client: HttpClient;
  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    client = new HttpClient({
      marketplace: Marketplace.NOON,
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      userAgent: 'gateway-tests/1.0',
      timeoutMs: 5000,
      retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1000 },
      breaker: { threshold: 1000, halfOpenAfterMs: 1000 },
      parseErrorBody: (status) => ({ code: `HTTP_${status}`, message: `answered ${status}` }),
      logger: testLogger,
    });
  });
  after(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  test('a 2xx answer: its body parsed, the text as it came, its headers by any case and its cookies apart', async () => {
    const answer = await client.request<{ orders: Array<{ id: string }> }>({
      operation: 'test.List',
      method: 'GET',
      path: '/orders',
      idempotent: true,
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.text, '{"orders":[{"id":"NFBO1"}]}');
    assert.deepEqual(answer.body, { orders: [{ id: 'NFBO1' }] });
    assert.equal(answer.body, answer.body, 'parsed once');
    assert.equal(answer.headers.get('Content-Type'), 'application/json');
    assert.deepEqual(answer.headers.getSetCookie(), ['a=1; Path=/', 'b=2; Path=/']);
  });

  test('a redirect is not followed: the call fails with its status, and where it points is never asked', async () => {
    asked.length = 0;
    const failure = await client
      .request({ operation: 'test.Moved', method: 'GET', path: '/moved', idempotent: true })
      .catch((error: unknown) => error);
    assert.ok(failure instanceof UpstreamError, String(failure));
    assert.equal(failure.httpStatus, 302);
    assert.equal(failure.code, 'HTTP_302');
    assert.deepEqual(asked, ['/moved']);
  });
});
