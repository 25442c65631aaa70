import assert from 'node:assert/strict';
import { Marketplace } from '../../src/domain/marketplace.js';

/** One error as a client gets it. */
export interface ClientError {
  message: string;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
}

/** Codes of errors about a marketplace, which name it. */
const ABOUT_A_MARKETPLACE = new Set<string>([
  'OPERATION_NOT_SUPPORTED',
  'CANCELLATION_REASON_NOT_SUPPORTED',
  'NOTHING_TO_SHIP',
  'ORDER_NOT_FOUND',
  'UPSTREAM_RATE_LIMITED',
  'UPSTREAM_UNREACHABLE',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
]);

export interface ContractOptions {
  /** The error is known to be about a marketplace (a marketplace's own code), so it must name it. */
  aboutMarketplace?: boolean;
  /** The test provoked a fault of the gateway's own on purpose: INTERNAL_SERVER_ERROR is the right answer. */
  internal?: boolean;
}

/**
 * The error contract of the README ("Errors"): a code; the HTTP status it stands for; on BAD_USER_INPUT, `details`
 * as a non-empty list of `{ field, message }`; on an error about a marketplace, the marketplace. A client's mistake
 * is never INTERNAL_SERVER_ERROR. test/gateway/error-contract.test.ts holds every code to it; any test that sends
 * what a client might (a fuzz test of the schema) may too.
 */
export function assertContract(error: ClientError, options: ContractOptions = {}): void {
  const shown = JSON.stringify(error);
  const { code, httpStatus, details, marketplace } = error.extensions ?? {};
  assert.equal(typeof code, 'string', `a code: ${shown}`);
  assert.ok(Number.isInteger(httpStatus) && (httpStatus as number) >= 200 && (httpStatus as number) <= 599, shown);
  if (!options.internal) assert.notEqual(code, 'INTERNAL_SERVER_ERROR', shown);
  if (code === 'BAD_USER_INPUT') {
    assert.ok(Array.isArray(details) && details.length > 0, `details as a non-empty list: ${shown}`);
    for (const detail of details as unknown[]) {
      assert.deepEqual(Object.keys(detail as object).sort(), ['field', 'message'], shown);
      const { field, message } = detail as { field: unknown; message: unknown };
      assert.ok(typeof field === 'string' && field !== '', `a field: ${shown}`);
      assert.ok(typeof message === 'string' && message !== '', `a message: ${shown}`);
    }
  }
  if (options.aboutMarketplace || ABOUT_A_MARKETPLACE.has(code as string) || marketplace !== undefined) {
    assert.ok(Object.values(Marketplace).includes(marketplace as Marketplace), `the marketplace: ${shown}`);
  }
}
