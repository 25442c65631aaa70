import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestGateway } from '../../support/gateway.js';
import {
  count,
  fuzzGateway,
  fuzzOperations,
  hostile,
  HOSTILE_MESSAGES,
  MALFORMED_DOCUMENTS,
  MALFORMED_REQUESTS,
  RUNS,
  SEED,
  send,
  type Tally,
} from '../support/fuzz.js';

/**
 * A seeded, schema-aware fuzz of the whole public surface: operations built from the emitted SDL with edge-case
 * arguments (hostile ids, lone surrogates, huge and negative numbers, wrong enums, empty and long lists), malformed
 * documents and requests, and hostile graphql-ws messages. Whatever is sent, the gateway never answers 5xx, never
 * gives an INTERNAL_SERVER_ERROR, never closes a socket with 4500 or 1011, and still answers afterwards. The counts
 * it prints show what was exercised. FUZZ_SEED and FUZZ_RUNS change the seed and the number of operations.
 */
describe('fuzz: whatever anyone sends, no crash, no 5xx, no INTERNAL_SERVER_ERROR', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await fuzzGateway();
  });
  after(() => gw.close());

  test(`${RUNS} operations built from the schema, seed ${SEED}`, () => fuzzOperations(gw.url, SEED, RUNS));

  test('malformed documents and requests', async () => {
    const statuses: Tally = {};
    for (const query of MALFORMED_DOCUMENTS) {
      const answer = await send(
        gw.url,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) },
        `document ${JSON.stringify(query.slice(0, 120))}`,
      );
      count(statuses, String(answer.status));
    }
    for (const request of MALFORMED_REQUESTS) {
      const headers: Record<string, string> = { 'apollo-require-preflight': 'true' };
      if (request.contentType) headers['content-type'] = request.contentType;
      const answer = await send(
        gw.url,
        { method: request.method, headers, body: request.body, search: request.search },
        `${request.method} ${request.search ?? ''} ${request.contentType ?? ''} ${request.body?.slice(0, 80) ?? ''}`,
      );
      count(statuses, String(answer.status));
    }
    console.log(
      `fuzz malformed: ${MALFORMED_DOCUMENTS.length} documents, ${MALFORMED_REQUESTS.length} requests; HTTP statuses ${JSON.stringify(statuses)}`,
    );
  });

  test('hostile graphql-ws messages: a client error for that message, never 4500 or 1011', async () => {
    const outcomes: Tally = {};
    for (const message of HOSTILE_MESSAGES) {
      const outcome = await hostile(gw.url.replace(/^http/, 'ws'), message);
      assert.ok(
        ![4500, 1011].includes(outcome.closeCode ?? 0),
        `${String(message).slice(0, 120)} closed the socket with ${outcome.closeCode}`,
      );
      assert.ok(!outcome.internal, `${String(message).slice(0, 120)} answered INTERNAL_SERVER_ERROR`);
      count(outcomes, outcome.closeCode === undefined ? 'open' : `closed ${outcome.closeCode}`);
    }
    console.log(`fuzz websocket: ${HOSTILE_MESSAGES.length} messages; ${JSON.stringify(outcomes)}`);
    // Still serving after all of it.
    const alive = await gw.graphql('{ __typename }');
    assert.deepEqual(alive.data, { __typename: 'Query' });
  });
});
