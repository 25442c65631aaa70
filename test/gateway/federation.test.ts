import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { AUTH_API_KEYS, bearer, KEYS } from '../support/auth.js';
import { createdAsn } from '../../support/inbound.js';
import {
  dataOf,
  postGraphql,
  startTestGateway,
  type GraphqlResponse,
  type TestGateway,
} from '../../support/gateway.js';
import { upstreamRequests } from '../../support/upstream-requests.js';

/** The codes of a response's errors, in order. */
const codes = (response: GraphqlResponse) => (response.errors ?? []).map((error) => error.extensions?.code);

/** What an ERP keeps about an order: its own reference, from the order's id. */
const erpReference = (id: string) => `ERP-${id.replace(':', '-')}`;

/**
 * A second subgraph, as an ERP team would write it: it extends the gateway's `Order` with a field of its own, and
 * answers a list of orders it holds by their ids only, which the router resolves through the gateway's `_entities`.
 */
async function startErpSubgraph(backlog: () => string[]): Promise<{ url: string; stop(): Promise<void> }> {
  const server = new ApolloServer({
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    schema: buildSubgraphSchema({
      typeDefs: parse(`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
        type Order @key(fields: "id") {
          id: ID!
          erpReference: String!
        }
        type Query {
          erpBacklog: [Order!]!
        }
      `),
      resolvers: {
        Query: { erpBacklog: () => backlog().map((id) => ({ id })) },
        Order: {
          __resolveReference: (order: { id: string }) => order,
          erpReference: (order: { id: string }) => erpReference(order.id),
        },
      },
    }),
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}

/**
 * Apollo's JavaScript gateway over the composed supergraph, on a free port: it passes the caller's Authorization
 * header on to every subgraph, as a router is configured to (README, Federation).
 */
async function startRouter(supergraphSdl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const server = new ApolloServer<{ authorization?: string }>({
    gateway: new ApolloGateway({
      supergraphSdl,
      buildService: ({ url }) =>
        new RemoteGraphQLDataSource<{ authorization?: string }>({
          url,
          willSendRequest({ request, context }) {
            if (context.authorization) request.http?.headers.set('authorization', context.authorization);
          },
        }),
    }),
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  return { url, stop: () => server.stop() };
}

const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Order { id status lines { sku } }
    ... on InboundShipment { asnNumber asnStatus: status }
  }
}`;

describe('the gateway as an Apollo Federation 2 subgraph', () => {
  let gw: TestGateway;
  let erp: { url: string; stop(): Promise<void> };
  let router: { url: string; stop(): Promise<void> };
  /** Three noon orders (the ERP's backlog) and a Fruugo order. */
  let noonIds: string[];
  const as = (key: string, query: string, variables?: Record<string, unknown>) =>
    gw.graphql(query, variables, bearer(key));
  const entities = (key: string, representations: unknown[]) => as(key, ENTITIES, { representations });
  /** An ASN, created by an admin. */
  const newAsn = () =>
    createdAsn({ ...gw, graphql: (query, variables) => gw.graphql(query, variables, bearer(KEYS.admin)) }, 'AE', []);

  before(async () => {
    gw = await startTestGateway({ env: { AUTH_API_KEYS } });
    noonIds = [0, 1, 2].map(
      (index) =>
        `NOON:${gw.noon.control.placeFbpiOrder({ items: [{ partnerSku: `PSKU-00005${index}` }, { partnerSku: `PSKU-00006${index}` }] } as any)}`,
    );
    const { sdl } = dataOf(await as(KEYS.viewer, `{ _service { sdl } }`))._service;
    erp = await startErpSubgraph(() => noonIds);
    const composed = composeServices([
      { name: 'marketplaces', typeDefs: parse(sdl), url: gw.url },
      {
        name: 'erp',
        typeDefs: parse((await postGraphql<any>(erp.url, `{ _service { sdl } }`)).data._service.sdl),
        url: erp.url,
      },
    ]);
    assert.deepEqual(composed.errors ?? [], [], 'the supergraph composes');
    router = await startRouter(composed.supergraphSdl!);
  });
  after(async () => {
    await router?.stop();
    await erp?.stop();
    await gw?.close();
  });

  test('one query through the router crosses both subgraphs: our orders with the ERP’s field, the ERP’s orders with ours', async () => {
    const response = await postGraphql<any>(
      router.url,
      `{
        orders(marketplaces: [NOON], first: 10) { nodes { id status erpReference } }
        erpBacklog { id status lines { sku } erpReference }
      }`,
      {},
      bearer(KEYS.viewer),
    );
    const data = dataOf(response);
    const listed = data.orders.nodes.filter((order: any) => noonIds.includes(order.id));
    assert.equal(listed.length, 3);
    for (const order of listed) assert.equal(order.erpReference, erpReference(order.id));
    assert.deepEqual(
      data.erpBacklog.map((order: any) => [order.id, order.status, order.lines.length, order.erpReference]),
      noonIds.map((id) => [id, 'PENDING', 2, erpReference(id)]),
    );
  });

  test('the router passes on the caller’s credentials: without them the gateway refuses its part', async () => {
    const response = await postGraphql<any>(router.url, `{ erpBacklog { id status } }`);
    assert.equal(response.data, null);
    assert.ok(JSON.stringify(response.errors).includes('UNAUTHENTICATED'), JSON.stringify(response.errors));
  });

  test('_entities answers orders and ASNs by their keys, each as order(id:) and inboundShipment(asnNumber:) do', async () => {
    const asn = await newAsn();
    const data = dataOf(
      await entities(KEYS.viewer, [
        { __typename: 'Order', id: noonIds[0] },
        { __typename: 'InboundShipment', asnNumber: asn },
      ]),
    );
    assert.deepEqual(data._entities, [
      { id: noonIds[0], status: 'PENDING', lines: [{ sku: 'PSKU-000050' }, { sku: 'PSKU-000060' }] },
      { asnNumber: asn, asnStatus: 'CREATED' },
    ]);
  });

  test('a caller sees through _entities only what it may see: the entity it may not is FORBIDDEN, the rest answers', async () => {
    const asn = await newAsn();
    const fruugoOnly = await entities(KEYS.fruugoAdmin, [
      { __typename: 'Order', id: noonIds[0] },
      { __typename: 'InboundShipment', asnNumber: asn },
      { __typename: 'Order', id: 'FRUUGO:9164260001000444' },
    ]);
    assert.deepEqual(fruugoOnly.data?._entities.slice(0, 2), [null, null]);
    const byPath = new Map(fruugoOnly.errors?.map((error) => [error.path?.join('.'), error.extensions?.code]));
    assert.equal(byPath.get('_entities.0'), 'FORBIDDEN');
    assert.equal(byPath.get('_entities.1'), 'FORBIDDEN');
    // Fruugo's is the caller's own marketplace: asked, and unknown there.
    assert.equal(byPath.get('_entities.2'), 'ORDER_NOT_FOUND');
    // The same caller asking order(id:) gets the same refusal.
    const direct = await as(KEYS.fruugoAdmin, `query ($id: ID!) { order(id: $id) { id } }`, { id: noonIds[0] });
    assert.deepEqual(codes(direct), ['FORBIDDEN']);

    const noonOnly = await entities(KEYS.noonOperator, [{ __typename: 'Order', id: noonIds[1] }]);
    assert.equal(dataOf(noonOnly)._entities[0].id, noonIds[1]);

    const anonymous = await gw.graphql(ENTITIES, { representations: [{ __typename: 'Order', id: noonIds[0] }] });
    assert.equal(anonymous.status, 401);
    assert.deepEqual(codes(anonymous), ['UNAUTHENTICATED']);
  });

  test('a malformed representation is BAD_USER_INPUT naming it, and nothing is asked of any marketplace', async () => {
    const before = upstreamRequests(gw);
    const refused = await entities(KEYS.viewer, [
      { __typename: 'Order', id: noonIds[0] },
      { __typename: 'Order' },
      { __typename: 'Order', id: 42 },
      { __typename: 'OrderLine', id: 'x' },
      { id: noonIds[0] },
      'NOON:1',
    ]);
    assert.deepEqual(codes(refused), ['BAD_USER_INPUT']);
    assert.equal(refused.data, null);
    assert.deepEqual(
      refused.errors?.[0]?.extensions?.details.map((detail: { field: string }) => detail.field),
      [
        'representations[1].id',
        'representations[2].id',
        'representations[3].__typename',
        'representations[4].__typename',
        'representations[5]',
      ],
    );
    assert.equal(upstreamRequests(gw) - before, 0);

    // A well-formed representation of a malformed id is refused as order(id:) refuses it, for that entity alone.
    const malformed = await entities(KEYS.viewer, [{ __typename: 'Order', id: 'nope' }]);
    assert.deepEqual(codes(malformed), ['BAD_USER_INPUT']);
    assert.deepEqual(malformed.errors?.[0]?.path, ['_entities', 0]);
  });

  test('representations batch through the same DataLoaders as order(id:): each order read once, the lines’ stock in one call per marketplace', async () => {
    const selection = `id lines { sku inventory { marketplace available } }`;
    const representations = [...noonIds, ...noonIds].map((id) => ({ __typename: 'Order', id }));
    const upstreamPaths = async (run: () => Promise<GraphqlResponse>) => {
      gw.noon.control.resetRequests();
      gw.increff.control.resetRequests();
      gw.marketplacer.control.resetOperations();
      dataOf(await run());
      return {
        noon: gw.noon.control
          .requests()
          .map((request) => `${request.method} ${request.path}`)
          .sort(),
        increff: gw.increff.control
          .requests()
          .map((request) => `${request.method} ${request.path}`)
          .sort(),
        marketplacer: gw.marketplacer.control
          .operations()
          .map((operation) => operation.operationName)
          .sort(),
      };
    };
    const viaEntities = await upstreamPaths(() =>
      as(
        KEYS.viewer,
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Order { ${selection} } } }`,
        { representations },
      ),
    );
    const viaOrders = await upstreamPaths(() =>
      as(
        KEYS.viewer,
        `query ($a: ID!, $b: ID!, $c: ID!) {
          a: order(id: $a) { ${selection} } b: order(id: $b) { ${selection} } c: order(id: $c) { ${selection} }
          d: order(id: $a) { ${selection} } e: order(id: $b) { ${selection} } f: order(id: $c) { ${selection} }
        }`,
        { a: noonIds[0], b: noonIds[1], c: noonIds[2] },
      ),
    );
    assert.deepEqual(viaEntities, viaOrders);
    // Six representations of three orders: three order reads, and the six SKUs' stock in one noon call.
    const orderReads = viaEntities.noon.filter((request) =>
      noonIds.some((id) => request.includes(id.slice('NOON:'.length))),
    );
    assert.equal(orderReads.length, 3, viaEntities.noon.join('\n'));
    assert.equal(viaEntities.noon.length, 4, viaEntities.noon.join('\n'));
    assert.equal(viaEntities.increff.length, 1, viaEntities.increff.join('\n'));
  });

  test('a flood of representations is priced as that many order(id:) fields, and refused whole before any call', async () => {
    const flood = Array.from({ length: 10_001 }, (_, index) => ({ __typename: 'Order', id: `NOON:NFBO${index}` }));
    const before = upstreamRequests(gw);
    const refused = await as(
      KEYS.viewer,
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Order { id } } }`,
      { representations: flood },
    );
    assert.equal(refused.status, 400);
    assert.deepEqual(codes(refused), ['OPERATION_LIMIT_EXCEEDED']);
    // One call and one object each, as `order(id:) { id }`.
    assert.equal(refused.errors?.[0]?.extensions?.cost, 20_002);
    assert.equal(upstreamRequests(gw) - before, 0);
  });
});
