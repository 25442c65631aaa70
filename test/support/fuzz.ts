import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
} from 'graphql';
import WebSocket from 'ws';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { assertContract, type ClientError } from './error-contract.js';

/**
 * What the fuzz tests send (test/gateway/fuzz.test.ts, fuzz-operations.test.ts): operations built from the emitted
 * SDL with edge-case arguments, malformed documents and requests, hostile graphql-ws messages; and how an answer is
 * checked (never 5xx, every error within the contract: test/support/error-contract.ts). FUZZ_SEED and FUZZ_RUNS change
 * the seed and the number of operations per file.
 */
/** The seed of the operations (a file adds its own offset) and how many each file sends. */
export const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
export const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

const schema = buildSchema(readFileSync(new URL('../../../schema/schema.graphql', import.meta.url), 'utf8'));

/** Ids of every shape: real ones of the sample data, and the ones an attacker or a careless client sends. */
const ID_POOL = [
  'NOON:NFBO100000150',
  'FRUUGO:9164693001000444',
  'MARKETPLACER:10120',
  'INCREFF:SO-1',
  'NOON:NFBO100000150/lines/NI0000000001',
  'INCREFF:MARKETPLACER-10120/lines/20243',
  'MARKETPLACER:10120/shipments/1',
  'NOON:NFBO100000150/lines/../x',
  'NOON:NFBO100000150/items/NI1',
  'WebhookEvent:00000000-0000-4000-8000-000000000000',
  'AuditEntry:00000000-0000-4000-8000-000000000000',
  'WebhookEvent:../x',
  'ASN1000000001',
  'NOON:..',
  'NOON:../../fbpi/v1/get',
  'NOON:%2e%2e',
  'FRUUGO:',
  ':',
  'AMAZON:1',
  'noon:1',
  'NOON:\uD800',
  '\uDFFF',
  'NOON:a\u0000b',
  'NOON:' + 'x'.repeat(10_000),
  '',
  ' ',
  'NOON:1?x=1#y',
  'FRUUGO:1\\..\\',
];

const STRING_POOL = [
  '',
  'a',
  '\uD800',
  'a\uDBFFb',
  '\u0000',
  '💥'.repeat(50),
  'x'.repeat(20_000),
  '<script>alert(1)</script>',
  "'; DROP TABLE orders; --",
  '{"$gt": ""}',
  '0',
  '-1',
  '1e309',
  'NaN',
  '2026-13-45T99:99:99Z',
  '2026-12-06T10:00:00Z',
  '2026-12-06',
  '25:61',
  '10:00',
  'AED',
  'XXX',
  'AE',
  'PSKU-000032',
];

const INT_POOL = [0, 1, -1, 2, 100, 101, 1_000, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 1e15, 0.5, Number.MAX_SAFE_INTEGER];

/** An edge-case value of `type`, as JSON variables carry it; sometimes of the wrong type on purpose. */
function valueOf(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  const wrong = fc.constantFrom<unknown>(null, 'wrong', 42, true, {}, []);
  if (isNonNullType(type))
    return fc.oneof({ weight: 12, arbitrary: valueOf(type.ofType, depth) }, { weight: 1, arbitrary: wrong });
  const nullable = (inner: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 8, arbitrary: inner }, { weight: 1, arbitrary: fc.constant(null) });
  if (isListType(type)) {
    const item = valueOf(type.ofType, depth + 1);
    return nullable(
      fc.oneof(
        fc.array(item, { maxLength: depth > 1 ? 2 : 8 }),
        // Many repeats of one value: de-duplication and bounded lists, not a store's variable limit. A long value is
        // repeated less, so the body stays near the body limit instead of hundreds of megabytes to build and send.
        item.map((one) => Array.from({ length: JSON.stringify(one ?? null).length > 100 ? 20 : 5_000 }, () => one)),
      ),
    );
  }
  if (isInputObjectType(type)) {
    if (depth > 3) return fc.constant(null);
    const fields = Object.values(type.getFields());
    const record = Object.fromEntries(fields.map((field) => [field.name, valueOf(field.type, depth + 1)]));
    return nullable(fc.record(record, { requiredKeys: [] }));
  }
  if (isEnumType(type)) {
    return nullable(
      fc.oneof(
        fc.constantFrom(...type.getValues().map((value) => value.name)),
        fc.constantFrom('NOT_A_VALUE', 'noon', ''),
      ),
    );
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return nullable(fc.oneof(fc.constantFrom(...INT_POOL), fc.integer()));
      case 'Float':
        return nullable(fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(...INT_POOL)));
      case 'Boolean':
        return nullable(fc.boolean());
      case 'ID':
        return nullable(
          fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ID_POOL) }, { weight: 1, arbitrary: fc.string() }),
        );
      case 'JSONObject':
        return nullable(fc.oneof(fc.object({ maxDepth: 3 }), fc.constantFrom<unknown>('x', [], 1)));
      default:
        return nullable(
          fc.oneof(
            { weight: 3, arbitrary: fc.constantFrom(...STRING_POOL) },
            { weight: 1, arbitrary: fc.string({ unit: 'grapheme' }) },
          ),
        );
    }
  }
  return fc.constant(null);
}

