import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { writeLoose } from '../../sandbox/fruugo/loose-writer.js';
import {
  DEFAULT_MAX_NESTING,
  LoosePayloadError,
  parseLoosePayload,
} from '../../datasources/fruugo/webhooks/loose-payload.js';

/** Seed 004's callback payload, character for character. */
const SEED =
  "{ 'transactionType': 'confirm' 'responses': [{ 'success': false 'errorMessage': 'BD_ILLEGAL_FULFILMENT_STATUS_TRANSITION - confirmPurchaseOrder failed, order status is NOT_REPLACED' 'orderId': '9164260001000444' 'shipmentId': null 'itemStatuses': [{ 'productId': 'STOCK005' 'skuId': 'STOCK-IS-1000-WITHV20' 'quantity': 1 'status': 'NOT_REPLACED' }] }] }";

function refused(text: string): LoosePayloadError {
  try {
    parseLoosePayload(text);
  } catch (error) {
    assert.ok(error instanceof LoosePayloadError, `expected a LoosePayloadError, got ${String(error)}`);
    return error;
  }
  assert.fail(`${JSON.stringify(text)} was accepted`);
}

describe('Fruugo loose payload: what it reads', () => {
  test('the seed’s payload, exactly', () => {
    assert.deepEqual(parseLoosePayload(SEED), {
      transactionType: 'confirm',
      responses: [
        {
          success: false,
          errorMessage:
            'BD_ILLEGAL_FULFILMENT_STATUS_TRANSITION - confirmPurchaseOrder failed, order status is NOT_REPLACED',
          orderId: '9164260001000444',
          shipmentId: null,
          itemStatuses: [
            { productId: 'STOCK005', skuId: 'STOCK-IS-1000-WITHV20', quantity: 1, status: 'NOT_REPLACED' },
          ],
        },
      ],
    });
  });

  test('scalars: strings, null, booleans, integers, decimals, negatives, exponents', () => {
    assert.deepEqual(
      parseLoosePayload("{ 'a': 'x' 'b': null 'c': true 'd': false 'e': 12 'f': 12.5 'g': -3 'h': 1.5e3 'i': 0 }"),
      { a: 'x', b: null, c: true, d: false, e: 12, f: 12.5, g: -3, h: 1500, i: 0 },
    );
    assert.equal(parseLoosePayload("'alone'"), 'alone');
    assert.equal(parseLoosePayload('  42  '), 42);
    assert.equal(parseLoosePayload('null'), null);
  });

  test('integers beyond 2^53 keep every digit, as a string', () => {
    assert.deepEqual(parseLoosePayload("{ 'orderId': 9164260001000444 'small': 9007199254740991 }"), {
      orderId: '9164260001000444',
      small: 9007199254740991,
    });
  });

  test('empty objects and lists, nested lists, lists of objects without commas', () => {
    assert.deepEqual(parseLoosePayload("{ 'a': {} 'b': [] 'c': [[] [1 2] [[3]]] }"), {
      a: {},
      b: [],
      c: [[], [1, 2], [[3]]],
    });
    assert.deepEqual(parseLoosePayload("[{ 'n': 1 } { 'n': 2 }{ 'n': 3 }]"), [{ n: 1 }, { n: 2 }, { n: 3 }]);
    assert.deepEqual(parseLoosePayload("{'a':{'b':{'c':[{'d':'e'}]}}}"), { a: { b: { c: [{ d: 'e' }] } } });
  });

  test('commas between members and items are tolerated, alone or mixed with their absence', () => {
    assert.deepEqual(parseLoosePayload("{ 'a': 'x', 'b': [1, 2 3], 'c': { 'd': null, 'e': 'y' } }"), {
      a: 'x',
      b: [1, 2, 3],
      c: { d: null, e: 'y' },
    });
    assert.deepEqual(parseLoosePayload("['a', 'b' 'c',]"), ['a', 'b', 'c']);
  });

  test('apostrophes inside messages: one string each', () => {
    assert.deepEqual(
      parseLoosePayload(
        "{ 'errorMessage': 'it's the customer's choice' 'note': 'customers' orders' 'q': ''quoted' word' 'end': 'x' }",
      ),
      { errorMessage: "it's the customer's choice", note: "customers' orders", q: "'quoted' word", end: 'x' },
    );
    assert.deepEqual(parseLoosePayload("['it's' 'don't stop' 'ok']"), ["it's", "don't stop", 'ok']);
    assert.equal(parseLoosePayload("'rock 'n' roll'"), "rock 'n' roll");
  });

  test('braces, brackets, colons and commas inside messages', () => {
    assert.deepEqual(
      parseLoosePayload(
        "{ 'm': 'value '}' not allowed' 'n': 'list ']' too' 'o': 'a {b} [c], d: e' 'p': 'it was 'x', then y' 'q': 1 }",
      ),
      { m: "value '}' not allowed", n: "list ']' too", o: 'a {b} [c], d: e', p: "it was 'x', then y", q: 1 },
    );
  });

  test('a message ending in an apostrophe, at the end of an object, a list and the payload', () => {
    assert.deepEqual(parseLoosePayload("{ 'a': 'the customers'' }"), { a: "the customers'" });
    assert.deepEqual(parseLoosePayload("{ 'a': ['the customers''] }"), { a: ["the customers'"] });
  });

  test('escaped quotes and backslashes, and backslashes that escape nothing', () => {
    assert.deepEqual(parseLoosePayload("{ 'a': 'it\\'s' 'b': 'C:\\\\dir' 'c': 'a\\nb' }"), {
      a: "it's",
      b: 'C:\\dir',
      c: 'a\\nb',
    });
  });

  test('unicode in keys and values, and whitespace of every kind', () => {
    assert.deepEqual(parseLoosePayload("{\n\t'näme': 'Ünïcødé – “quotes” 日本 🚚'\r\n  'city': 'Dubaï'\n}"), {
      näme: 'Ünïcødé – “quotes” 日本 🚚',
      city: 'Dubaï',
    });
  });

  test('double-quoted strings and keys as JSON writes them', () => {
    assert.deepEqual(parseLoosePayload('{ "a": "say \\"hi\\"" \'b\': "it\'s" }'), { a: 'say "hi"', b: "it's" });
  });

  test('a key named __proto__ is data, not the prototype', () => {
    const value = parseLoosePayload("{ '__proto__': { 'polluted': true } }") as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.keys(value), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('what the simulator writes reads back as it was', () => {
    const value = {
      transactionType: 'download',
      orders: [
        {
          orderId: '9164007001000444',
          skuName: "Children's 'Deluxe' set {3 pcs}, [blue]: 50% off",
          itemPriceInclVat: 12.99,
          lines: [
            { quantity: 2, status: 'SHIPPED' },
            { quantity: 1, status: 'CANCELLED' },
          ],
          trackingCode: null,
          flags: [true, false],
          empty: [],
          nested: {},
        },
      ],
    };
    assert.deepEqual(parseLoosePayload(writeLoose(value)), value);
  });
});

describe('Fruugo loose payload: what it refuses', () => {
  test('objects and lists nested deeper than allowed, 100,000 deep included, without overflowing the stack', () => {
    const nested = (depth: number) => `${"{ 'a': ".repeat(depth - 1)}[]${' }'.repeat(depth - 1)}`;
    assert.doesNotThrow(() => parseLoosePayload(nested(DEFAULT_MAX_NESTING)));
    const tooDeep = refused(nested(DEFAULT_MAX_NESTING + 1));
    assert.equal(tooDeep.expected, `objects and lists nested at most ${DEFAULT_MAX_NESTING} deep`);
    assert.equal(tooDeep.offset, DEFAULT_MAX_NESTING * "{ 'a': ".length);
    const deepest = refused(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    assert.equal(deepest.offset, DEFAULT_MAX_NESTING);
    // The caller's limit, when it gives one.
    assert.throws(() => parseLoosePayload(nested(6), 5), LoosePayloadError);
    assert.doesNotThrow(() => parseLoosePayload(nested(5), 5));
  });

  test('an empty payload', () => {
    const error = refused('');
    assert.equal(error.offset, 0);
    assert.match(error.message, /offset 0: expected a value .* found the end of the payload/);
  });

  test('an unterminated object or list names where it stopped', () => {
    const object = refused("{ 'a': 1 ");
    assert.equal(object.offset, 9);
    assert.equal(object.expected, "a key or '}'");
    const list = refused("{ 'a': [1 2 ");
    assert.equal(list.offset, 12);
    assert.equal(list.expected, "a value or ']'");
  });

  test('a string that never closes points at its opening quote', () => {
    const error = refused("{ 'a': 'never closed }");
    assert.equal(error.offset, 7);
    assert.match(error.expected, /closing quote/);
  });

  test('a key without its colon, and a member without a key', () => {
    const noColon = refused("{ 'a' 1 }");
    assert.equal(noColon.offset, 6);
    assert.equal(noColon.expected, "':' after the key 'a'");
    const noKey = refused("{ 'a': 1 2 }");
    assert.equal(noKey.offset, 9);
    assert.equal(noKey.expected, "a quoted key ('name')");
    assert.equal(refused('{ a: 1 }').offset, 2, 'bare keys are not part of the notation');
  });

  test('unknown words, stray characters and text after the payload', () => {
    assert.equal(refused("{ 'a': NOT_REPLACED }").offset, 7);
    assert.equal(refused("{ 'a': nullish }").offset, 7);
    assert.equal(refused("{ 'a': @ }").offset, 7);
    const trailing = refused("{ 'a': 1 } extra");
    assert.equal(trailing.offset, 11);
    assert.equal(trailing.expected, 'the end of the payload');
    assert.equal(trailing.found, '"extra"');
  });

  test('mismatched brackets', () => {
    assert.equal(refused("{ 'a': [1 }").offset, 10);
    assert.equal(refused("[ 'a' }").offset, 2, 'a brace cannot close a list, so the quote does not close the string');
    assert.equal(refused("{ 'a': 1 ]").offset, 9);
  });

  test('a double-quoted string that never closes', () => {
    assert.equal(refused("{ 'a': \"open }").offset, 7);
  });
});
