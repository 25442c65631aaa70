import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  getNamedType,
  isNonNullType,
  parse,
  typeFromAST,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { MAX_ORDERS_PER_PAGE } from '../../datasources/noon/fbpi/wire.js';
import { MAX_ITEMS_PER_CALL } from '../../datasources/noon/stock/wire.js';
import { MAX_SKUS_PER_SEARCH } from '../../datasources/increff/wire.js';
import { SKUS_PER_VARIANTS_CALL } from '../../datasources/marketplacer/inventory-source.js';
import { INVOICE_PAGE_SIZE } from '../../datasources/marketplacer/order-source.js';
import { buildGatewaySchema } from '../../schema/build.js';
import { loadConfig } from '../../src/config.js';
import { Marketplace } from '../../src/domain/marketplace.js';
import { fieldCostEstimator } from '../../src/graphql/limits/field-cost.js';
import { OperationMeter, type OperationShape } from '../../src/graphql/limits/operation-shape.js';
import { UpstreamCalls } from '../../src/graphql/limits/upstream-calls.js';
import { fragmentBomb, ordersAliasBomb } from '../../support/query-bombs.js';

// What operations cost (README, Limits), on a gateway with all four marketplaces as the sandbox configures them.

const SANDBOX_CALLS = new UpstreamCalls(
  new Map([
    [Marketplace.NOON, { ordersPerCall: MAX_ORDERS_PER_PAGE, skusPerCall: MAX_ITEMS_PER_CALL, itemsPerUpdate: 1000 }],
    [Marketplace.FRUUGO, {}],
    [Marketplace.INCREFF, { skusPerCall: MAX_SKUS_PER_SEARCH }],
    [Marketplace.MARKETPLACER, { ordersPerCall: INVOICE_PAGE_SIZE, skusPerCall: SKUS_PER_VARIANTS_CALL }],
  ]),
);

/** A value for each required variable without a default, enough to price the operation (prices read none of them). */
const SAMPLE_VALUES: Record<string, unknown> = {
  ID: 'NOON:NFBO100000150',
  String: 'x',
  LocalDate: '2026-12-06',
  Int: 1,
};

function sampleVariables(schema: GraphQLSchema, operation: OperationDefinitionNode): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type as Parameters<typeof typeFromAST>[1]);
    if (type === undefined || !isNonNullType(type) || definition.defaultValue) continue;
    const name = getNamedType(type).name;
    assert.ok(name in SAMPLE_VALUES, `no sample value for $${definition.variable.name.value}: ${name}`);
    variables[definition.variable.name.value] = SAMPLE_VALUES[name];
  }
  return variables;
}

/** 30 spreads a level over 3 levels: 54,930 selections to walk, from 660 bytes. */
const FRAGMENT_BOMB = fragmentBomb(30, 3);

