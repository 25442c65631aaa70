import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLSchema,
} from 'graphql';
import { buildGatewaySchema } from '../../schema/build.js';

/** SCREAMING_SNAKE_CASE: upper-case words of letters and digits joined by single underscores. */
const SCREAMING_SNAKE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/**
 * Words English spells two ways: the schema uses one of each pair, never both. British first, as the schema speaks
 * (CANCELLED, FulfilmentOrderInput); the rule is that one spelling holds, whichever it is.
 */
const SPELLINGS: ReadonlyArray<readonly [string, string]> = [
  ['cancelled', 'canceled'],
  ['cancelling', 'canceling'],
  ['cancellation', 'cancelation'],
  ['colour', 'color'],
  ['fulfilment', 'fulfillment'],
  ['catalogue', 'catalog'],
  ['labelled', 'labeled'],
  ['behaviour', 'behavior'],
  ['organisation', 'organization'],
  ['authorised', 'authorized'],
];

/** The words of a name: `FulfilmentOrderInput` → fulfilment, order, input; `ORDER_CANCEL` → order, cancel. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

/** Every name the schema gives: types, fields, arguments, input fields and enum values, with where it is. */
function names(schema: GraphQLSchema): Array<{ where: string; name: string }> {
  return Object.values(schema.getTypeMap())
    .filter((type) => !isIntrospectionType(type))
    .flatMap((type) => {
      const own = [{ where: type.name, name: type.name }];
      if (isEnumType(type)) {
        return [
          ...own,
          ...type.getValues().map((value) => ({ where: `${type.name}.${value.name}`, name: value.name })),
        ];
      }
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        return [
          ...own,
          ...Object.values(type.getFields()).flatMap((field) => [
            { where: `${type.name}.${field.name}`, name: field.name },
            ...('args' in field ? (field.args as readonly GraphQLArgument[]) : []).map((arg) => ({
              where: `${type.name}.${field.name}(${arg.name})`,
              name: arg.name,
            })),
          ]),
        ];
      }
      return own;
    });
}

/** What breaks the schema's vocabulary: an enum value not in SCREAMING_SNAKE_CASE, a word spelt both ways. */
function vocabularyProblems(schema: GraphQLSchema): string[] {
  const problems: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isEnumType(type) || isIntrospectionType(type)) continue;
    for (const value of type.getValues()) {
      if (!SCREAMING_SNAKE.test(value.name)) problems.push(`${type.name}.${value.name} is not SCREAMING_SNAKE_CASE`);
    }
  }
  const seen = new Map<string, string>();
  for (const { where, name } of names(schema)) {
    for (const word of words(name)) if (!seen.has(word)) seen.set(word, where);
  }
  for (const [one, other] of SPELLINGS) {
    if (seen.has(one) && seen.has(other)) {
      problems.push(`"${one}" (${seen.get(one)}) and "${other}" (${seen.get(other)}) spell one word two ways`);
    }
  }
  return problems;
}

describe('one vocabulary', () => {
  test('every enum value of the gateway’s schema is SCREAMING_SNAKE_CASE, and every word has one spelling', async () => {
    assert.deepEqual(vocabularyProblems(await buildGatewaySchema()), []);
  });

  test('the rule catches a lower-case value and a word spelt two ways', () => {
    const wrong = buildSchema(`
      type Query { status: ShipmentStatus, colour: String }
      enum ShipmentStatus { CANCELLED CANCELED fruugo PARTLY_shipped COLOR }
    `);
    assert.deepEqual(vocabularyProblems(wrong), [
      'ShipmentStatus.fruugo is not SCREAMING_SNAKE_CASE',
      'ShipmentStatus.PARTLY_shipped is not SCREAMING_SNAKE_CASE',
      '"cancelled" (ShipmentStatus.CANCELLED) and "canceled" (ShipmentStatus.CANCELED) spell one word two ways',
      '"colour" (Query.colour) and "color" (ShipmentStatus.COLOR) spell one word two ways',
    ]);
  });
});
