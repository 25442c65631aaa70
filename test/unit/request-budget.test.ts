import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Marketplace } from '../../src/domain/marketplace.js';
import { Deadline } from '../../src/http/deadline.js';
import { HttpClient } from '../../src/http/http-client.js';
import { RequestBudget, type RequestBudgetOptions } from '../../src/http/request-budget.js';
import { UpstreamError } from '../../src/http/upstream-error.js';
import { processRateCounters, redisRateCounters, type RateCounters } from '../../src/rate-counters.js';
import { TestRedisServer } from '../support/redis-server.js';
import { testLogger } from '../support/silent-logger.js';

const READ = { operation: 'test.Read', method: 'GET', path: '/read', idempotent: true } as const;

/** Sent, or refused by the budget: what one call settled with. */
type Outcome = 'sent' | UpstreamError;

describe("a marketplace's request budget", () => {
  /** The callers whose requests reached the upstream, in order of arrival. */
  let arrivals: string[] = [];
  const server = createServer((request, response) => {
    arrivals.push(String(request.headers['x-caller']));
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  let baseUrl: string;
  let redis: TestRedisServer | undefined;
  const opened: RateCounters[] = [];
  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    redis = await TestRedisServer.start();
  });
  after(async () => {
    await Promise.all(opened.map((counters) => counters.close()));
    await redis?.kill();
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  /** A client of the test upstream (as one gateway instance has), spending `budget`. */
  function instance(budget: Partial<RequestBudgetOptions> & { counters: RateCounters }): HttpClient {
    arrivals = [];
    return new HttpClient({
      marketplace: Marketplace.NOON,
      baseUrl,
      userAgent: 'gateway-tests/1.0',
      timeoutMs: 5_000,
      retry: { maxRetries: 4, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 60_000 },
      breaker: { threshold: 1000, halfOpenAfterMs: 1000 },
      budget: new RequestBudget({
        marketplace: Marketplace.NOON,
        requests: 10,
        windowSeconds: 60,
        callerSharePercent: 100,
        ...budget,
      }),
      parseErrorBody: (status) => ({ code: `HTTP_${status}`, message: `answered ${status}` }),
      logger: testLogger,
    });
  }

  /** One call of `caller`, within `deadlineMs` (none: the gateway's own call, as a webhook's). */
  function call(client: HttpClient, caller: string, deadlineMs?: number): Promise<Outcome> {
    const deadline = deadlineMs === undefined ? undefined : new Deadline(deadlineMs, caller);
    return client.request({ ...READ, headers: { 'x-caller': caller } }, testLogger, deadline).then(
      () => 'sent' as const,
      (error: unknown) => {
        assert.ok(error instanceof UpstreamError, String(error));
        return error;
      },
    );
  }

  function refusals(outcomes: Outcome[]): UpstreamError[] {
    return outcomes.filter((outcome): outcome is UpstreamError => outcome !== 'sent');
  }

  async function redisCounters(t: { skip(message: string): void }): Promise<RateCounters | undefined> {
    if (redis === undefined) {
      console.log('SKIPPED: the shared request budget across instances: no redis-server binary on PATH');
      t.skip('no redis-server');
      return undefined;
    }
    const counters = await redisRateCounters(redis.url, testLogger);
    opened.push(counters);
    return counters;
  }

  test('two instances counting in one Redis send 10 of 30 calls together; apart they would send 20', async (t) => {
    const a = await redisCounters(t);
    if (a === undefined) return;
    const b = (await redisCounters(t))!;
    const first = instance({ counters: a });
    const second = instance({ counters: b });
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, n) => call(n % 2 === 0 ? first : second, `caller-${n % 3}`, 2_000)),
    );
    assert.equal(arrivals.length, 10, 'the upstream saw the budget, not twice it');
    const refused = refusals(outcomes);
    assert.equal(refused.length, 20);
    for (const error of refused) {
      // Refused at once, knowing the turn would come after the deadline: not a timeout at the deadline.
      assert.equal(error.kind, 'budget');
      assert.equal(error.code, 'UPSTREAM_RATE_LIMITED');
      assert.equal(error.httpStatus, 429);
      assert.ok((error.retryAfterMs ?? 0) > 2_000, `a wait past the deadline: ${error.retryAfterMs}`);
      assert.match(error.message, /NOON's budget of 10 requests per 60 s is spent for \d+ s more/);
    }

    // The baseline: each instance with counters of its own sends its own 10.
    const apart = [instance({ counters: processRateCounters() }), instance({ counters: processRateCounters() })];
    await Promise.all(Array.from({ length: 30 }, (_, n) => call(apart[n % 2]!, 'caller', 2_000)));
    assert.equal(arrivals.length, 20);
  });

  test('while Redis is away each instance counts alone, and calls still go', async (t) => {
    const counters = await redisCounters(t);
    if (counters === undefined || redis === undefined) return;
    const client = instance({ counters, requests: 5 });
    await redis.kill();
    try {
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => call(client, 'caller', 2_000)));
      assert.equal(arrivals.length, 5, 'the insurance counter holds the budget in this instance');
      assert.equal(refusals(outcomes).length, 3);
      assert.ok(refusals(outcomes).every((error) => error.code === 'UPSTREAM_RATE_LIMITED'));
    } finally {
      await redis.restart();
    }
  });

  test('waiting calls take turns round their callers: one call of B waits behind one of A, not behind all of them', async () => {
    const client = instance({ counters: processRateCounters(), requests: 2, windowSeconds: 1 });
    const many = Array.from({ length: 6 }, () => call(client, 'A', 10_000));
    // B asks once A's first two have spent the window and A's other four are in line.
    while (arrivals.length < 2) await new Promise((resolve) => setImmediate(resolve));
    const one = call(client, 'B', 10_000);
    const outcomes = await Promise.all([...many, one]);
    assert.ok(outcomes.every((outcome) => outcome === 'sent'));
    assert.deepEqual(arrivals.slice(0, 2), ['A', 'A']);
    assert.ok(arrivals.indexOf('B') <= 3, `B was served at ${arrivals.indexOf('B')} (first come first served: 6)`);
  });

  test('one caller takes at most its share of a window; another caller finds the rest', async () => {
    const client = instance({
      counters: processRateCounters(),
      requests: 4,
      windowSeconds: 60,
      callerSharePercent: 50,
    });
    const flood = await Promise.all(Array.from({ length: 5 }, () => call(client, 'A', 1_000)));
    assert.deepEqual(arrivals, ['A', 'A']);
    const refused = refusals(flood);
    assert.equal(refused.length, 3);
    assert.match(refused[0]!.message, /this caller's share \(50 %\) of NOON's budget of 4 requests per 60 s is spent/);

    const other = await Promise.all([call(client, 'B', 1_000), call(client, 'B', 1_000)]);
    assert.deepEqual(other, ['sent', 'sent']);
    assert.deepEqual(arrivals, ['A', 'A', 'B', 'B']);
  });

  test('paced: a flood’s calls that cannot be served before their deadline are refused at once, not a window before it', async () => {
    // 60 a minute, paced: one call every 2 s (any minute then meets at most 31 of them).
    const client = instance({ counters: processRateCounters(), requests: 60, windowSeconds: 60, paced: true });
    const started = performance.now();
    const settledAt: number[] = [];
    const flood = await Promise.all(
      Array.from({ length: 5 }, (_, n) =>
        call(client, 'A', 5_000).then((outcome) => {
          settledAt[n] = performance.now() - started;
          return outcome;
        }),
      ),
    );
    // Turns at about 0, 2 and 4 s; a fourth would come at 6 s, past the 5 s deadline, and so would the fifth.
    assert.deepEqual(
      flood.map((outcome) => (outcome === 'sent' ? 'sent' : outcome.code)),
      ['sent', 'sent', 'sent', 'UPSTREAM_RATE_LIMITED', 'UPSTREAM_RATE_LIMITED'],
    );
    assert.ok(Math.max(...settledAt.slice(3)) < 2_000, `refused after ${settledAt.slice(3)} ms, not at once`);
    assert.match((flood[3] as UpstreamError).message, /NOON's budget of 60 requests per 60 s \(1 per 2 s, paced\)/);
  });

  test("the gateway's own calls (webhooks, jobs: no deadline) wait for their turn instead of failing", async () => {
    const client = instance({ counters: processRateCounters(), requests: 1, windowSeconds: 1, callerSharePercent: 50 });
    const outcomes = await Promise.all([call(client, 'gateway'), call(client, 'gateway')]);
    assert.deepEqual(outcomes, ['sent', 'sent']);
    assert.equal(arrivals.length, 2);
  });

  test('a call whose deadline passes while it waits leaves the line: no turn is spent on it later', async () => {
    const client = instance({ counters: processRateCounters(), requests: 1, windowSeconds: 1 });
    // The first takes the window; the second (the gateway's own) waits for the next; the third would come after
    // the second, past its deadline, though the window alone would have ended within it.
    const first = call(client, 'A', 5_000);
    const second = call(client, 'gateway');
    const third = call(client, 'B', 1_500);
    const outcomes = await Promise.all([first, second, third]);
    assert.equal(outcomes[0], 'sent');
    assert.equal(outcomes[1], 'sent');
    assert.ok(outcomes[2] instanceof UpstreamError);
    assert.ok(outcomes[2].kind === 'budget' || outcomes[2].kind === 'deadline', outcomes[2].kind);
    assert.deepEqual(arrivals, ['A', 'gateway']);
  });
});
