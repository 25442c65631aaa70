import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { problemsOf } from '../support/config.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const NOON = {
  NOON_KEY_JSON: JSON.stringify({
    key_id: 'k1',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    channel_identifier: 'gw@p1.idp.noon.partners',
    project_code: 'PRJ1',
    type: 'apijwt',
  }),
  NOON_FBPI_WAREHOUSE_CODE: 'W1',
};

describe('NOON_WEBHOOK_HEADERS', () => {
  test('a JSON object of credential headers, names kept lower case', () => {
    const config = loadConfig({
      ...NOON,
      NOON_WEBHOOK_HEADERS: '{"X-Api-Key":"0123456789abcdef","authorization":"Bearer 0123456789abcdef"}',
    });
    assert.deepEqual(config.noon?.webhookHeaders, {
      'x-api-key': '0123456789abcdef',
      authorization: 'Bearer 0123456789abcdef',
    });
    assert.equal(loadConfig(NOON).noon?.webhookHeaders, undefined, 'unset: no noon webhooks');
  });

  test('anything but a non-empty object of header names to long values is refused, naming the problem', () => {
    const refused = (value: string) => problemsOf({ ...NOON, NOON_WEBHOOK_HEADERS: value });
    assert.deepEqual(refused('x-api-key: secret'), [
      'NOON_WEBHOOK_HEADERS: must be a JSON object of header name → value, e.g. {"x-api-key":"…"}',
    ]);
    assert.deepEqual(refused('["0123456789abcdef"]'), [
      'NOON_WEBHOOK_HEADERS: must be a JSON object of header name → value, e.g. {"x-api-key":"…"}',
    ]);
    assert.deepEqual(refused('{}'), ['NOON_WEBHOOK_HEADERS: must name at least one header']);
    assert.deepEqual(refused('{"x-api-key":"short"}'), [
      'NOON_WEBHOOK_HEADERS.x-api-key: must be at least 16 characters (it is a credential)',
    ]);
    assert.deepEqual(refused('{"x-api-key":12345678901234567}'), [
      'NOON_WEBHOOK_HEADERS.x-api-key: Invalid input: expected string, received number',
    ]);
    assert.deepEqual(refused('{"api key":"0123456789abcdef"}'), [
      'NOON_WEBHOOK_HEADERS.api key: must be an HTTP header name',
    ]);
    assert.deepEqual(refused('{"X-Key":"0123456789abcdef","x-key":"0123456789abcdef"}'), [
      'NOON_WEBHOOK_HEADERS: must not name a header twice (header names are case-insensitive)',
    ]);
  });

  test('it needs the noon key and the FBPI warehouse whose orders the events are about', () => {
    const headers = '{"x-api-key":"0123456789abcdef"}';
    assert.deepEqual(problemsOf({ NOON_WEBHOOK_HEADERS: headers }), [
      'NOON_WEBHOOK_HEADERS is set but no key: set NOON_KEY_FILE or NOON_KEY_JSON',
    ]);
    assert.deepEqual(problemsOf({ NOON_KEY_JSON: NOON.NOON_KEY_JSON, NOON_WEBHOOK_HEADERS: headers }), [
      "NOON_WEBHOOK_HEADERS needs NOON_FBPI_WAREHOUSE_CODE: noon's order events are about the orders of that warehouse",
    ]);
  });
});