/** The SDL spelling of an input type, for variable definitions. */
const typeName = (type: GraphQLInputType): string => type.toString();

/** A selection of `type`'s fields: its leaves, and one level of objects below (connections' nodes included). */
function selectionOf(type: GraphQLOutputType, depth = 0): string {
  const named: GraphQLNamedType = getNamedType(type);
  if (!isObjectType(named)) return '';
  const fields = Object.values((named as GraphQLObjectType).getFields()).filter((field) =>
    field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined),
  );
  const leaves = fields.filter((field) => !isObjectType(getNamedType(field.type))).map((field) => field.name);
  const objects =
    depth >= 2
      ? []
      : fields
          .filter((field) => isObjectType(getNamedType(field.type)))
          .map((field) => `${field.name} ${selectionOf(field.type, depth + 1)}`)
          .filter((selection) => !selection.endsWith(' '));
  const all = [...leaves, ...objects];
  return all.length === 0 ? '' : `{ ${all.join(' ')} }`;
}

interface Operation {
  query: string;
  variables: Record<string, unknown>;
}

/** One operation on a root field, its arguments as variables (some left out, some of the wrong type). */
function operationOn(
  kind: 'query' | 'mutation' | 'subscription',
  field: GraphQLField<unknown, unknown>,
): fc.Arbitrary<Operation> {
  const args = field.args as GraphQLArgument[];
  const values = Object.fromEntries(args.map((arg) => [arg.name, valueOf(arg.type)]));
  return fc.record(values, { requiredKeys: [] }).map((variables) => {
    const given = args.filter((arg) => arg.name in variables);
    const definitions = given.map((arg) => `$${arg.name}: ${typeName(arg.type)}`).join(', ');
    const passed = given.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
    const query = `${kind} Fuzz${definitions ? `(${definitions})` : ''} { ${field.name}${passed ? `(${passed})` : ''} ${selectionOf(field.type)} }`;
    return { query, variables };
  });
}

export const rootOperations: fc.Arbitrary<Operation> = fc.oneof(
  ...(['query', 'mutation', 'subscription'] as const).flatMap((kind) => {
    const root =
      kind === 'query'
        ? schema.getQueryType()
        : kind === 'mutation'
          ? schema.getMutationType()
          : schema.getSubscriptionType();
    return Object.values(root?.getFields() ?? {}).map((field) => operationOn(kind, field));
  }),
);