describe('operation cost', () => {
  let schema: GraphQLSchema;
  let meter: OperationMeter;
  before(async () => {
    schema = await buildGatewaySchema();
    meter = new OperationMeter(schema, fieldCostEstimator(SANDBOX_CALLS), 20_000);
  });

  /** The shape of the only operation of `query`. */
  function shape(query: string, variables: Record<string, unknown> = {}): OperationShape {
    const document = parse(query);
    const operation = document.definitions[0] as OperationDefinitionNode;
    return meter.measure(document, operation, variables)!;
  }

  test('each example in the README is within the default limits', async () => {
    const readme = await readFile(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
    const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);
    assert.ok(blocks.length >= 9, `${blocks.length} GraphQL blocks in the README`);
    const defaults = loadConfig({}).limits.defaults;
    for (const block of blocks) {
      const document = parse(block);
      for (const operation of document.definitions.filter(
        (definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition',
      )) {
        const measured = meter.measure(document, operation, sampleVariables(schema, operation));
        const name = operation.name?.value ?? block.slice(0, 60);
        assert.ok(measured, `${name}: its sample variables do not fit`);
        assert.ok(measured.cost !== undefined && measured.cost <= defaults.maxCost, `${name} costs ${measured.cost}`);
        assert.ok(measured.depth <= defaults.maxDepth, `${name} is ${measured.depth} deep`);
        assert.ok(measured.aliases <= defaults.maxAliases, `${name} has ${measured.aliases} aliases`);
      }
    }
  });

  test("the README's figures: lists by their size, marketplace calls per page and per batch", () => {
    // 3 calls (noon's pages of 50, Marketplacer's of 100; Fruugo and Increff list from the store), 100 × 2 objects.
    assert.equal(shape(`{ orders(first: 100) { nodes { id } } }`).cost, 203);
    assert.equal(shape(`{ orders(first: 20, marketplaces: [FRUUGO, INCREFF]) { nodes { id } } }`).cost, 40);
    // 16 calls (noon 1 of 1,000 SKUs, Increff 5 of 200, Marketplacer 10 of 100) and 1,000 levels.
    const thousand = Array.from({ length: 1000 }, (_, index) => `S${index}`);
    assert.equal(shape(`query ($s: [String!]!) { inventoryLevels(skus: $s) { sku } }`, { s: thousand }).cost, 1016);
    assert.equal(shape(`{ inventoryLevels(skus: ["A"], marketplaces: [NOON]) { sku } }`).cost, 2);
    // An order line's stock: its share of a batch in each stock-counting marketplace (0.016), paid in whole calls.
    assert.equal(shape(`{ order(id: "NOON:1") { lines { inventory { available } } } }`).cost, 5);
    // The variable, not the literal, sizes the list.
    assert.equal(shape(`query ($n: Int!) { orders(first: $n) { nodes { id } } }`, { n: 10 }).cost, 22);
    // Beyond its maximum a list is priced at the maximum: the resolver refuses the rest with its own message.
    assert.equal(shape(`{ orders(first: 5000) { nodes { id } } }`).cost, 203);
    assert.equal(shape(ordersAliasBomb(1000, 100)).cost, 203_000);
    const items = Array.from({ length: 2500 }, (_, index) => ({ partnerSku: `S${index}`, quantity: 1 }));
    assert.equal(
      shape(
        `mutation ($items: [InboundShipmentItemInput!]!) { setInboundShipmentItems(asnNumber: "A", items: $items) { appliedCount } }`,
        { items },
      ).cost,
      5,
    );
  });

  test("_entities costs what its representations' query fields cost: an order as order(id:), an ASN as inboundShipment", () => {
    const selection = `id lines { inventory { available } } errors { message }`;
    const entities = (representations: object[], fields: string) =>
      shape(`query ($r: [_Any!]!) { _entities(representations: $r) { ${fields} } }`, { r: representations }).cost;
    const orders = [
      { __typename: 'Order', id: 'NOON:1' },
      { __typename: 'Order', id: 'FRUUGO:2' },
    ];
    assert.equal(
      entities(orders, `... on Order { ${selection} }`),
      shape(`{ a: order(id: "NOON:1") { ${selection} } b: order(id: "FRUUGO:2") { ${selection} } }`).cost,
    );
    assert.equal(
      entities(
        [{ __typename: 'InboundShipment', asnNumber: 'A' }],
        `... on InboundShipment { asnNumber items { totalCount } }`,
      ),
      shape(`{ inboundShipment(asnNumber: "A") { asnNumber items { totalCount } } }`).cost,
    );
    assert.equal(entities([], '__typename'), 0);
  });

  test('a document whose fragments multiply its fields past the walk is left unpriced (refused)', () => {
    const measured = shape(FRAGMENT_BOMB);
    assert.equal(measured.cost, undefined);
    assert.ok(measured.depth <= 10, `${measured.depth} deep`);
  });

  test('variables that do not fit leave the operation to graphql-js, which refuses it before any resolver', () => {
    const document = parse(`query ($n: Int!) { orders(first: $n) { nodes { id } } }`);
    assert.equal(meter.measure(document, document.definitions[0] as OperationDefinitionNode, { n: 'ten' }), undefined);
  });

  test('variables that do not fit are found at the first misfit, not after every item of a long list', () => {
    // graphql-query-complexity coerced every item, an error with its stack for each wrong one: 50,000 wrong SKUs cost
    // seconds of CPU before the gateway answered. The items read tell how far coercion went.
    let read = 0;
    const skus = new Proxy(
      Array.from({ length: 50_000 }, (_, index) => index),
      {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key)) read += 1;
          return Reflect.get(target, key, receiver);
        },
      },
    );
    const document = parse(`query ($skus: [String!]!) { inventoryLevels(skus: $skus) { sku } }`);
    assert.equal(meter.measure(document, document.definitions[0] as OperationDefinitionNode, { skus }), undefined);
    assert.ok(read <= 2, `${read} items read`);
  });
});
