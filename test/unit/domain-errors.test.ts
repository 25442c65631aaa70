import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import {
  BadInput,
  Forbidden,
  NotConfigured,
  NotFound,
  NotSupported,
  type DomainError,
} from '../../src/domain/errors.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import { clientErrorFormatter } from '../../src/graphql/client-errors.js';
import { errorCode } from '../../src/graphql/errors.js';

/** As production formats errors: unexpected ones masked, so a refusal that is not mapped would show as one. */
const format = clientErrorFormatter({ maskUnexpected: true, hideSchemaDetails: true });

/**
 * What the client gets for `error` thrown by a resolver: graphql-js wraps it with the field's path, Apollo gives a
 * thrown error without a code INTERNAL_SERVER_ERROR (and a stack trace outside production), then the formatter runs.
 */
function shown(error: DomainError): GraphQLFormattedError {
  const located = new GraphQLError(error.message, { path: ['field'], originalError: error });
  const extensions = { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at somewhere'] };
  const asApolloFormats = { ...located.toJSON(), extensions };
  return format(asApolloFormats, located);
}

describe('domain errors reach the client in the error contract', () => {
  test('BadInput is BAD_USER_INPUT with its message and details', () => {
    const details = [{ field: 'lines[0].lineId', message: 'NOON:N1 has no live line L9' }];
    assert.deepEqual(shown(new BadInput('Cannot cancel these lines', details)), {
      message: 'Cannot cancel these lines',
      path: ['field'],
      extensions: { code: 'BAD_USER_INPUT', httpStatus: 400, details },
    });
    const withoutDetails = shown(new BadInput('"first" must be 1 to 200'));
    assert.deepEqual(
      withoutDetails.extensions,
      { code: 'BAD_USER_INPUT', httpStatus: 400, details: [{ field: 'field', message: '"first" must be 1 to 200' }] },
      'the field that refused, when no part is named',
    );
    assert.deepEqual(shown(BadInput.at('first', 'too many')).extensions?.details, [
      { field: 'first', message: 'too many' },
    ]);
  });

  test('NotConfigured is BAD_USER_INPUT, naming the marketplaces that are off', () => {
    assert.deepEqual(shown(new NotConfigured([Marketplace.NOON])), {
      message: 'NOON is not configured on this gateway',
      path: ['field'],
      extensions: {
        code: 'BAD_USER_INPUT',
        httpStatus: 400,
        marketplace: 'NOON',
        details: [{ field: 'field', message: 'NOON is not configured on this gateway' }],
      },
    });
    const two = shown(new NotConfigured([Marketplace.NOON, Marketplace.FRUUGO]));
    assert.equal(two.message, 'NOON, FRUUGO are not configured on this gateway');
    const explained = shown(new NotConfigured([Marketplace.INCREFF], 'Increff is not configured: no warehouse'));
    assert.equal(explained.message, 'Increff is not configured: no warehouse');
    assert.equal(explained.extensions?.code, 'BAD_USER_INPUT');
    assert.equal(explained.extensions?.marketplace, 'INCREFF');
  });

  test('NotSupported carries its code, the status it stands for and the marketplace', () => {
    assert.deepEqual(shown(new NotSupported(Marketplace.INCREFF, 'INCREFF has no cancellation.')).extensions, {
      code: 'OPERATION_NOT_SUPPORTED',
      httpStatus: 422,
      marketplace: 'INCREFF',
    });
    assert.deepEqual(shown(new NotSupported(Marketplace.NOON, 'nothing to ship', 'NOTHING_TO_SHIP')).extensions, {
      code: 'NOTHING_TO_SHIP',
      httpStatus: 409,
      marketplace: 'NOON',
    });
  });

  test('NotFound carries its code; Forbidden is FORBIDDEN', () => {
    assert.deepEqual(shown(new NotFound('WEBHOOK_EVENT_NOT_FOUND', 'No webhook event has the id "9"')), {
      message: 'No webhook event has the id "9"',
      path: ['field'],
      extensions: { code: 'WEBHOOK_EVENT_NOT_FOUND', httpStatus: 404 },
    });
    assert.deepEqual(shown(new Forbidden('viewer may not use NOON')), {
      message: 'viewer may not use NOON',
      path: ['field'],
      extensions: { code: 'FORBIDDEN', httpStatus: 403 },
    });
  });

  test('errorCode (audit log, graphql-ws) gives the same codes, thrown or located by graphql-js', () => {
    const cases: Array<[DomainError, string]> = [
      [new BadInput('x'), 'BAD_USER_INPUT'],
      [new NotConfigured([Marketplace.NOON]), 'BAD_USER_INPUT'],
      [new NotSupported(Marketplace.NOON, 'x', 'NOTHING_TO_SHIP'), 'NOTHING_TO_SHIP'],
      [new NotFound('WEBHOOK_EVENT_NOT_FOUND', 'x'), 'WEBHOOK_EVENT_NOT_FOUND'],
      [new Forbidden('x'), 'FORBIDDEN'],
    ];
    for (const [error, code] of cases) {
      assert.equal(errorCode(error), code, error.name);
      const located = new GraphQLError(error.message, { path: ['field'], originalError: error });
      assert.equal(errorCode(located), code, `${error.name}, located`);
    }
  });
});