/** Documents no valid client sends. */
export const MALFORMED_DOCUMENTS = [
  '',
  '{',
  '}',
  'query {',
  '{ orders(first: ) { nodes { id } } }',
  '{ orders { nodes { id } } } }',
  '{ ' + 'orders(first: 1) { nodes { lines { '.repeat(200) + ' id ' + '} } }'.repeat(200) + ' }',
  '{ ' + Array.from({ length: 3_000 }, (_, n) => `a${n}: __typename`).join(' ') + ' }',
  '{ __typename ' + '@skip(if: false) '.repeat(2_000) + '}',
  'query A { __typename } query A { __typename }',
  'query ($x: Int) { __typename }',
  '{ noSuchField }',
  '{ order { id } }',
  '{ order(id: 1) { id } }',
  '{ order(id: "NOON:1", id: "NOON:2") { id } }',
  'fragment F on Order { ...F } { order(id: "NOON:1") { ...F } }',
  'mutation { confirmOrder }',
  'subscription { orderEvents { cursor } }',
  'subscription { orderEvents { cursor } inventoryChanged { sku } }',
  '{ orders(first: 99999999999999999999) { nodes { id } } }',
  '{ orders(first: -1) { nodes { id } } }',
  '\uD800',
  '{ "not": "graphql" }',
  '# only a comment',
];

/** Request bodies and methods that are not a well-formed GraphQL-over-HTTP request. */
export const MALFORMED_REQUESTS: Array<{ method: string; body?: string; contentType?: string; search?: string }> = [
  { method: 'POST', body: '{', contentType: 'application/json' },
  { method: 'POST', body: '[]', contentType: 'application/json' },
  { method: 'POST', body: '[{"query":"{ __typename }"}]', contentType: 'application/json' },
  { method: 'POST', body: 'null', contentType: 'application/json' },
  { method: 'POST', body: '"x"', contentType: 'application/json' },
  { method: 'POST', body: '{"query": 1}', contentType: 'application/json' },
  { method: 'POST', body: '{"query":"{ __typename }","variables":"x"}', contentType: 'application/json' },
  { method: 'POST', body: '{"query":"{ __typename }","variables":[1]}', contentType: 'application/json' },
  { method: 'POST', body: '{"query":"{ __typename }","operationName":"Nope"}', contentType: 'application/json' },
  { method: 'POST', body: '{"query":"{ __typename }","extensions":"x"}', contentType: 'application/json' },
  { method: 'POST', body: 'query=%7B__typename%7D', contentType: 'application/x-www-form-urlencoded' },
  { method: 'POST', body: '{ __typename }', contentType: 'text/plain' },
  { method: 'POST', body: '{ __typename }', contentType: 'application/graphql' },
  { method: 'POST', body: '', contentType: 'application/json' },
  { method: 'GET', search: '?query=%7B__typename%7D' },
  { method: 'GET', search: '?query=mutation%7BconfirmOrder(id%3A%22NOON%3A1%22)%7Bid%7D%7D' },
  { method: 'GET', search: '?query=%7B&variables=%7B' },
  { method: 'GET', search: '?variables=%5B%5D' },
  { method: 'PUT', body: '{"query":"{ __typename }"}', contentType: 'application/json' },
  { method: 'DELETE' },
];

/** graphql-ws messages no valid client sends, after a good connection_init. */
export const HOSTILE_MESSAGES: Array<string | Buffer> = [
  'not json',
  '{',
  'null',
  '[]',
  '{}',
  '{"type":1}',
  '{"type":"nope"}',
  '{"type":"connection_init"}',
  '{"type":"subscribe"}',
  '{"type":"subscribe","id":"1"}',
  '{"type":"subscribe","id":1,"payload":{"query":"subscription { orderEvents { cursor } }"}}',
  '{"type":"subscribe","id":"1","payload":{"query":"subscription {"}}',
  '{"type":"subscribe","id":"1","payload":{"query":"subscription { nope }"}}',
  '{"type":"subscribe","id":"1","payload":{"query":"{ __typename }"}}',
  '{"type":"subscribe","id":"1","payload":{"query":"mutation { confirmOrder(id: \\"NOON:..\\") { id } }"}}',
  '{"type":"subscribe","id":"1","payload":{"query":"subscription ($s: String) { orderEvents(since: $s) { cursor } }","variables":{"s":"-5"}}}',
  '{"type":"subscribe","id":"1","payload":{"query":"subscription ($s: String) { orderEvents(since: $s) { cursor } }","variables":{"s":"\\ud800"}}}',
  '{"type":"subscribe","id":"1","payload":{"query":"subscription { orderEvents(orderId: \\"NOON:..\\") { cursor } }"}}',
  '{"type":"subscribe","id":"1","payload":{"query":"subscription { inventoryChanged(skus: []) { sku } }","variables":"x"}}',
  '{"type":"complete","id":"never-started"}',
  '{"type":"ping","payload":"x"}',
  '{"type":"pong"}',
  Buffer.from([0xff, 0xfe, 0x00]),
  'x'.repeat(200_000),
];

