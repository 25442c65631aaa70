import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import Fastify from 'fastify';
import { loadConfig } from '../../src/config.js';
import { logMarketplaces } from '../../src/marketplaces-log.js';

/** The JSON lines a real (pino) logger writes while `run` uses it. */
function linesLogged(run: (logger: ReturnType<typeof Fastify>['log']) => void): Array<Record<string, unknown>> {
  let written = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  run(Fastify({ logger: { level: 'info', stream } }).log);
  return written
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test('one info line names each marketplace on with its URL, and those off; no credential is written', () => {
  const config = loadConfig({
    FRUUGO_USERNAME: 'retailer',
    FRUUGO_PASSWORD: 'fruugo-password-secret',
    FRUUGO_WEBHOOK_SECRET: 'fruugo-webhook-secret-0001',
    MARKETPLACER_URL: 'https://ops:basic-secret@mkp.example/graphql?token=query-secret',
    MARKETPLACER_API_KEY: 'marketplacer-api-key-secret',
  });
  const lines = linesLogged((logger) => logMarketplaces(config, logger));
  assert.equal(lines.length, 1);
  const [line] = lines;
  assert.equal(line!.level, 30);
  assert.deepEqual(line!.marketplaces, {
    FRUUGO: 'https://order-api.fruugo.com',
    MARKETPLACER: 'https://mkp.example/graphql',
  });
  assert.deepEqual(line!.off, ['NOON', 'INCREFF']);
  assert.equal(
    line!.msg,
    'marketplaces on: FRUUGO at https://order-api.fruugo.com, MARKETPLACER at https://mkp.example/graphql; off: NOON, INCREFF',
  );
  assert.doesNotMatch(JSON.stringify(line), /secret|retailer/);
});

test('with nothing configured, every marketplace is named off', () => {
  const [line] = linesLogged((logger) => logMarketplaces(loadConfig({ SANDBOX: 'off' }), logger));
  assert.deepEqual(line!.marketplaces, {});
  assert.equal(line!.msg, 'marketplaces on: none; off: NOON, INCREFF, FRUUGO, MARKETPLACER');
});
