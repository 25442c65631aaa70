import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig, NOON_PRODUCTION_URL } from '../../src/config.js';
import { problemsOf } from '../support/config.js';
import { startSandboxes } from '../../sandbox/start.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const key = {
  key_id: 'k1',
  private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  channel_identifier: 'gw@p1.idp.noon.partners',
  project_code: 'PRJ1',
  type: 'apijwt',
};

describe('configuration from the environment', () => {
  test('defaults: sandbox on, port 4000, no noon', () => {
    const config = loadConfig({});
    assert.equal(config.port, 4000);
    assert.equal(config.sandbox, true);
    assert.equal(config.noon, undefined);
    assert.equal(config.production, false);
  });

  test('SANDBOX=auto simulates outside production only; on also in production; off never', async () => {
    // AUTH=none: production refuses to start without authentication unless told a proxy does it.
    const production = loadConfig({ NODE_ENV: 'production', AUTH: 'none' });
    assert.equal(production.sandbox, false);
    const none = await startSandboxes(production);
    assert.deepEqual(none.started, []);
    assert.equal(none.config, production);
    assert.deepEqual(production.store, { kind: 'embedded', file: join('data', 'gateway.sqlite'), fresh: false });
    await none.close();

    const demo = loadConfig({ NODE_ENV: 'production', AUTH: 'none', SANDBOX: 'on' });
    assert.equal(demo.sandbox, true);
    const simulated = await startSandboxes(demo);
    try {
      assert.equal(simulated.started.length, 4, simulated.started.join('\n'));
      assert.ok(
        simulated.config.noon && simulated.config.fruugo && simulated.config.increff && simulated.config.marketplacer,
      );
      assert.deepEqual(demo.store, { kind: 'embedded', file: join('data', 'sandbox.sqlite'), fresh: true });
    } finally {
      await simulated.close();
    }

    assert.equal(loadConfig({ SANDBOX: 'off' }).sandbox, false);
    assert.match(problemsOf({ SANDBOX: 'yes' })[0]!, /^SANDBOX: /);
  });

  test('a key file without a base URL points at noon’s production gateway', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-config-'));
    const file = join(dir, 'noon-key.json');
    writeFileSync(file, JSON.stringify(key));
    const config = loadConfig({ NOON_KEY_FILE: file });
    assert.equal(config.noon?.baseUrl, NOON_PRODUCTION_URL);
    assert.equal(config.noon?.key.key_id, 'k1');
    assert.equal(config.noon?.requestsPerMinute, 1500);
  });

  test('METRICS_PORT: 9464 by default, any port, 0 for a free one, off for none; never PORT itself', () => {
    assert.equal(loadConfig({}).metricsPort, 9464);
    assert.equal(loadConfig({ METRICS_PORT: '9100' }).metricsPort, 9100);
    assert.equal(loadConfig({ METRICS_PORT: '0' }).metricsPort, 0);
    assert.equal(loadConfig({ METRICS_PORT: 'off' }).metricsPort, undefined);
    assert.deepEqual(problemsOf({ METRICS_PORT: 'none' }), ['METRICS_PORT: must be a port (0-65535) or off']);
    assert.match(problemsOf({ METRICS_PORT: '70000' })[0]!, /^METRICS_PORT: Too big/);
    assert.match(problemsOf({ PORT: '9000', METRICS_PORT: '9000' })[0]!, /^METRICS_PORT must differ from PORT/);
    assert.equal(loadConfig({ PORT: '0', METRICS_PORT: '0' }).metricsPort, 0, 'two free ports are two ports');
  });

  test('every bad variable is named, all at once', () => {
    const problems = problemsOf({ PORT: 'eighty', LOG_LEVEL: 'loud', NOON_BASE_URL: 'not a url' });
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.ok(problems.some((problem) => problem.startsWith('PORT:')));
    assert.ok(problems.some((problem) => problem.startsWith('LOG_LEVEL:')));
    assert.ok(problems.some((problem) => problem.startsWith('NOON_BASE_URL:')));
  });

  test('a base URL without a key', () => {
    assert.deepEqual(problemsOf({ NOON_BASE_URL: 'https://noon.example' }), [
      'NOON_BASE_URL is set but no key: set NOON_KEY_FILE or NOON_KEY_JSON',
    ]);
  });

  test('a key file that cannot be read, or is not a noon key', () => {
    assert.match(problemsOf({ NOON_KEY_FILE: '/nonexistent/key.json' })[0]!, /^NOON_KEY_FILE: cannot read/);
    assert.match(problemsOf({ NOON_KEY_JSON: '{oops' })[0]!, /^NOON_KEY_JSON: not JSON/);
    const problems = problemsOf({ NOON_KEY_JSON: JSON.stringify({ ...key, private_key: 'x', type: 'oauth' }) });
    assert.ok(problems.some((problem) => problem.startsWith('NOON_KEY_JSON private_key:')));
    assert.ok(problems.some((problem) => problem.startsWith('NOON_KEY_JSON type:')));
  });

  test('the Marketplacer webhook secret: optional, at least 16 characters, and nothing without the rest', () => {
    const marketplacer = { MARKETPLACER_URL: 'https://mkp.example/graphql', MARKETPLACER_API_KEY: 'k' };
    assert.equal(loadConfig(marketplacer).marketplacer?.webhookSecret, undefined);
    assert.equal(
      loadConfig({ ...marketplacer, MARKETPLACER_WEBHOOK_SECRET: 'sixteen-chars-ok' }).marketplacer?.webhookSecret,
      'sixteen-chars-ok',
    );
    assert.deepEqual(problemsOf({ ...marketplacer, MARKETPLACER_WEBHOOK_SECRET: 'short' }), [
      'MARKETPLACER_WEBHOOK_SECRET: must be at least 16 characters',
    ]);
    assert.match(
      problemsOf({ MARKETPLACER_WEBHOOK_SECRET: 'sixteen-chars-ok' })[0]!,
      /^Marketplacer is partly configured: set MARKETPLACER_URL, MARKETPLACER_API_KEY/,
    );
  });

  test('the store and the event bus: MONGODB_URI and REDIS_URL are checked, and MongoDB caps the webhook body limit', () => {
    const config = loadConfig({
      SANDBOX: 'off',
      MONGODB_URI: 'mongodb://db.internal:27017/gateway',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    assert.deepEqual(config.store, { kind: 'mongodb', uri: 'mongodb://db.internal:27017/gateway' });
    assert.equal(config.redisUrl, 'redis://127.0.0.1:6379');
    assert.equal(config.webhooks.bodyLimitBytes, 15 * 1024 * 1024);
    assert.equal(
      loadConfig({ WEBHOOK_BODY_LIMIT_BYTES: String(32 * 1024 * 1024) }).webhooks.bodyLimitBytes,
      32 * 1024 * 1024,
    );
    assert.deepEqual(
      problemsOf({
        SANDBOX: 'off',
        MONGODB_URI: 'mongodb://db/gateway',
        WEBHOOK_BODY_LIMIT_BYTES: String(16 * 1024 * 1024),
      }),
      ['WEBHOOK_BODY_LIMIT_BYTES may be at most 15728640 with MONGODB_URI (MongoDB keeps documents of up to 16 MiB)'],
    );
    const problems = problemsOf({ MONGODB_URI: 'postgres://db/gateway', REDIS_URL: 'http://127.0.0.1:6379' });
    assert.equal(problems.length, 2);
    assert.match(problems.join('\n'), /MONGODB_URI.*mongodb:\/\//);
    assert.match(problems.join('\n'), /REDIS_URL.*redis:\/\//);
  });

  test('the store: the embedded file under DATA_DIR, a fresh one of its own while simulators run; MongoDB never with them', () => {
    const noon = { NOON_KEY_JSON: JSON.stringify(key) };
    const fruugo = { FRUUGO_USERNAME: 'u', FRUUGO_PASSWORD: 'p', FRUUGO_WEBHOOK_SECRET: 'sixteen-chars-ok' };
    const increff = {
      INCREFF_BASE_URL: 'https://tenant.increff.example',
      INCREFF_USERNAME: 'u',
      INCREFF_PASSWORD: 'p',
      INCREFF_DOMAIN_NAME: 'd',
      INCREFF_WEBHOOK_TOKEN: 'sixteen-chars-ok',
    };
    const marketplacer = { MARKETPLACER_URL: 'https://mkp.example/graphql', MARKETPLACER_API_KEY: 'k' };
    const every = { ...noon, ...fruugo, ...increff, ...marketplacer };
    const kept = (dataDir: string) => ({ kind: 'embedded', file: join(dataDir, 'gateway.sqlite'), fresh: false });

    assert.deepEqual(loadConfig({ DATA_DIR: '/var/lib/gw', ...noon }).store, {
      kind: 'embedded',
      file: join('/var/lib/gw', 'sandbox.sqlite'),
      fresh: true,
    });
    assert.deepEqual(loadConfig({ DATA_DIR: '/var/lib/gw', SANDBOX: 'off' }).store, kept('/var/lib/gw'));
    assert.deepEqual(loadConfig({ ...every }).store, kept('data'), 'every marketplace configured: no simulator');
    assert.deepEqual(loadConfig({ ...every, MONGODB_URI: 'mongodb://db/gateway' }).store, {
      kind: 'mongodb',
      uri: 'mongodb://db/gateway',
    });

    assert.deepEqual(problemsOf({ ...noon, ...fruugo, MONGODB_URI: 'mongodb://db/gateway' }), [
      'MONGODB_URI is not for a gateway with simulators (SANDBOX=auto, INCREFF, MARKETPLACER not configured): they ' +
        'start from their sample data at every start, so their store starts empty too (a file under DATA_DIR). Unset ' +
        'MONGODB_URI, or set SANDBOX=off, or configure every marketplace',
    ]);
    assert.match(
      problemsOf({ NODE_ENV: 'production', AUTH: 'none', SANDBOX: 'on', MONGODB_URI: 'mongodb://db/gateway' })[0]!,
      /^MONGODB_URI is not for a gateway with simulators \(SANDBOX=on, NOON, FRUUGO, INCREFF, MARKETPLACER not configured\)/,
    );
  });

  test('REQUEST_DEADLINE_MS: 10 s unless set (HTTP_TIMEOUT_MS’s default), from 100 ms to 2 minutes', () => {
    assert.equal(loadConfig({}).requestDeadlineMs, 10_000);
    assert.equal(loadConfig({}).requestDeadlineMs, loadConfig({}).http.timeoutMs);
    assert.equal(loadConfig({ REQUEST_DEADLINE_MS: '3000' }).requestDeadlineMs, 3000);
    for (const bad of ['never', '99', '2.5', '120001']) {
      assert.match(problemsOf({ REQUEST_DEADLINE_MS: bad }).join('\n'), /^REQUEST_DEADLINE_MS: /, bad);
    }
  });

  test('SERVER_*_TIMEOUT_MS: what the HTTP server allows clients, each with a default, within bounds, consistent', () => {
    assert.deepEqual(loadConfig({}).server, {
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      connectionTimeoutMs: 150_000,
      keepAliveTimeoutMs: 72_000,
    });
    // Valid beside any request deadline, the longest included.
    assert.equal(loadConfig({ REQUEST_DEADLINE_MS: '120000' }).server.connectionTimeoutMs, 150_000);
    assert.deepEqual(
      loadConfig({
        SERVER_HEADERS_TIMEOUT_MS: '500',
        SERVER_REQUEST_TIMEOUT_MS: '1000',
        SERVER_CONNECTION_TIMEOUT_MS: '20000',
        SERVER_KEEP_ALIVE_TIMEOUT_MS: '5000',
      }).server,
      { headersTimeoutMs: 500, requestTimeoutMs: 1000, connectionTimeoutMs: 20_000, keepAliveTimeoutMs: 5000 },
    );
    for (const [name, bad] of [
      ['SERVER_HEADERS_TIMEOUT_MS', '99'],
      ['SERVER_REQUEST_TIMEOUT_MS', '0'],
      ['SERVER_CONNECTION_TIMEOUT_MS', 'never'],
      ['SERVER_KEEP_ALIVE_TIMEOUT_MS', '600001'],
    ] as const) {
      assert.match(problemsOf({ [name]: bad }).join('\n'), new RegExp(`^${name}: `), `${name}=${bad}`);
    }
    assert.deepEqual(problemsOf({ SERVER_HEADERS_TIMEOUT_MS: '40000' }), [
      'SERVER_HEADERS_TIMEOUT_MS may be at most SERVER_REQUEST_TIMEOUT_MS (the headers are part of the request)',
    ]);
    assert.match(
      problemsOf({ SERVER_CONNECTION_TIMEOUT_MS: '10000' }).join('\n'),
      /^SERVER_CONNECTION_TIMEOUT_MS must be above REQUEST_DEADLINE_MS/,
    );
  });

  test('FRUUGO_CALLBACK_MAX_NESTING: 32 unless set, from 5 (Fruugo nests five deep) to 1000', () => {
    const fruugo = { FRUUGO_USERNAME: 'u', FRUUGO_PASSWORD: 'p', FRUUGO_WEBHOOK_SECRET: 'sixteen-chars-ok' };
    assert.equal(loadConfig(fruugo).fruugo?.callbackMaxNesting, 32);
    assert.equal(loadConfig({ ...fruugo, FRUUGO_CALLBACK_MAX_NESTING: '8' }).fruugo?.callbackMaxNesting, 8);
    for (const bad of ['4', '1001', 'deep']) {
      assert.match(
        problemsOf({ ...fruugo, FRUUGO_CALLBACK_MAX_NESTING: bad }).join('\n'),
        /^FRUUGO_CALLBACK_MAX_NESTING: /,
        bad,
      );
    }
  });

  test('SHUTDOWN_GRACE_MS: 15 s unless set (above the request deadline), a whole number of milliseconds from 100', () => {
    assert.equal(loadConfig({}).shutdownGraceMs, 15_000);
    assert.ok(loadConfig({}).shutdownGraceMs > loadConfig({}).requestDeadlineMs);
    assert.equal(loadConfig({ SHUTDOWN_GRACE_MS: '30000' }).shutdownGraceMs, 30_000);
    for (const bad of ['soon', '50', '1.5', '600001']) {
      assert.match(problemsOf({ SHUTDOWN_GRACE_MS: bad }).join('\n'), /^SHUTDOWN_GRACE_MS: /, bad);
    }
  });

  test('webhook retries: a sweep every 5 s, 20 attempts 1 s doubling to 5 min apart, 8 applied at once; each checked', () => {
    const { bodyLimitBytes: _bodyLimitBytes, ...webhooks } = loadConfig({}).webhooks;
    assert.deepEqual(webhooks, {
      sweepIntervalMs: 5000,
      sweepBatch: 100,
      applyConcurrency: 8,
      applyQueueLimit: 1000,
      retry: { maxAttempts: 20, baseDelayMs: 1000, maxDelayMs: 300_000 },
    });
    const set = loadConfig({
      WEBHOOK_RETRY_SECONDS: '2',
      WEBHOOK_SWEEP_BATCH: '50',
      WEBHOOK_APPLY_CONCURRENCY: '1',
      WEBHOOK_APPLY_QUEUE_LIMIT: '10',
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_RETRY_BASE_MS: '500',
      WEBHOOK_RETRY_MAX_MS: '500',
    }).webhooks;
    assert.deepEqual(
      [set.sweepIntervalMs, set.sweepBatch, set.applyConcurrency, set.applyQueueLimit, set.retry],
      [2000, 50, 1, 10, { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 500 }],
    );
    const problems = problemsOf({
      WEBHOOK_SWEEP_BATCH: '0',
      WEBHOOK_APPLY_CONCURRENCY: 'many',
      WEBHOOK_APPLY_QUEUE_LIMIT: '0',
      WEBHOOK_MAX_ATTEMPTS: '0',
      WEBHOOK_RETRY_BASE_MS: '1.5',
    });
    assert.deepEqual(problems.map((problem) => problem.split(':')[0]).sort(), [
      'WEBHOOK_APPLY_CONCURRENCY',
      'WEBHOOK_APPLY_QUEUE_LIMIT',
      'WEBHOOK_MAX_ATTEMPTS',
      'WEBHOOK_RETRY_BASE_MS',
      'WEBHOOK_SWEEP_BATCH',
    ]);
    assert.deepEqual(problemsOf({ WEBHOOK_RETRY_BASE_MS: '60000', WEBHOOK_RETRY_MAX_MS: '1000' }), [
      'WEBHOOK_RETRY_BASE_MS may be at most WEBHOOK_RETRY_MAX_MS (the longest wait between two attempts)',
    ]);
  });

  test('live event limits: defaults, and values out of range refused naming the variable', () => {
    const config = loadConfig({});
    assert.equal(config.redisOutagePollMs, 1000);
    assert.equal(config.subscriptionBufferEvents, 1000);
    const set = loadConfig({ REDIS_OUTAGE_POLL_MS: '250', SUBSCRIPTION_BUFFER_EVENTS: '50' });
    assert.deepEqual([set.redisOutagePollMs, set.subscriptionBufferEvents], [250, 50]);
    const problems = problemsOf({ REDIS_OUTAGE_POLL_MS: '10', SUBSCRIPTION_BUFFER_EVENTS: 'many' });
    assert.equal(problems.length, 2);
    assert.match(problems.join('\n'), /REDIS_OUTAGE_POLL_MS/);
    assert.match(problems.join('\n'), /SUBSCRIPTION_BUFFER_EVENTS/);
  });

  test('websocket limits: 20 sockets per caller, 1,000 in all, 100 operations per socket; each checked', () => {
    assert.deepEqual(loadConfig({}).socketLimits, { socketsPerCaller: 20, sockets: 1000, operationsPerSocket: 100 });
    const set = loadConfig({ WEBSOCKETS_PER_CALLER: '3', WEBSOCKETS_MAX: '50', SUBSCRIPTIONS_PER_SOCKET: '5' });
    assert.deepEqual(set.socketLimits, { socketsPerCaller: 3, sockets: 50, operationsPerSocket: 5 });
    const problems = problemsOf({
      WEBSOCKETS_PER_CALLER: '0',
      WEBSOCKETS_MAX: 'lots',
      SUBSCRIPTIONS_PER_SOCKET: '1.5',
    });
    assert.deepEqual(
      problems.map((problem) => problem.split(':')[0]),
      ['WEBSOCKETS_PER_CALLER', 'WEBSOCKETS_MAX', 'SUBSCRIPTIONS_PER_SOCKET'],
    );
  });

  test('REDIS_URL without MONGODB_URI is refused: instances sharing events must share the store that numbers them', () => {
    assert.deepEqual(problemsOf({ REDIS_URL: 'redis://127.0.0.1:6379' }), [
      'REDIS_URL needs MONGODB_URI: instances that share events must share one store (without MONGODB_URI each ' +
        "keeps its own file under DATA_DIR, whose cursors repeat every other instance's). Set MONGODB_URI to the " +
        'database every instance uses, or unset REDIS_URL to run one instance',
    ]);
    assert.equal(problemsOf({ REDIS_URL: 'redis://127.0.0.1:6379', DATA_DIR: '/var/lib/gateway' }).length, 1);
    assert.equal(loadConfig({ DATA_DIR: '/var/lib/gateway' }).redisUrl, undefined, 'one instance on its file: fine');
  });

  test('no marketplace and no sandbox is a configuration: every marketplace is off', () => {
    const config = loadConfig({ SANDBOX: 'off' });
    assert.deepEqual(
      [config.noon, config.fruugo, config.increff, config.marketplacer],
      [undefined, undefined, undefined, undefined],
    );
  });

  test('Increff needs the webhook token with its credentials; the credential lifetime and transporter have defaults', () => {
    const increff = {
      INCREFF_BASE_URL: 'https://tenant.increff.example',
      INCREFF_USERNAME: 'u',
      INCREFF_PASSWORD: 'p',
      INCREFF_DOMAIN_NAME: 'd',
    };
    assert.deepEqual(problemsOf(increff), [
      'Increff is partly configured: set INCREFF_WEBHOOK_TOKEN as well (or none of its variables for the sandbox)',
    ]);
    assert.deepEqual(problemsOf({ ...increff, INCREFF_WEBHOOK_TOKEN: 'short' }), [
      'INCREFF_WEBHOOK_TOKEN: must be at least 16 characters',
    ]);
    assert.match(
      problemsOf({ INCREFF_TRANSPORTER: 'Aramex' })[0]!,
      /^Increff is partly configured: set INCREFF_BASE_URL, /,
    );
    const config = loadConfig({ ...increff, INCREFF_WEBHOOK_TOKEN: 'a-token-of-sixteen-or-more' });
    assert.deepEqual(
      [config.increff?.webhookToken, config.increff?.credentialTtlSeconds, config.increff?.transporter],
      ['a-token-of-sixteen-or-more', 86_400, 'SELF'],
    );
    assert.match(
      problemsOf({
        ...increff,
        INCREFF_WEBHOOK_TOKEN: 'a-token-of-sixteen-or-more',
        INCREFF_CREDENTIAL_TTL_SECONDS: '30',
      })[0]!,
      /^INCREFF_CREDENTIAL_TTL_SECONDS: /,
    );
  });
});