export interface Tally {
  [key: string]: number;
}

export function count(tally: Tally, key: string): void {
  tally[key] = (tally[key] ?? 0) + 1;
}

/**
 * A test gateway for fuzzing. Thousands of operations from one caller in a minute: past RATE_LIMIT_REQUESTS_PER_MINUTE
 * (600) most would be answered 429 (RATE_LIMITED, within the contract) and fuzz nothing further.
 */
export function fuzzGateway(): Promise<TestGateway> {
  return startTestGateway({ fruugoOptions: { orderCount: 3 }, env: { RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000' } });
}

/** Sends a raw request to `url`, and checks the answer against the contract; returns the status and error codes. */
export async function send(
  url: string,
  init: RequestInit & { search?: string },
  what: string,
): Promise<{ status: number; codes: string[] }> {
  const response = await fetch(url + (init.search ?? ''), init);
  const text = await response.text();
  assert.ok(response.status < 500, `${what} answered ${response.status}: ${text.slice(0, 500)}`);
  let errors: ClientError[] = [];
  try {
    errors = (JSON.parse(text) as { errors?: ClientError[] }).errors ?? [];
  } catch {
    // Not JSON (Fastify's 404 page, Sandbox's HTML): the status alone speaks.
  }
  for (const error of errors) {
    try {
      assertContract(error);
    } catch (broken) {
      throw new Error(`${what} broke the error contract: ${(broken as Error).message}`, { cause: broken });
    }
  }
  const codes = errors.map((error) => String(error.extensions?.code));
  return { status: response.status, codes };
}

/** `runs` operations built from the schema with `seed`, each checked by `send`; prints what came back. */
export async function fuzzOperations(url: string, seed: number, runs: number): Promise<void> {
  const statuses: Tally = {};
  const codes: Tally = {};
  await fc.assert(
    fc.asyncProperty(rootOperations, async (operation) => {
      const answer = await send(
        url,
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(operation) },
        `${operation.query} with ${JSON.stringify(operation.variables).slice(0, 400)}`,
      );
      count(statuses, String(answer.status));
      for (const code of answer.codes) count(codes, code);
    }),
    { seed, numRuns: runs, endOnFailure: true, includeErrorInReport: true },
  );
  console.log(
    `fuzz operations: ${runs} (seed ${seed}); HTTP statuses ${JSON.stringify(statuses)}; error codes ${JSON.stringify(codes)}`,
  );
}

/**
 * Opens a graphql-ws socket, is acknowledged, sends `message`, then a ping: the socket either answers the pong
 * (it survived) or closes (with the code it gives). Any INTERNAL_SERVER_ERROR among the messages is reported.
 */
export async function hostile(
  url: string,
  message: string | Buffer,
): Promise<{ closeCode?: number; internal: boolean }> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  let internal = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no pong and no close after ${String(message).slice(0, 80)}`)),
      10_000,
    );
    const done = (outcome: { closeCode?: number; internal: boolean }) => {
      clearTimeout(timer);
      resolve(outcome);
    };
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.on('message', (data) => {
      const text = String(data);
      if (text.includes('INTERNAL_SERVER_ERROR')) internal = true;
      const parsed = JSON.parse(text) as { type: string };
      if (parsed.type === 'connection_ack') {
        socket.send(message);
        socket.send(JSON.stringify({ type: 'ping' }));
      } else if (parsed.type === 'pong') {
        socket.close(1000);
        done({ internal });
      }
    });
    socket.on('close', (code) => done({ closeCode: code, internal }));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
