import { after, before, describe, test } from 'node:test';
import type { TestGateway } from '../../support/gateway.js';
import { fuzzGateway, fuzzOperations, RUNS, SEED } from '../support/fuzz.js';

/**
 * The fuzz's second half of schema-built operations (test/gateway/fuzz.test.ts has the first, the malformed documents
 * and the websocket messages), in a file of its own so the suite runs the halves side by side.
 */
describe('fuzz, second seed: no crash, no 5xx, no INTERNAL_SERVER_ERROR', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await fuzzGateway();
  });
  after(() => gw.close());

  test(`${RUNS} operations built from the schema, seed ${SEED + 1}`, () => fuzzOperations(gw.url, SEED + 1, RUNS));
});
