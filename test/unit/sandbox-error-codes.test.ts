import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CodedRefusal, ErrorCodes } from '../../sandbox/shared/error-codes.js';

const codes = new ErrorCodes(
  {
    NOT_FOUND: { status: 404, message: 'No such thing' },
    ORDER_NOT_FOUND: { status: 404, message: 'No such order' },
    BUSY: { status: 503, message: 'Try later' },
  },
  (status) => (status >= 500 ? 'INTERNAL' : `HTTP_${status}`),
);

test('a status takes the first code of the table that carries it, else the one `otherwise` picks', () => {
  assert.equal(codes.forStatus(404), 'NOT_FOUND');
  assert.equal(codes.forStatus(503), 'BUSY');
  assert.equal(codes.forStatus(502), 'INTERNAL');
  assert.equal(codes.forStatus(418), 'HTTP_418');
  assert.equal(codes.status('ORDER_NOT_FOUND'), 404);
});

test('a code is described by its sentence; a code the table lacks stands for itself', () => {
  assert.equal(codes.describe('ORDER_NOT_FOUND'), 'No such order');
  assert.equal(codes.describe('SOMETHING_ELSE'), 'SOMETHING_ELSE');
  assert.equal(codes.describe('toString'), 'toString', 'only the table’s own keys are codes');
});

test('a fault body words the named code, or the status’s, in the simulator’s shape', () => {
  const body = codes.faultBody((code, message) => ({ code, message }));
  assert.deepEqual(body(404, undefined), { code: 'NOT_FOUND', message: 'No such thing' });
  assert.deepEqual(body(404, 'ORDER_NOT_FOUND'), { code: 'ORDER_NOT_FOUND', message: 'No such order' });
  assert.deepEqual(body(500, 'CUSTOM'), { code: 'CUSTOM', message: 'CUSTOM' });
  assert.deepEqual(body(500, undefined), { code: 'INTERNAL', message: 'INTERNAL' });
});

class ThingRefusal extends CodedRefusal<'NOT_FOUND' | 'ORDER_NOT_FOUND' | 'BUSY', string, object> {
  constructor(code: 'NOT_FOUND' | 'ORDER_NOT_FOUND' | 'BUSY', message?: string, fields?: string[]) {
    super(
      codes,
      (code, message, fields) => ({ code, message, ...(fields === undefined ? {} : { fields }) }),
      code,
      message,
      fields,
    );
  }
}

test('a refusal takes its status from its code, and the code’s sentence unless it words its own', () => {
  const refusal = new ThingRefusal('ORDER_NOT_FOUND');
  assert.equal(refusal.name, 'ThingRefusal');
  assert.equal(refusal.status, 404);
  assert.deepEqual(refusal.body, { code: 'ORDER_NOT_FOUND', message: 'No such order' });
  assert.equal(new ThingRefusal('BUSY', 'Back at noon').message, 'Back at noon');
  assert.deepEqual(new ThingRefusal('NOT_FOUND', undefined, ['sku']).body, {
    code: 'NOT_FOUND',
    message: 'No such thing',
    fields: ['sku'],
  });
});
