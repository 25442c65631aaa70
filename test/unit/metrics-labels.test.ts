import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Marketplace } from '../../src/domain/marketplace.js';
import { UpstreamError } from '../../src/http/upstream-error.js';
import { ANONYMOUS, OperationNames, OTHER } from '../../src/metrics/operation-names.js';
import { outcomeOf, worse } from '../../src/metrics/operation-outcome.js';
import { statusClass } from '../../src/metrics/upstream-metrics.js';

describe('operation names as metric labels', () => {
  test('the first names seen keep their label, every later one is other; none is anonymous', () => {
    const names = new OperationNames(3);
    assert.deepEqual(
      ['Orders', 'Confirm', 'Orders', 'Ship', 'Cancel', 'Invented1', 'Confirm', null, undefined, ''].map((name) =>
        names.label(name),
      ),
      ['Orders', 'Confirm', 'Orders', 'Ship', OTHER, OTHER, 'Confirm', ANONYMOUS, ANONYMOUS, ANONYMOUS],
    );
  });

  test('a name that is not a GraphQL name, or longer than a person writes, is other and takes no place', () => {
    const names = new OperationNames(2);
    assert.equal(names.label('order id 42'), OTHER);
    assert.equal(names.label('1stOrder'), OTHER);
    assert.equal(names.label(`Q${'x'.repeat(100)}`), OTHER);
    assert.equal(names.label(`Q${'x'.repeat(99)}`), `Q${'x'.repeat(99)}`, '100 characters is a name');
    assert.equal(names.label('_Orders2'), '_Orders2', 'the place left');
    assert.equal(names.label('Third'), OTHER);
  });

  test('a thousand invented names make at most the limit of labels', () => {
    const names = new OperationNames();
    const labels = new Set(Array.from({ length: 1000 }, (_, n) => names.label(`Invented${n}`)));
    assert.equal(labels.size, 101, 'the first 100 and other');
  });
});

describe("an operation's outcome, from what it sent", () => {
  const error = (httpStatus?: number) => ({
    message: 'x',
    extensions: { code: 'X', ...(httpStatus === undefined ? {} : { httpStatus }) },
  });

  test('ok without errors; partial when a root field has a value beside the errors', () => {
    assert.equal(outcomeOf({ data: { orders: { nodes: [] } } }), 'ok');
    assert.equal(outcomeOf({ data: { orders: { nodes: [] } }, errors: [] }), 'ok');
    assert.equal(outcomeOf({ data: { orders: { nodes: [] } }, errors: [error(503)] }), 'partial');
  });

  test('errors only: client_error when each stands for a 4xx, else server_error (a 5xx, or no status)', () => {
    assert.equal(outcomeOf({ errors: [error(400), error(429)] }), 'client_error');
    assert.equal(outcomeOf({ data: { order: null }, errors: [error(404)] }), 'client_error', 'a null answer is none');
    assert.equal(outcomeOf({ data: null, errors: [error(400), error(502)] }), 'server_error');
    assert.equal(outcomeOf({ errors: [error()] }), 'server_error');
  });

  test('the worse of two: a subscription keeps the worst of its results', () => {
    assert.equal(worse('ok', 'partial'), 'partial');
    assert.equal(worse('server_error', 'client_error'), 'server_error');
    assert.equal(worse('client_error', 'ok'), 'client_error');
  });
});

describe('an upstream attempt as a status class', () => {
  const failure = (kind: 'http' | 'timeout' | 'network' | 'deadline', httpStatus = 502) =>
    new UpstreamError({ marketplace: Marketplace.NOON, kind, code: 'X', message: 'x', httpStatus });

  test('answers by their class, 429 apart; failures without an answer by their kind', () => {
    assert.deepEqual(
      [200, 204, 304, 400, 404, 429, 500, 503].map((status) => statusClass(status)),
      ['2xx', '2xx', '3xx', '4xx', '4xx', '429', '5xx', '5xx'],
    );
    assert.deepEqual(
      [failure('http', 429), failure('http', 503), failure('timeout'), failure('network'), failure('deadline')].map(
        (error) => statusClass(error),
      ),
      ['429', '5xx', 'timeout', 'network', 'deadline'],
    );
  });
});
