import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Marketplace } from '../../src/domain/marketplace.js';
import { Deadline, withinDeadline } from '../../src/http/deadline.js';
import { HttpClient, type HttpClientOptions } from '../../src/http/http-client.js';
import type { RetryOptions } from '../../src/http/retry-policy.js';
import { UpstreamError } from '../../src/http/upstream-error.js';
import { eventually } from '../../support/eventually.js';
import { testLogger } from '../support/silent-logger.js';

/** How the test upstream answers its n-th request (0 first); it may also never answer. */
type Answer = (response: ServerResponse, n: number) => void;

const answer =
  (status: number, headers: Record<string, string> = {}): Answer =>
  (response) =>
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end('{}');

const READ = { operation: 'test.Read', method: 'GET', path: '/read', idempotent: true } as const;

/** The elapsed milliseconds of `call`, and what it settled with. */
async function timed<T>(call: Promise<T>): Promise<{ ms: number; outcome: T | UpstreamError }> {
  const started = performance.now();
  const outcome = await call.catch((error: unknown) => {
    assert.ok(error instanceof UpstreamError, `an UpstreamError, not ${String(error)}`);
    return error;
  });
  return { ms: performance.now() - started, outcome };
}

describe("the HTTP layer holds a call to its operation's deadline", () => {
  let answers: Answer;
  let hits = 0;
  const server = createServer((_request, response) => answers(response, hits++));
  let baseUrl: string;
  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  /** A client of the test upstream, and the answers it gets from now on. */
  function upstream(
    next: Answer,
    retry: Partial<RetryOptions> = {},
    more: Partial<HttpClientOptions> = {},
  ): HttpClient {
    answers = next;
    hits = 0;
    return new HttpClient({
      marketplace: Marketplace.NOON,
      baseUrl,
      userAgent: 'gateway-tests/1.0',
      timeoutMs: 10_000,
      retry: { maxRetries: 4, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 60_000, ...retry },
      breaker: { threshold: 1000, halfOpenAfterMs: 1000 },
      parseErrorBody: (status) => ({ code: `HTTP_${status}`, message: `answered ${status}` }),
      logger: testLogger,
      ...more,
    });
  }

  test('a Retry-After that would end past the deadline is not waited for: the 429 fails the call at once', async () => {
    const refuseOnce: Answer = (response, n) =>
      n === 0 ? answer(429, { 'retry-after': '1' })(response, n) : answer(200)(response, n);

    const { ms, outcome } = await timed(upstream(refuseOnce).request(READ, testLogger, new Deadline(800)));
    assert.ok(outcome instanceof UpstreamError);
    assert.equal(outcome.httpStatus, 429);
    assert.equal(outcome.retryAfterMs, 1000, 'the caller still learns how long the marketplace asked to wait');
    assert.equal(hits, 1);
    assert.ok(ms < 400, `failed at once, not at the deadline (${ms.toFixed(0)} ms)`);

    // The same answers without a deadline (a webhook's call): the wait is made and the retry succeeds.
    const { ms: waited, outcome: retried } = await timed(upstream(refuseOnce).request(READ));
    assert.equal((retried as { status: number }).status, 200);
    assert.equal(hits, 2);
    assert.ok(waited >= 1000, `waited for Retry-After (${waited.toFixed(0)} ms)`);
  });

  test('retries after 5xx go on while their backoff ends before the deadline, then the last attempt’s error stands', async () => {
    const deadlineMs = 1000;
    const client = upstream(answer(503), { maxRetries: 1000, baseDelayMs: 50, maxDelayMs: 150 });
    const { ms, outcome } = await timed(client.request(READ, testLogger, new Deadline(deadlineMs)));
    assert.ok(outcome instanceof UpstreamError);
    // The last attempt's 503, or its UPSTREAM_TIMEOUT when it began so near the deadline that the deadline cut it.
    assert.ok([503, 504].includes(outcome.httpStatus), outcome.message);
    assert.ok(hits > 3, `retried (${hits} attempts)`);
    assert.ok(ms <= deadlineMs * 1.1, `answered within the deadline + 10 % (${ms.toFixed(0)} ms)`);
  });

  test('an attempt still running at the deadline ends there with UPSTREAM_TIMEOUT, whatever the timeout', async () => {
    const deadlineMs = 1000;
    const silent: Answer = () => undefined; // never answers
    const { ms, outcome } = await timed(upstream(silent).request(READ, testLogger, new Deadline(deadlineMs)));
    assert.ok(outcome instanceof UpstreamError);
    assert.equal(outcome.code, 'UPSTREAM_TIMEOUT');
    assert.equal(outcome.httpStatus, 504);
    assert.equal(outcome.kind, 'timeout');
    assert.equal(outcome.message, "NOON did not answer test.Read within the operation's 1000 ms deadline");
    assert.equal(hits, 1, 'not retried: no time is left');
    // From a moment after the deadline started (the call's first steps run before `timed` starts its clock), and far
    // below the attempt's own 10 s timeout: the deadline ended it (a loaded machine adds its own delay to the end).
    assert.ok(ms >= deadlineMs * 0.8 && ms < deadlineMs * 2, `ended at the deadline (${ms.toFixed(0)} ms)`);
  });

  test('the attempt’s own timeout still ends it first when it is shorter, and the retry fits in what is left', async () => {
    const slowOnce: Answer = (response, n) => (n === 0 ? undefined : answer(200)(response, n));
    const client = upstream(slowOnce, {}, { timeoutMs: 300 });
    const { ms, outcome } = await timed(client.request(READ, testLogger, new Deadline(2000)));
    assert.equal((outcome as { status: number }).status, 200);
    assert.equal(hits, 2);
    assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
  });

  test('a call that would start after the deadline fails at once, unsent, with UPSTREAM_TIMEOUT', async () => {
    const deadline = new Deadline(100);
    await eventually('the deadline to pass', async () => (deadline.remainingMs() === 0 ? true : undefined));
    const { ms, outcome } = await timed(upstream(answer(200)).request(READ, testLogger, deadline));
    assert.ok(outcome instanceof UpstreamError);
    assert.equal(outcome.code, 'UPSTREAM_TIMEOUT');
    assert.equal(outcome.httpStatus, 504);
    assert.equal(outcome.kind, 'deadline');
    assert.equal(outcome.message, "NOON was not asked for test.Read: the operation's 100 ms deadline had passed");
    assert.equal(hits, 0);
    assert.ok(ms < 200, `${ms.toFixed(0)} ms`);
  });

  test('a wait the call cannot cut short (its rate limit, a shared login) is given up at the deadline', async () => {
    const forever = new Promise<never>(() => undefined);
    const { ms, outcome } = await timed(withinDeadline(forever, new Deadline(500), Marketplace.NOON, 'identity.Login'));
    assert.ok(outcome instanceof UpstreamError);
    assert.equal(outcome.kind, 'deadline');
    assert.equal(outcome.code, 'UPSTREAM_TIMEOUT');
    assert.ok(ms >= 400 && ms <= 550, `${ms.toFixed(0)} ms`);
    assert.equal(await withinDeadline(Promise.resolve('session'), new Deadline(500), Marketplace.NOON, 'x'), 'session');
  });
});
