import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config.js';

/** loadConfig's refusal of `env`, as the ConfigError it must be. */
export function refusalOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, not ${String(error)}`);
    assert.match(error.message, /^Invalid configuration:/);
    return error;
  }
  assert.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

/** The problems loadConfig names when it refuses `env`. */
export function problemsOf(env: Record<string, string>): string[] {
  return refusalOf(env).problems;
}
