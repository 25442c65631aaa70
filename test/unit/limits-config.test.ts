import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiKeyRing } from '../../src/auth/api-keys.js';
import { loadConfig } from '../../src/config.js';
import { problemsOf } from '../support/config.js';

// The limits of README, Limits: their variables, and the `limits` an API key may carry.

const KEY = 'reports-key-000000000000000001';

describe('limits configuration', () => {
  test('defaults, and each variable read', () => {
    assert.deepEqual(loadConfig({}).limits, {
      defaults: { maxCost: 20_000, maxDepth: 10, maxAliases: 50, requestsPerMinute: 600, costPerMinute: 200_000 },
      maxTokens: 20_000,
    });
    const set = loadConfig({
      OPERATION_MAX_COST: '5000',
      OPERATION_MAX_DEPTH: '7',
      OPERATION_MAX_ALIASES: '3',
      OPERATION_MAX_TOKENS: '900',
      RATE_LIMIT_REQUESTS_PER_MINUTE: '60',
      RATE_LIMIT_COST_PER_MINUTE: '5000',
    }).limits;
    assert.deepEqual(set, {
      defaults: { maxCost: 5000, maxDepth: 7, maxAliases: 3, requestsPerMinute: 60, costPerMinute: 5000 },
      maxTokens: 900,
    });
  });

  test('a cost budget a minute below the cost of one operation is refused at start, for everyone or for a key', () => {
    assert.match(
      problemsOf({ RATE_LIMIT_COST_PER_MINUTE: '1000', OPERATION_MAX_COST: '2000' }).join('\n'),
      /RATE_LIMIT_COST_PER_MINUTE \(1000\) must be at least OPERATION_MAX_COST \(2000\)/,
    );
    const keys = JSON.stringify([{ name: 'reports', key: KEY, roles: ['viewer'], limits: { maxCost: 300_000 } }]);
    assert.match(
      problemsOf({ AUTH_API_KEYS: keys }).join('\n'),
      /AUTH_API_KEYS, key "reports": limits.costPerMinute \(200000\) must be at least maxCost \(300000\)/,
    );
  });

  test("an API key's limits: unknown names and values below 1 are refused, naming the entry", () => {
    const problems = problemsOf({
      AUTH_API_KEYS: JSON.stringify([
        { name: 'typo', key: KEY, roles: ['viewer'], limits: { maxCosts: 10 } },
        { name: 'zero', key: KEY, roles: ['viewer'], limits: { requestsPerMinute: 0 } },
      ]),
    }).join('\n');
    assert.match(problems, /AUTH_API_KEYS\[0\]\.limits: Unrecognized key: "maxCosts"/);
    assert.match(problems, /AUTH_API_KEYS\[1\]\.limits\.requestsPerMinute/);
  });

  test('the holder of a key with limits carries them; a key without has none (the defaults apply)', () => {
    const ring = new ApiKeyRing(
      loadConfig({
        AUTH_API_KEYS: JSON.stringify([
          { name: 'reports', key: KEY, roles: ['viewer'], limits: { maxCost: 50_000, costPerMinute: 500_000 } },
          { name: 'plain', key: `${KEY}x`, roles: ['viewer'] },
        ]),
      }).auth.apiKeys,
    );
    assert.deepEqual(ring.principalFor(KEY)?.limits, { maxCost: 50_000, costPerMinute: 500_000 });
    assert.equal('limits' in ring.principalFor(`${KEY}x`)!, false);
  });
});
